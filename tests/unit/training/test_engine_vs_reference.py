"""The vectorised engine agrees with a plain day-by-day reading of §1.1 (tests/…/reference.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings

from service.training import engine
from service.training.columns import SERIES_COLUMNS
from service.training.engine import compute_batch
from tests.support.examples import examples
from tests.unit.training.reference import reference_series
from tests.unit.training.support import (
    Day,
    close,
    days_strategy,
    grid_of,
    same,
    series_of,
)


@settings(max_examples=examples(200), deadline=None)
@given(days_strategy(max_size=90))
def test_every_column_matches_the_reference(days: list[Day]) -> None:
    series = series_of(days)
    expected = reference_series(days)
    assert set(expected) == set(SERIES_COLUMNS)
    for name in SERIES_COLUMNS:
        for t, (got, want) in enumerate(zip(series.column(name), expected[name], strict=True)):
            assert close(float(got), want), f"{name} on day {t + 1}: {got} != {want}"


CASES = [
    # (days, column, 1-based day, expected): the missing-day and warm-up edges of §1.1
    ([[5.0]] * 6 + [None], "acute_7d", 7, 5.0),  # one missing day: mean of the 6 observed
    ([[5.0]] * 5 + [None, None], "acute_7d", 7, math.nan),  # two missing: undefined
    ([[4.0]] * 6, "acute_7d", 6, math.nan),  # fewer than 7 days of history
    ([[2.0]] * 25 + [None] * 3, "chronic_28d", 28, 2.0),  # three missing: still defined
    ([[2.0]] * 24 + [None] * 4, "chronic_28d", 28, math.nan),  # four missing: undefined
    ([None] * 3 + [[3.0]] * 25, "chronic_21d", 28, 3.0),
    ([[3.0]] * 6 + [None] + [[3.0]] * 7, "week_change_pct", 14, math.nan),  # any missing
    ([[1.0]] * 14 + [[2.0]] * 14, "two_week_change_pct", 28, 100.0),
    ([[1.0]] * 27 + [None], "two_week_change_pct", 28, math.nan),
    ([[3.0]] * 6 + [None], "monotony_7d", 7, math.nan),  # any missing day
    ([[]] * 7, "monotony_7d", 7, math.nan),  # all seven values 0
    ([[]] * 7, "strain_7d", 7, math.nan),
    ([None, [8.0], [2.0]], "ewma_acute", 1, math.nan),  # before the first observed day
    ([None, [8.0], [2.0]], "ewma_acute", 2, 8.0),  # seeded with the first observed load
    ([None, [8.0], [2.0]], "ewma_acute", 3, 6.5),
    ([[8.0], None, [2.0]], "ewma_acute", 2, 8.0),  # a missing day carries E forward
    ([[8.0], None], "ctl", 2, 8.0 * (1 - math.exp(-1 / 42))),  # and CTL
    ([[8.0], None], "tsb", 2, 8.0 * (math.exp(-1 / 7) - math.exp(-1 / 42))),
    ([[10.0], [], [12.0, 3.0]], "session_spike_pct", 3, 20.0),  # largest session of the day
    ([[10.0], [], [12.0, 3.0]], "load", 3, 15.0),
    ([[10.0], [], []], "session_spike_pct", 3, math.nan),  # no session on the day
    ([[0.0], [4.0]], "session_spike_pct", 2, math.nan),  # longest session 0
    ([[0.0], [4.0]], "longest_session_30d", 2, 0.0),
    ([[9.0]] + [[]] * 30, "longest_session_30d", 31, 9.0),  # day t−30 is in the range
    ([[9.0]] + [[]] * 31, "longest_session_30d", 32, math.nan),  # t−31 is not
    ([[1.0], [1.0], [5.0]], "longest_session_30d", 3, 1.0),  # today is not in the range
]


@pytest.mark.parametrize(("days", "column", "day", "expected"), CASES)
def test_missing_day_and_warm_up_edges(
    days: list[Day], column: str, day: int, expected: float
) -> None:
    assert close(float(series_of(days).column(column)[day - 1]), expected)


@settings(max_examples=examples(60), deadline=None)
@given(days_strategy(min_size=40, max_size=70), days_strategy(min_size=40, max_size=70))
def test_athletes_in_one_batch_are_independent(first: list[Day], second: list[Day]) -> None:
    n = min(len(first), len(second))
    batch = compute_batch(grid_of([first[:n], second[:n]])).columns
    for row, days in enumerate((first[:n], second[:n])):
        alone = series_of(days)
        for name in SERIES_COLUMNS:
            assert same(batch[name][row], alone.column(name)), name


def test_blocks_of_athletes_do_not_change_the_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    loads = np.where(rng.random((9, 70)) < 0.4, 0.0, rng.gamma(2.0, 5.0, (9, 70)))
    athletes = [[None if v > 24 else ([] if v == 0 else [float(v)]) for v in row] for row in loads]
    whole = compute_batch(grid_of(athletes)).columns
    monkeypatch.setattr(engine, "BLOCK_ELEMENTS", 200)
    blocked = compute_batch(grid_of(athletes)).columns
    for name in SERIES_COLUMNS:
        assert same(whole[name], blocked[name]), name
