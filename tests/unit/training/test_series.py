"""The one-athlete API: DailySeries, compute_athlete_series, recompute_from, and the grid."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from service.training import engine
from service.training.columns import SERIES_COLUMNS
from service.training.engine import LoadGrid, compute_batch
from service.training.measures import SessionLoad
from service.training.series import DailySeries, compute_athlete_series, recompute_from
from tests.unit.training.support import START, missing_of, same, series_of, sessions_of

D = [START + timedelta(days=i) for i in range(10)]


def test_series_columns_follow_the_contract_order() -> None:
    assert SERIES_COLUMNS[0] == "load"
    assert SERIES_COLUMNS[engine.EWMA_LEGS] == ("ewma_acute", "ewma_chronic")
    assert SERIES_COLUMNS[engine.FITNESS] == ("ctl", "atl")
    assert SERIES_COLUMNS[-2:] == ("longest_session_30d", "session_spike_pct")
    assert len(SERIES_COLUMNS) == 19 == len(set(SERIES_COLUMNS))


def test_daily_series_accessors() -> None:
    series = compute_athlete_series([SessionLoad(D[2], 5.0)], D[0], D[4])
    assert len(series) == 5
    assert series.dates == D[:5]
    assert series.index_of(D[3]) == 3
    assert set(series.columns) == set(SERIES_COLUMNS)
    for name in SERIES_COLUMNS:
        column = series.column(name)
        assert column.dtype == np.float64
        assert column.shape == (5,)
    assert series.column("load").tolist() == [0.0, 0.0, 5.0, 0.0, 0.0]
    with pytest.raises(KeyError):
        series.index_of(D[5])
    with pytest.raises(KeyError):
        series.column("acwr")


def test_history_counts_from_start_not_from_the_first_session() -> None:
    """A start date set before the first session: rest days count as history."""
    series = compute_athlete_series([SessionLoad(D[6], 7.0)], D[0], D[6])
    assert series.column("acute_7d")[6] == 1.0
    assert series.column("ewma_acute")[0] == 0.0  # day 1 is observed: a real 0


def test_sessions_on_a_missing_day_are_ignored() -> None:
    series = compute_athlete_series(
        [SessionLoad(D[0], 10.0), SessionLoad(D[1], 30.0), SessionLoad(D[2], 12.0)],
        D[0],
        D[2],
        missing_days=[D[1]],
    )
    assert np.isnan(series.column("load")[1])
    assert series.column("longest_session_30d")[2] == 10.0
    assert series.column("session_spike_pct")[2] == pytest.approx(20.0)


def test_same_day_sessions_are_summed() -> None:
    series = compute_athlete_series([SessionLoad(D[0], 4.0), SessionLoad(D[0], 6.5)], D[0], D[0])
    assert series.column("load").tolist() == [10.5]


OUT_OF_RANGE = [
    ([SessionLoad(D[5], 1.0)], D[0], D[4], ()),
    ([SessionLoad(START - timedelta(days=1), 1.0)], D[0], D[4], ()),
    ([], D[0], D[4], (D[7],)),
    ([], D[4], D[0], ()),
    ([SessionLoad(D[1], -1.0)], D[0], D[4], ()),
]


@pytest.mark.parametrize(("sessions", "start", "end", "missing"), OUT_OF_RANGE)
def test_bad_input_raises(sessions, start: date, end: date, missing) -> None:
    with pytest.raises(ValueError, match=r"outside|before|>= 0"):
        compute_athlete_series(sessions, start, end, missing)


def test_recompute_from_extends_a_series_by_one_day() -> None:
    days = [[5.0], [], [8.0], None, [12.0]]
    series = series_of(days)
    longer = series_of([*days, [9.0]])
    extended = recompute_from(series, sessions_of([*days, [9.0]]), D[5], D[5], missing_of(days))
    for name in SERIES_COLUMNS:
        assert same(extended.column(name), longer.column(name)), name
    with pytest.raises(ValueError, match="neither"):
        recompute_from(series, [], D[7], D[8])


def test_grid_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="finite"):
        LoadGrid(load=np.array([[1.0, -2.0]]), top_session=np.array([[1.0, np.nan]]))
    with pytest.raises(ValueError, match="finite"):
        LoadGrid(load=np.array([[np.inf]]), top_session=np.array([[np.nan]]))
    with pytest.raises(ValueError, match="shape"):
        LoadGrid(load=np.zeros((1, 2)), top_session=np.zeros((1, 3)))
    with pytest.raises(ValueError, match="outside the grid"):
        LoadGrid.from_sessions([0], [3], [1.0], shape=(1, 3))
    with pytest.raises(ValueError, match="missing day lies outside"):
        LoadGrid.from_sessions([0], [1], [1.0], shape=(1, 3), missing=([0], [-1]))
    for bad in (-1.0, np.nan, np.inf):
        with pytest.raises(ValueError, match="finite"):
            LoadGrid.from_sessions([0, 0], [1, 1], [5.0, bad], shape=(1, 3))


def test_an_empty_block_changes_nothing() -> None:
    grid = LoadGrid(load=np.zeros((2, 0)), top_session=np.zeros((2, 0)))
    result = compute_batch(grid)
    assert all(column.shape == (2, 0) for column in result.columns.values())
    assert result.state.days.tolist() == [0, 0]


def test_columns_are_athletes_by_days() -> None:
    grid = LoadGrid.from_sessions([0, 1, 1], [0, 0, 2], [3.0, 4.0, 5.0], shape=(2, 3))
    columns = compute_batch(grid).columns
    assert columns["load"].shape == (2, 3)
    assert columns["load"].tolist() == [[3.0, 0.0, 0.0], [4.0, 0.0, 5.0]]
    assert isinstance(series_of([[1.0]]), DailySeries)


def test_a_reused_output_buffer_gives_the_same_columns() -> None:
    grid = LoadGrid.from_sessions([0, 1, 1], [0, 3, 40], [3.0, 4.0, 5.0], shape=(2, 60))
    fresh = compute_batch(grid).columns
    buffer = np.full(engine.output_shape(2, 60), 123.0)
    reused = compute_batch(grid, out=buffer).columns
    for name in SERIES_COLUMNS:
        assert same(reused[name], fresh[name]), name
    assert np.shares_memory(reused["ctl"], buffer)
    with pytest.raises(ValueError, match="shape"):
        compute_batch(grid, out=np.empty((19, 60, 3)))
