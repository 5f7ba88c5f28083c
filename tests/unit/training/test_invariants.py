"""Hypothesis invariants of the daily series, and incremental recompute = full recompute."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from service.training.columns import SERIES_COLUMNS
from service.training.engine import EngineState, compute_batch, state_before
from service.training.series import compute_athlete_series, recompute_from
from tests.support.examples import examples
from tests.unit.training.support import (
    START,
    Day,
    days_strategy,
    grid_of,
    missing_of,
    same,
    series_of,
    sessions_of,
)

NEVER_UNDEFINED = ("load", "ctl", "atl", "tsb", "ramp_7d")
MAY_BE_INFINITE = ("monotony_7d", "strain_7d")


@settings(max_examples=examples(200), deadline=None)
@given(days_strategy(max_size=90))
def test_undefined_and_infinite_only_where_allowed(days: list[Day]) -> None:
    series = series_of(days)
    observed = np.array([day is not None for day in days])
    for name in SERIES_COLUMNS:
        values = series.column(name)
        if name not in MAY_BE_INFINITE:
            assert not np.isinf(values).any(), name
        if name in NEVER_UNDEFINED:
            expect_nan = ~observed if name == "load" else np.zeros_like(observed)
            assert np.array_equal(np.isnan(values), expect_nan), name
    infinite = np.isinf(series.column("monotony_7d"))
    assert np.array_equal(infinite, np.isinf(series.column("strain_7d")))


@settings(max_examples=examples(200), deadline=None)
@given(days_strategy(max_size=90))
def test_coupled_ratio_never_exceeds_four_without_missing_days(days: list[Day]) -> None:
    clean = [day or [] for day in days]
    ratio = series_of(clean).column("acwr_rolling")
    assert np.all(ratio[~np.isnan(ratio)] <= 4.0)


@settings(max_examples=examples(200), deadline=None)
@given(days_strategy(max_size=90))
def test_coupled_ratio_bound_with_missing_days(days: list[Day]) -> None:
    """With missing days the ceiling is (observed days of 28) / (observed days of 7), up to 4.5."""
    ratio = series_of(days).column("acwr_rolling")
    assert np.all(ratio[~np.isnan(ratio)] <= 27 / 6)


@settings(max_examples=examples(200), deadline=None)
@given(days_strategy(min_size=28, max_size=90, missing=False))
def test_uncoupled_is_the_windt_gabbett_transform_of_coupled(days: list[Day]) -> None:
    series = series_of(days)
    coupled, uncoupled = series.column("acwr_rolling"), series.column("acwr_uncoupled")
    both = ~np.isnan(coupled) & ~np.isnan(uncoupled)
    r = coupled[both]
    np.testing.assert_allclose(uncoupled[both], 3 * r / (4 - r), rtol=1e-9)


@settings(max_examples=examples(150), deadline=None)
@given(
    st.lists(days_strategy(min_size=1, max_size=75), min_size=1, max_size=4),
    st.integers(0, 75),
)
def test_recompute_from_a_day_equals_full_recompute(athletes: list[list[Day]], cut: int) -> None:
    n = min(len(days) for days in athletes)
    grid = grid_of([days[:n] for days in athletes])
    cut = min(cut, n)
    full = compute_batch(grid)
    state = state_before(grid, full.columns, cut)
    tail = grid.load[:, cut:], grid.top_session[:, cut:]
    rest = compute_batch(type(grid)(load=tail[0], top_session=tail[1]), state)
    for name in SERIES_COLUMNS:
        assert same(rest.columns[name], full.columns[name][:, cut:]), name
    for field in fields(EngineState):
        assert same(getattr(rest.state, field.name), getattr(full.state, field.name)), field.name


@settings(max_examples=examples(100), deadline=None)
@given(days_strategy(min_size=1, max_size=60), st.lists(st.integers(1, 9), max_size=8))
def test_day_by_day_updates_equal_full_recompute(days: list[Day], steps: list[int]) -> None:
    grid = grid_of([days])
    full = compute_batch(grid).columns
    state, start = None, 0
    for step in [*steps, len(days)]:
        stop = min(len(days), start + step)
        block = type(grid)(grid.load[:, start:stop], grid.top_session[:, start:stop])
        result = compute_batch(block, state)
        for name in SERIES_COLUMNS:
            assert same(result.columns[name], full[name][:, start:stop]), name
        state, start = result.state, stop


@settings(max_examples=examples(100), deadline=None)
@given(days_strategy(min_size=1, max_size=80), st.integers(0, 80), st.integers(0, 5))
def test_athlete_recompute_from_equals_full(days: list[Day], cut: int, later: int) -> None:
    """A stored series recomputed from a day, after a session arrived late on that day."""
    cut = min(cut, len(days))
    end = START + timedelta(days=len(days) - 1 + later)
    before = compute_athlete_series(sessions_of(days), START, end, missing_of(days))
    changed = [*days[:cut], [7.5], *days[cut + 1 :]] if cut < len(days) else days
    full = compute_athlete_series(sessions_of(changed), START, end, missing_of(changed))
    day = START + timedelta(days=cut)
    patched = recompute_from(before, sessions_of(changed), day, end, missing_of(changed))
    for name in SERIES_COLUMNS:
        assert same(patched.column(name), full.column(name)), name


def test_states_of_athletes_at_different_days_combine() -> None:
    """One update for athletes whose histories have different lengths (per-athlete warm-up)."""
    rng = np.random.default_rng(3)
    athletes = [[[float(v)] if v > 0 else [] for v in rng.integers(0, 20, 60)] for _ in range(3)]
    cuts = [0, 9, 31]
    grid = grid_of(athletes)
    full = compute_batch(grid).columns
    states = [
        state_before(grid_of([days]), {k: v[i : i + 1] for k, v in full.items()}, cut)
        for i, (days, cut) in enumerate(zip(athletes, cuts, strict=True))
    ]
    combined = EngineState.concat(states)
    width = 60 - max(cuts)
    tails = [grid_of([days[cut : cut + width]]) for days, cut in zip(athletes, cuts, strict=True)]
    block = type(grid)(
        np.vstack([t.load for t in tails]), np.vstack([t.top_session for t in tails])
    )
    result = compute_batch(block, combined).columns
    for i, cut in enumerate(cuts):
        for name in SERIES_COLUMNS:
            assert same(result[name][i], full[name][i, cut : cut + width]), name
