"""Trailing windows over the day axis of time-major arrays (rows = days, columns = athletes).

Each window value is built from a fixed tree of pairwise operations on the values inside the
window only, so it does not depend on where an array starts. That is what makes an incremental
recompute bit-for-bit equal to a full one; a running sum or a cumulative-sum difference would
carry rounding from outside the window instead (and would turn a window of zeros after a heavy
block into 1e-15 rather than 0).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def trailing_sum7[Number: (np.float64, np.uint8)](
    values: npt.NDArray[Number],
) -> npt.NDArray[Number]:
    """Sums of 7 consecutive rows: ``out[i] = values[i] + … + values[i + 6]``.

    Evaluated as ``((v[i] + v[i+1]) + (v[i+2] + v[i+3])) + (v[i+4] + v[i+5]) + v[i+6]``, for
    floats (loads, squared loads) and small integers (missing-day counts) alike. The result has
    ``len(values) - 6`` rows; row ``i`` is the window that ends on row ``i + 6``.
    """
    pairs = np.add(values[:-1], values[1:])
    quads = np.add(pairs[:-2], pairs[2:])
    total = np.add(quads[:-3], pairs[4:-1])
    np.add(total, values[6:], out=total)
    return total


def trailing_max30(
    values: npt.NDArray[np.float64], out: FloatArray | None = None
) -> npt.NDArray[np.float64]:
    """Largest non-NaN value of 30 consecutive rows, NaN when all 30 are NaN.

    Built by doubling (2, 4, 8, 16 rows) and one overlapping pair of 16-row maxima, five passes
    instead of thirty. The result has ``len(values) - 29`` rows; row ``i`` covers rows
    ``i .. i + 29``.
    """
    level = np.fmax(values[:-1], values[1:])
    for width in (2, 4, 8):
        level = np.fmax(level[:-width], level[width:])
    return np.fmax(level[:-14], level[14:], out=out)


def ending[Scalar: np.generic](
    windows: npt.NDArray[Scalar], width: int, first_row: int, n_rows: int, lag: int = 0
) -> npt.NDArray[Scalar]:
    """The windows that end ``lag`` rows before each of rows ``first_row .. first_row + n_rows``.

    ``windows`` comes from one of the functions above (row ``i`` ends on row ``i + width - 1``).
    """
    start = first_row - lag - (width - 1)
    if start < 0:
        raise ValueError(f"a lag of {lag} needs {-start} more rows of context")
    return windows[start : start + n_rows]


def sum7_ending[Number: (np.float64, np.uint8)](
    values: npt.NDArray[Number], first_row: int, n_rows: int, lag: int = 0
) -> npt.NDArray[Number]:
    """The 7-row sums that :func:`trailing_sum7` would give for the windows ending ``lag`` rows
    before rows ``first_row .. first_row + n_rows``, computed for those windows only.

    Same tree, so the same bits; cheaper when only a few days are wanted (a daily update).
    """
    start = first_row - lag - 6
    if start < 0:
        raise ValueError(f"a lag of {lag} needs {-start} more rows of context")

    def nth(k: int) -> npt.NDArray[Number]:
        return values[start + k : start + k + n_rows]

    total = np.add(np.add(nth(0), nth(1)), np.add(nth(2), nth(3)))
    np.add(total, np.add(nth(4), nth(5)), out=total)
    np.add(total, nth(6), out=total)
    return total


def max30_ending(
    values: npt.NDArray[np.float64], first_row: int, n_rows: int, out: FloatArray
) -> None:
    """Into ``out``: the largest non-NaN value of the 30 rows before each of rows
    ``first_row .. first_row + n_rows`` (NaN when all 30 are NaN)."""
    start = first_row - 30
    if start < 0:
        raise ValueError(f"30 rows of context are needed, {first_row} given")
    if n_rows >= 8:
        trailing_max30(values[start : first_row + n_rows - 1], out=out)
        return
    np.copyto(out, values[start : start + n_rows])
    for offset in range(1, 30):
        np.fmax(out, values[start + offset : start + offset + n_rows], out=out)
