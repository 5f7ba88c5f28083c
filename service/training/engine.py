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

from collections.abc import Mapping
from dataclasses import dataclass

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
from service.training.grid import LoadGrid
from service.training.state import EngineState, end_state, state_before

__all__ = [
    "BatchResult",
    "EngineState",
    "LoadGrid",
    "compute_batch",
    "output_shape",
    "state_before",
]

FloatArray = npt.NDArray[np.float64]

# The recursions advance column pairs together; the buffer holds each pair side by side.
EWMA_LEGS = slice(SERIES_COLUMNS.index("ewma_acute"), SERIES_COLUMNS.index("ewma_chronic") + 1)
FITNESS = slice(SERIES_COLUMNS.index("ctl"), SERIES_COLUMNS.index("atl") + 1)

BLOCK_ELEMENTS = 1 << 16  # values per window temporary (512 kB): the working set stays in L2


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


def output_shape(n_athletes: int, n_days: int) -> tuple[int, int, int]:
    """Shape of the buffer behind a result's columns: (columns, days, athletes), time-major."""
    return (len(SERIES_COLUMNS), n_days, n_athletes)


def compute_batch(
    grid: LoadGrid, state: EngineState | None = None, out: FloatArray | None = None
) -> BatchResult:
    """Every §1.1 column for every athlete of ``grid``, continuing from ``state``.

    Without a state the grid's first column is each athlete's first day of history. Warm-up and
    missing-day rules follow DOMAIN §1.1 (undefined = NaN, ``inf`` only in monotony and strain).
    The columns share one buffer of :func:`output_shape`; nothing else of that size is allocated.
    A caller computing batch after batch may pass that buffer as ``out`` to reuse its memory
    (whatever it held, such as an earlier result's columns, is overwritten).
    """
    state = EngineState.fresh(grid.n_athletes) if state is None else state
    if state.n_athletes != grid.n_athletes:
        raise ValueError("the state and the grid hold different numbers of athletes")
    shape = output_shape(grid.n_athletes, grid.n_days)
    if out is not None and (out.shape != shape or out.dtype != np.float64):
        raise ValueError(f"out must be a float64 array of shape {shape}")
    buffer = np.empty(shape) if out is None else out
    cols = {name: buffer[i] for i, name in enumerate(SERIES_COLUMNS)}
    cols["load"][...] = grid.load.T
    eve = pmc.Eve(state.ctl, state.atl, state.ewma_acute, state.ewma_chronic)
    block = athletes_per_block(CONTEXT_DAYS + grid.n_days)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmc.run_recursions(cols["load"], eve, buffer[EWMA_LEGS], buffer[FITNESS], cols)
        scratch = np.empty((len(WINDOW_COLUMNS), grid.n_days, min(block, grid.n_athletes)))
        for first in range(0, grid.n_athletes, block):
            _window_block(grid, state, cols, slice(first, first + block), scratch)
    columns = {name: col.T for name, col in cols.items()}
    return BatchResult(columns=columns, state=end_state(state, grid, cols))
