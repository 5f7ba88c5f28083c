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
from dataclasses import InitVar, dataclass

import numpy as np
import numpy.typing as npt

from service.training import pmc
from service.training.columns import SERIES_COLUMNS
from service.training.daily_columns import (
    CONTEXT_DAYS,
    WINDOW_COLUMNS,
    WindowInputs,
    window_columns,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# The recursions advance column pairs together; the buffer holds them side by side.
EWMA, CTL = SERIES_COLUMNS.index("ewma_acute"), SERIES_COLUMNS.index("ctl")
if SERIES_COLUMNS[EWMA + 1 : EWMA + 2] + SERIES_COLUMNS[CTL + 1 : CTL + 2] != (
    "ewma_chronic",
    "atl",
):
    raise RuntimeError("the recursions need ewma_chronic after ewma_acute and atl after ctl")

BLOCK_ELEMENTS = 1 << 16  # values per window temporary (512 kB): the working set stays in L2


def _check_within(
    athletes: IntArray, n_athletes: int, days: IntArray, n_days: int, what: str
) -> None:
    for index, size in ((athletes, n_athletes), (days, n_days)):
        if index.size and not (index.min() >= 0 and index.max() < size):
            raise ValueError(f"{what} lies outside the grid")


@dataclass(frozen=True)
class LoadGrid:
    """Daily inputs of many athletes, each ``(athletes, days)`` float64.

    ``load`` is the sum of the day's session loads, NaN on a missing day. ``top_session`` is the
    day's largest single session, NaN when the day had none (the spike columns need it). Sessions
    on a missing day are ignored: the day has no data.
    """

    load: FloatArray
    top_session: FloatArray
    check: InitVar[bool] = True

    def __post_init__(self, check: bool) -> None:
        if self.load.ndim != 2 or self.load.shape != self.top_session.shape:
            raise ValueError("load and top_session must both have shape (athletes, days)")
        for name in ("load", "top_session") if check else ():
            values = getattr(self, name)
            if values.size == 0:
                continue
            lowest = np.fmin.reduce(values, axis=None)  # NaN only when every value is NaN
            highest = np.fmax.reduce(values, axis=None)
            if lowest < 0 or highest == np.inf:
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
        _check_within(athletes, n_athletes, days, n_days, "a session")
        if loads.size and not (np.isfinite(loads).all() and loads.min() >= 0):
            raise ValueError("session loads must be finite values >= 0")
        cell = days * n_athletes + athletes
        size = n_athletes * n_days
        sums = np.bincount(cell, weights=loads, minlength=size).astype(np.float64, copy=False)
        daily = sums.reshape(n_days, n_athletes)
        top = np.full(size, -np.inf)
        np.maximum.at(top, cell, loads)
        np.copyto(top, np.nan, where=np.isneginf(top))
        top_rows = top.reshape(n_days, n_athletes)
        gap_athletes = np.asarray(missing[0], dtype=np.int64)
        gap_days = np.asarray(missing[1], dtype=np.int64)
        _check_within(gap_athletes, n_athletes, gap_days, n_days, "a missing day")
        daily[gap_days, gap_athletes] = np.nan
        top_rows[gap_days, gap_athletes] = np.nan
        return cls(load=daily.T, top_session=top_rows.T, check=False)  # checked the sessions


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


def athletes_per_block(rows: int) -> int:
    """Athletes per block of the window phase: about BLOCK_ELEMENTS values per temporary."""
    return max(1, BLOCK_ELEMENTS // max(rows, 1))


def _with_context(context: FloatArray, block: FloatArray, athletes: slice) -> FloatArray:
    """Time-major rows for ``athletes``: the 30 context days, then the block's days."""
    block = block[athletes]
    rows = np.empty((context.shape[0] + block.shape[1], block.shape[0]))
    rows[: context.shape[0]] = context[:, athletes]
    rows[context.shape[0] :] = block.T
    return rows


def _tail(context: FloatArray, block: FloatArray, keep: int) -> FloatArray:
    """The last ``keep`` rows of the context followed by the block's days (time-major copy)."""
    n_days = block.shape[1]
    if n_days >= keep:
        return block[:, n_days - keep :].T.copy()
    return np.concatenate((context[n_days:], block.T))


def _window_block(
    grid: LoadGrid,
    state: EngineState,
    cols: Mapping[str, FloatArray],
    athletes: slice,
    scratch: FloatArray,
) -> None:
    """The window columns of one block of athletes, computed in ``scratch`` and copied out once:
    contiguous scratch rows are cheaper to work on than the strided rows of the output."""
    loads = _with_context(state.load, grid.load, athletes)
    missing = np.isnan(loads)
    top = _with_context(state.top_session, grid.top_session, athletes)
    np.copyto(top, np.nan, where=missing)
    inputs = WindowInputs(loads, missing, top, state.days[athletes])
    work = {name: scratch[i, :, : loads.shape[1]] for i, name in enumerate(WINDOW_COLUMNS)}
    window_columns(inputs, work | {"acwr_ewma": cols["acwr_ewma"][:, athletes]})
    for name, column in work.items():
        cols[name][:, athletes] = column


def _end_state(state: EngineState, grid: LoadGrid, cols: Mapping[str, FloatArray]) -> EngineState:
    if grid.n_days == 0:
        return state
    load = _tail(state.load, grid.load, CONTEXT_DAYS)
    top = _tail(state.top_session, grid.top_session, CONTEXT_DAYS)
    recent = -min(grid.n_days, CONTEXT_DAYS)  # older rows came from a state: already consistent
    np.copyto(top[recent:], np.nan, where=np.isnan(load[recent:]))
    return EngineState(
        days=state.days + grid.n_days,
        load=load,
        top_session=top,
        ctl=_tail(state.ctl, cols["ctl"].T, 7),
        atl=cols["atl"][-1].copy(),
        ewma_acute=cols["ewma_acute"][-1].copy(),
        ewma_chronic=cols["ewma_chronic"][-1].copy(),
    )


def compute_batch(grid: LoadGrid, state: EngineState | None = None) -> BatchResult:
    """Every §1.1 column for every athlete of ``grid``, continuing from ``state``.

    Without a state the grid's first column is each athlete's first day of history. Warm-up and
    missing-day rules follow DOMAIN §1.1 (undefined = NaN, ``inf`` only in monotony and strain).
    The columns share one ``(19, days, athletes)`` buffer; nothing else of that size is allocated.
    """
    state = EngineState.fresh(grid.n_athletes) if state is None else state
    if state.n_athletes != grid.n_athletes:
        raise ValueError("the state and the grid hold different numbers of athletes")
    buffer = np.empty((len(SERIES_COLUMNS), grid.n_days, grid.n_athletes))
    cols = {name: buffer[i] for i, name in enumerate(SERIES_COLUMNS)}
    cols["load"][...] = grid.load.T
    eve = pmc.Eve(state.ctl, state.atl, state.ewma_acute, state.ewma_chronic)
    block = athletes_per_block(CONTEXT_DAYS + grid.n_days)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmc.run_recursions(cols["load"], eve, buffer[EWMA : EWMA + 2], buffer[CTL : CTL + 2], cols)
        scratch = np.empty((len(WINDOW_COLUMNS), grid.n_days, min(block, grid.n_athletes)))
        for first in range(0, grid.n_athletes, block):
            _window_block(grid, state, cols, slice(first, first + block), scratch)
    columns = {name: col.T for name, col in cols.items()}
    return BatchResult(columns=columns, state=_end_state(state, grid, cols))


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
    load = _tail(prior.load, head.load, CONTEXT_DAYS)
    top = _tail(prior.top_session, head.top_session, CONTEXT_DAYS)
    np.copyto(top, np.nan, where=np.isnan(load))
    return EngineState(
        days=prior.days + day,
        load=load,
        top_session=top,
        ctl=_tail(prior.ctl, columns["ctl"][:, :day], 7),
        atl=columns["atl"][:, day - 1].copy(),
        ewma_acute=columns["ewma_acute"][:, day - 1].copy(),
        ewma_chronic=columns["ewma_chronic"][:, day - 1].copy(),
    )
