"""What a block of days needs from the days before it, and how to get it from stored results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.training.daily_columns import CONTEXT_DAYS
from service.training.grid import LoadGrid

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class EngineState:
    """What a block needs from the days before it, per athlete (time-major, most recent last).

    ``days``: days of history already behind (int64, ``(athletes,)``). ``load`` and
    ``top_session``: the last 30 days of inputs, ``(30, athletes)``; days before the first day of
    history hold load 0 and no session. ``ctl``: the last 7 CTL values (0 before the first day).
    ``atl``, ``ewma_acute``, ``ewma_chronic``: the values on the day before (EWMA NaN while no day
    has been observed).
    """

    days: IntArray
    load: FloatArray
    top_session: FloatArray
    ctl: FloatArray
    atl: FloatArray
    ewma_acute: FloatArray
    ewma_chronic: FloatArray

    @classmethod
    def fresh(cls, n_athletes: int) -> EngineState:
        """The state before the first day of history: CTL = ATL = 0, EWMA not yet seeded."""
        return cls(
            days=np.zeros(n_athletes, dtype=np.int64),
            load=np.zeros((CONTEXT_DAYS, n_athletes)),
            top_session=np.full((CONTEXT_DAYS, n_athletes), np.nan),
            ctl=np.zeros((7, n_athletes)),
            atl=np.zeros(n_athletes),
            ewma_acute=np.full(n_athletes, np.nan),
            ewma_chronic=np.full(n_athletes, np.nan),
        )

    @property
    def n_athletes(self) -> int:
        return int(self.days.shape[0])

    @classmethod
    def concat(cls, states: Sequence[EngineState]) -> EngineState:
        """One state for the athletes of ``states``, in order (e.g. states stored per athlete)."""
        if not states:
            raise ValueError("no states to combine")
        return cls(
            days=np.concatenate([s.days for s in states]),
            load=np.hstack([s.load for s in states]),
            top_session=np.hstack([s.top_session for s in states]),
            ctl=np.hstack([s.ctl for s in states]),
            atl=np.concatenate([s.atl for s in states]),
            ewma_acute=np.concatenate([s.ewma_acute for s in states]),
            ewma_chronic=np.concatenate([s.ewma_chronic for s in states]),
        )


def tail(context: FloatArray, block: FloatArray, keep: int) -> FloatArray:
    """The last ``keep`` rows of the context followed by the block's days (time-major copy)."""
    n_days = block.shape[1]
    if n_days >= keep:
        return block[:, n_days - keep :].T.copy()
    return np.concatenate((context[n_days:], block.T))


def end_state(state: EngineState, grid: LoadGrid, cols: Mapping[str, FloatArray]) -> EngineState:
    if grid.n_days == 0:
        return state
    load = tail(state.load, grid.load, CONTEXT_DAYS)
    top = tail(state.top_session, grid.top_session, CONTEXT_DAYS)
    recent = -min(grid.n_days, CONTEXT_DAYS)  # older rows came from a state: already consistent
    np.copyto(top[recent:], np.nan, where=np.isnan(load[recent:]))
    return EngineState(
        days=state.days + grid.n_days,
        load=load,
        top_session=top,
        ctl=tail(state.ctl, cols["ctl"].T, 7),
        atl=cols["atl"][-1].copy(),
        ewma_acute=cols["ewma_acute"][-1].copy(),
        ewma_chronic=cols["ewma_chronic"][-1].copy(),
    )


def state_before(
    grid: LoadGrid,
    columns: Mapping[str, FloatArray],
    day: int,
    prior: EngineState | None = None,
) -> EngineState:
    """The state on the eve of ``day`` (a column index) of a block computed from ``prior``.

    ``columns`` needs ``ctl``, ``atl``, ``ewma_acute`` and ``ewma_chronic`` for the block's days
    before ``day`` (stored results will do). Recomputing ``grid`` from ``day`` with this state
    reproduces the stored numbers exactly, which is how a late-arriving session is absorbed.
    """
    prior = EngineState.fresh(grid.n_athletes) if prior is None else prior
    if not 0 <= day <= grid.n_days:
        raise ValueError(f"day {day} lies outside the block of {grid.n_days} days")
    if day == 0:
        return prior
    head = LoadGrid(load=grid.load[:, :day], top_session=grid.top_session[:, :day])
    load = tail(prior.load, head.load, CONTEXT_DAYS)
    top = tail(prior.top_session, head.top_session, CONTEXT_DAYS)
    np.copyto(top, np.nan, where=np.isnan(load))
    return EngineState(
        days=prior.days + day,
        load=load,
        top_session=top,
        ctl=tail(prior.ctl, columns["ctl"][:, :day], 7),
        atl=columns["atl"][:, day - 1].copy(),
        ewma_acute=columns["ewma_acute"][:, day - 1].copy(),
        ewma_chronic=columns["ewma_chronic"][:, day - 1].copy(),
    )
