"""Shared helpers: turn a list of days into engine input, and hypothesis strategies for them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
from hypothesis import strategies as st

from service.training.engine import LoadGrid
from service.training.measures import SessionLoad
from service.training.series import DailySeries, compute_athlete_series

START = date(2026, 1, 5)
Day = Sequence[float] | None


def sessions_of(days: Sequence[Day], start: date = START) -> list[SessionLoad]:
    """One SessionLoad per session of each observed day."""
    return [
        SessionLoad(start + timedelta(days=offset), load)
        for offset, day in enumerate(days)
        for load in day or []
    ]


def missing_of(days: Sequence[Day], start: date = START) -> list[date]:
    return [start + timedelta(days=offset) for offset, day in enumerate(days) if day is None]


def series_of(days: Sequence[Day], start: date = START) -> DailySeries:
    """The engine's series for ``days`` (None = missing, [] = rest, [a, b] = two sessions)."""
    end = start + timedelta(days=len(days) - 1)
    return compute_athlete_series(sessions_of(days, start), start, end, missing_of(days, start))


def daily(loads: Sequence[float | None]) -> list[Day]:
    """One session per day of the given load (0 means a rest day, None a missing day)."""
    return [None if v is None else ([] if v == 0 else [float(v)]) for v in loads]


def grid_of(athletes: Sequence[Sequence[Day]]) -> LoadGrid:
    """A grid of equally long athletes."""
    index: list[int] = []
    offsets: list[int] = []
    loads: list[float] = []
    gaps: tuple[list[int], list[int]] = ([], [])
    for number, days in enumerate(athletes):
        for offset, day in enumerate(days):
            if day is None:
                gaps[0].append(number)
                gaps[1].append(offset)
            for load in day or []:
                index.append(number)
                offsets.append(offset)
                loads.append(load)
    shape = (len(athletes), len(athletes[0]))
    return LoadGrid.from_sessions(index, offsets, loads, shape=shape, missing=gaps)


def same(a: np.ndarray, b: np.ndarray) -> bool:
    """Bit-for-bit equal, NaN equal to NaN."""
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))


def close(actual: float, expected: float, rel: float = 1e-9, abs_: float = 1e-9) -> bool:
    """Equal within tolerance; NaN matches NaN and inf matches inf."""
    if math.isnan(expected) or math.isinf(expected):
        return actual == expected or (math.isnan(actual) and math.isnan(expected))
    return math.isclose(actual, expected, rel_tol=rel, abs_tol=abs_)


LOADS = st.one_of(
    st.sampled_from([0.0, 5.0, 10.0, 10.5, 21.1, 42.195]),
    st.floats(0, 250, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 2)),
)
OBSERVED_DAY: st.SearchStrategy[list[float]] = st.one_of(
    st.just([]), st.lists(LOADS, min_size=1, max_size=3)
)


def days_strategy(
    min_size: int = 1, max_size: int = 80, missing: bool = True
) -> st.SearchStrategy[list[Day]]:
    """Series of days; with ``missing`` about one day in five is missing."""
    day = st.one_of(st.none(), OBSERVED_DAY, OBSERVED_DAY, OBSERVED_DAY, OBSERVED_DAY)
    return st.lists(day if missing else OBSERVED_DAY, min_size=min_size, max_size=max_size)
