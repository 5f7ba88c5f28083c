"""The batch engine: every column of the daily series (DOMAIN §1.1) for many athletes at once.

Input is a :class:`LoadGrid` of daily loads, shape ``(athletes, days)``, where column ``j`` is day
``j`` of each athlete's own block. Output columns have the same shape. An :class:`EngineState`
carries what the next block needs from the days before it (the last 30 days of inputs, the last 7
CTL values, the recursion values and the days of history), so a block computed from a state gives
bit-for-bit the numbers of a full recompute: every window value is a fixed expression of the values
inside its window (:mod:`service.training.windows`), and the recursions resume from stored values.

Internally the arrays are time-major (``(days, athletes)``): the recursions walk contiguous rows
and the window columns are built per block of athletes so that their temporaries stay in cache.
The returned columns are transposed views of time-major buffers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.training import pmc
from service.training.columns import SERIES_COLUMNS
from service.training.daily_columns import CONTEXT_DAYS, WindowInputs, window_columns

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ATHLETES_PER_BLOCK = 512  # window temporaries of 760 days × 512 athletes stay within L2/L3


@dataclass(frozen=True)
class LoadGrid:
    """Daily inputs of many athletes, each ``(athletes, days)`` float64.

    ``load`` is the sum of the day's session loads, NaN on a missing day. ``top_session`` is the
    day's largest single session, NaN when the day had none (the spike columns need it). Sessions
    on a missing day are ignored: the day has no data.
    """

    load: FloatArray
    top_session: FloatArray

    def __post_init__(self) -> None:
        if self.load.ndim != 2 or self.load.shape != self.top_session.shape:
            raise ValueError("load and top_session must both have shape (athletes, days)")
        for name in ("load", "top_session"):
            values = getattr(self, name)
            valid = (values >= 0) & (values < np.inf)
            valid |= np.isnan(values)
            if not valid.all():
                raise ValueError(f"{name} must hold finite values >= 0 (or NaN)")

    @property
    def n_athletes(self) -> int:
        return int(self.load.shape[0])

    @property
    def n_days(self) -> int:
        return int(self.load.shape[1])

    @classmethod
    def from_sessions(
        cls,
        athlete: npt.ArrayLike,
        day: npt.ArrayLike,
        session_load: npt.ArrayLike,
        shape: tuple[int, int],
        missing: tuple[npt.ArrayLike, npt.ArrayLike] = ((), ()),
    ) -> LoadGrid:
        """Aggregate a session table (athlete index, day index, load) into a grid of ``shape``.

        ``missing`` is a pair (athlete indices, day indices) of days marked as having no data.
        Same-day loads are summed in table order. The buffers are built time-major, so the
        engine reads them without a transposing copy.
        """
        n_athletes, n_days = shape
        athletes = np.asarray(athlete, dtype=np.int64)
        days = np.asarray(day, dtype=np.int64)
        loads = np.asarray(session_load, dtype=np.float64)
        if np.any((athletes < 0) | (athletes >= n_athletes) | (days < 0) | (days >= n_days)):
            raise ValueError("a session lies outside the grid")
        cell = days * n_athletes + athletes
        size = n_athletes * n_days
        sums = np.bincount(cell, weights=loads, minlength=size).astype(np.float64, copy=False)
        daily = sums.reshape(n_days, n_athletes)
        top = np.full(size, np.nan)
        np.fmax.at(top, cell, loads)
        top_rows = top.reshape(n_days, n_athletes)
        gap_athletes = np.asarray(missing[0], dtype=np.int64)
        gap_days = np.asarray(missing[1], dtype=np.int64)
        daily[gap_days, gap_athletes] = np.nan
        top_rows[gap_days, gap_athletes] = np.nan
        return cls(load=daily.T, top_session=top_rows.T)


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


@dataclass(frozen=True)
class BatchResult:
    """The series columns (each ``(athletes, days)``) and the state after the block's last day."""

    columns: Mapping[str, FloatArray]
    state: EngineState


def _with_context(context: FloatArray, block: FloatArray) -> FloatArray:
    """Rows = the 30 context days followed by the block's days (time-major)."""
    rows = np.empty((context.shape[0] + block.shape[1], block.shape[0]))
    rows[: context.shape[0]] = context
    rows[context.shape[0] :] = block.T
    return rows


def _recursions(
    loads: FloatArray,
    missing: npt.NDArray[np.bool_],
    state: EngineState,
    cols: dict[str, FloatArray],
) -> None:
    """EWMA legs, CTL, ATL, then TSB (yesterday's CTL − ATL) and the 7-day CTL ramp."""
    pmc.ewma_rows(loads, missing, pmc.ewma_weight(7), state.ewma_acute, cols["ewma_acute"])
    pmc.ewma_rows(loads, missing, pmc.ewma_weight(28), state.ewma_chronic, cols["ewma_chronic"])
    pmc.pmc_rows(loads, missing, pmc.pmc_weight(42), state.ctl[-1], cols["ctl"])
    pmc.pmc_rows(loads, missing, pmc.pmc_weight(7), state.atl, cols["atl"])
    ctl, atl, n_days = cols["ctl"], cols["atl"], loads.shape[0]
    if n_days == 0:
        return
    np.subtract(state.ctl[-1], state.atl, out=cols["tsb"][0])
    np.subtract(ctl[:-1], atl[:-1], out=cols["tsb"][1:])
    head = min(7, n_days)
    np.subtract(ctl[:head], state.ctl[:head], out=cols["ramp_7d"][:head])
    np.subtract(ctl[7:], ctl[:-7], out=cols["ramp_7d"][7:])


def _end_state(
    state: EngineState, load_rows: FloatArray, top_rows: FloatArray, cols: dict[str, FloatArray]
) -> EngineState:
    n_days = cols["ctl"].shape[0]
    if n_days == 0:
        return state
    return EngineState(
        days=state.days + n_days,
        load=load_rows[-CONTEXT_DAYS:].copy(),
        top_session=top_rows[-CONTEXT_DAYS:].copy(),
        ctl=np.concatenate((state.ctl, cols["ctl"]))[-7:].copy(),
        atl=cols["atl"][-1].copy(),
        ewma_acute=cols["ewma_acute"][-1].copy(),
        ewma_chronic=cols["ewma_chronic"][-1].copy(),
    )


def compute_batch(grid: LoadGrid, state: EngineState | None = None) -> BatchResult:
    """Every §1.1 column for every athlete of ``grid``, continuing from ``state``.

    Without a state the grid's first column is each athlete's first day of history. Warm-up and
    missing-day rules follow DOMAIN §1.1 (undefined = NaN, ``inf`` only in monotony and strain).
    """
    state = EngineState.fresh(grid.n_athletes) if state is None else state
    if state.n_athletes != grid.n_athletes:
        raise ValueError("the state and the grid hold different numbers of athletes")
    load_rows = _with_context(state.load, grid.load)
    missing = np.isnan(load_rows)
    filled = load_rows.copy()
    np.copyto(filled, 0.0, where=missing)
    top_rows = _with_context(state.top_session, grid.top_session)
    np.copyto(top_rows, np.nan, where=missing)
    buffer = np.empty((len(SERIES_COLUMNS), grid.n_days, grid.n_athletes))
    cols = {name: buffer[i] for i, name in enumerate(SERIES_COLUMNS)}
    cols["load"][...] = load_rows[CONTEXT_DAYS:]
    with np.errstate(divide="ignore", invalid="ignore"):
        _recursions(filled[CONTEXT_DAYS:], missing[CONTEXT_DAYS:], state, cols)
        for first in range(0, grid.n_athletes, ATHLETES_PER_BLOCK):
            athletes = slice(first, first + ATHLETES_PER_BLOCK)
            inputs = WindowInputs(
                loads=filled[:, athletes],
                missing=missing[:, athletes],
                top_session=top_rows[:, athletes],
                days_before=state.days[athletes],
            )
            window_columns(inputs, {name: col[:, athletes] for name, col in cols.items()})
    columns = {name: col.T for name, col in cols.items()}
    return BatchResult(columns=columns, state=_end_state(state, load_rows, top_rows, cols))


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
    load_rows = _with_context(prior.load, head.load)
    top_rows = _with_context(prior.top_session, head.top_session)
    np.copyto(top_rows, np.nan, where=np.isnan(load_rows))
    ctl = np.concatenate((prior.ctl, columns["ctl"][:, :day].T))
    return EngineState(
        days=prior.days + day,
        load=load_rows[-CONTEXT_DAYS:].copy(),
        top_session=top_rows[-CONTEXT_DAYS:].copy(),
        ctl=ctl[-7:].copy(),
        atl=columns["atl"][:, day - 1].copy(),
        ewma_acute=columns["ewma_acute"][:, day - 1].copy(),
        ewma_chronic=columns["ewma_chronic"][:, day - 1].copy(),
    )
