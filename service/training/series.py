"""One athlete's daily series: a thin wrapper over the batch engine (:mod:`.engine`).

Days count from ``start``, the first day of the athlete's series (DOMAIN §1.1): "days of history"
for the warm-up rules, CTL = ATL = 0 on the day before it. A day without a session is a real 0; a
day in ``missing_days`` is missing (NaN) and its sessions, if any, are ignored.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from service.training.columns import SERIES_COLUMNS
from service.training.daily_columns import CONTEXT_DAYS
from service.training.engine import EngineState, LoadGrid, compute_batch
from service.training.measures import SessionLoad

__all__ = ["SERIES_COLUMNS", "DailySeries", "compute_athlete_series", "recompute_from"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class DailySeries:
    """The §1.1 columns of one athlete, day by day from ``start`` (each float64, ``(n_days,)``)."""

    start: date
    columns: Mapping[str, FloatArray]

    @property
    def dates(self) -> list[date]:
        return [self.start + timedelta(days=offset) for offset in range(len(self))]

    def column(self, name: str) -> FloatArray:
        if name not in self.columns:
            raise KeyError(f"unknown column {name!r}; expected one of {', '.join(SERIES_COLUMNS)}")
        return self.columns[name]

    def __len__(self) -> int:
        return int(self.columns["load"].shape[0])

    def index_of(self, day: date) -> int:
        offset = (day - self.start).days
        if not 0 <= offset < len(self):
            raise KeyError(f"{day.isoformat()} lies outside the series")
        return offset


def _grid(
    sessions: Sequence[SessionLoad], first: date, last: date, missing_days: Collection[date]
) -> LoadGrid:
    """A one-athlete grid for ``first .. last``; every session and missing day must fall in it."""
    n_days = (last - first).days + 1
    if n_days < 0:
        raise ValueError(f"the series ends ({last}) before it starts ({first})")
    offsets = [(s.day - first).days for s in sessions]
    gaps = [(day - first).days for day in missing_days]
    if any(not 0 <= offset < n_days for offset in (*offsets, *gaps)):
        raise ValueError(f"a session or missing day lies outside {first} .. {last}")
    return LoadGrid.from_sessions(
        athlete=np.zeros(len(offsets), dtype=np.int64),
        day=offsets,
        session_load=[s.load for s in sessions],
        shape=(1, n_days),
        missing=(np.zeros(len(gaps), dtype=np.int64), gaps),
    )


def compute_athlete_series(
    sessions: Sequence[SessionLoad],
    start: date,
    end: date,
    missing_days: Collection[date] = (),
) -> DailySeries:
    """Every §1.1 column for ``start .. end`` (inclusive) from the athlete's session loads.

    Every session and missing day must fall within ``start .. end`` (ValueError otherwise), so
    that nothing silently drops out of the series.
    """
    result = compute_batch(_grid(sessions, start, end, missing_days))
    columns = {name: np.ascontiguousarray(result.columns[name][0]) for name in SERIES_COLUMNS}
    return DailySeries(start=start, columns=columns)


def _state_on_eve(previous: DailySeries, cut: int, sessions: Sequence[SessionLoad]) -> EngineState:
    """The engine state after the first ``cut`` days of ``previous``.

    Loads, CTL, ATL and EWMA come from the stored columns; the largest session of each of the last
    30 days comes from ``sessions`` (the series does not store it).
    """
    state = EngineState.fresh(1)
    if cut == 0:
        return state
    kept = min(cut, CONTEXT_DAYS)
    load = state.load.copy()
    load[CONTEXT_DAYS - kept :, 0] = previous.columns["load"][cut - kept : cut]
    top = state.top_session.copy()
    eve = previous.start + timedelta(days=cut)
    for session in sessions:
        back = (eve - session.day).days
        if 1 <= back <= kept:
            top[CONTEXT_DAYS - back, 0] = np.fmax(top[CONTEXT_DAYS - back, 0], session.load)
    top[np.isnan(load)] = np.nan
    ctl = state.ctl.copy()
    ctl[7 - min(cut, 7) :, 0] = previous.columns["ctl"][max(0, cut - 7) : cut]
    last = {
        name: previous.columns[name][cut - 1 : cut]
        for name in ("atl", "ewma_acute", "ewma_chronic")
    }
    return EngineState(
        days=np.array([cut], dtype=np.int64),
        load=load,
        top_session=top,
        ctl=ctl,
        atl=last["atl"].copy(),
        ewma_acute=last["ewma_acute"].copy(),
        ewma_chronic=last["ewma_chronic"].copy(),
    )


def recompute_from(
    previous: DailySeries,
    sessions: Sequence[SessionLoad],
    day: date,
    end: date,
    missing_days: Collection[date] = (),
) -> DailySeries:
    """``previous`` up to the eve of ``day``, then ``day .. end`` recomputed from ``sessions``.

    Gives the same numbers as :func:`compute_athlete_series` over the whole range, while reading
    only the stored columns of the 30 days before ``day``: a late session or a newly marked missing
    day is absorbed without recomputing the past. ``sessions`` must include those of the 30 days
    before ``day`` (for the single-session spike); earlier sessions are ignored. ``day`` may be the
    day after the series ends, to extend it.
    """
    cut = (day - previous.start).days
    if not 0 <= cut <= len(previous):
        raise ValueError(f"{day.isoformat()} is neither in the series nor the day after it ends")
    state = _state_on_eve(previous, cut, sessions)
    later = [s for s in sessions if s.day >= day]
    result = compute_batch(_grid(later, day, end, [d for d in missing_days if d >= day]), state)
    columns = {
        name: np.concatenate((previous.columns[name][:cut], result.columns[name][0]))
        for name in SERIES_COLUMNS
    }
    return DailySeries(start=previous.start, columns=columns)
