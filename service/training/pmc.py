"""Day-by-day recursions: EWMA (Williams et al. 2017) and CTL / ATL (Banister; GoldenCheetah form).

Arrays are time-major, ``(days, athletes)``; the loop runs over days and every step is one numpy
operation across all athletes, on contiguous rows. ``loads`` holds 0 on missing days and
``missing`` marks them: a missing day carries the previous value forward unchanged (DOMAIN §1.2).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def ewma_weight(span_days: int) -> float:
    """λ = 2 / (N + 1): 0.25 for N = 7 and 2/29 ≈ 0.0690 for N = 28 (Williams et al. 2017)."""
    return 2.0 / (span_days + 1.0)


def pmc_weight(time_constant_days: int) -> float:
    """k = 1 − e^(−1/N): 0.023528 for N = 42 and 0.133122 for N = 7 (GoldenCheetah PMCData.cpp)."""
    return 1.0 - math.exp(-1.0 / time_constant_days)


def ewma_rows(
    loads: FloatArray,
    missing: BoolArray,
    weight: float,
    previous: FloatArray,
    out: FloatArray,
) -> None:
    """Fill ``out`` with ``E_t = λ·L_t + (1 − λ)·E_{t−1}``, ``E = L`` on the first observed day.

    ``previous`` is E on the day before the first row: NaN for an athlete not yet seeded, who stays
    NaN until a day is observed (the column is undefined before the first observed day).
    """
    weighted_loads = loads * weight
    row_missing = missing.any(axis=1)
    unseeded = np.isnan(previous)
    any_unseeded = bool(unseeded.any())
    decay = 1.0 - weight
    prev = previous
    for day, row in enumerate(out):
        np.multiply(prev, decay, out=row)
        row += weighted_loads[day]
        if any_unseeded:
            seeds = unseeded & ~missing[day]
            np.copyto(row, loads[day], where=seeds)
            unseeded &= missing[day]
            any_unseeded = bool(unseeded.any())
        if row_missing[day]:
            np.copyto(row, prev, where=missing[day])
        prev = row


def pmc_rows(
    loads: FloatArray,
    missing: BoolArray,
    weight: float,
    previous: FloatArray,
    out: FloatArray,
) -> None:
    """Fill ``out`` with ``X_t = X_{t−1} + k·(L_t − X_{t−1})``; ``previous`` is X the day before.

    With ``previous`` = 0 on the day before the first day this is GoldenCheetah's CTL (k for
    N = 42) or ATL (N = 7): 7 days of 100 give CTL 15.3518 and ATL 63.2121 (DOMAIN §8 Example C).
    """
    row_missing = missing.any(axis=1)
    prev = previous
    for day, row in enumerate(out):
        np.subtract(loads[day], prev, out=row)
        row *= weight
        row += prev
        if row_missing[day]:
            np.copyto(row, prev, where=missing[day])
        prev = row
