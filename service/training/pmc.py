"""Day-by-day recursions: EWMA (Williams et al. 2017) and CTL / ATL / TSB / ramp (GoldenCheetah).

One loop over days drives all four recursions; every step is one numpy operation across all
athletes on a contiguous row of a time-major ``(days, athletes)`` array, so nothing the size of the
whole block is allocated besides the output. A missing day (NaN load) carries every value forward
unchanged (DOMAIN §1.2).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def ewma_weight(span_days: int) -> float:
    """λ = 2 / (N + 1): 0.25 for N = 7 and 2/29 ≈ 0.0690 for N = 28 (Williams et al. 2017)."""
    return 2.0 / (span_days + 1.0)


def pmc_weight(time_constant_days: int) -> float:
    """k = 1 − e^(−1/N): 0.023528 for N = 42, 0.133122 for N = 7 (GoldenCheetah PMCData.cpp)."""
    return 1.0 - math.exp(-1.0 / time_constant_days)


EWMA_ACUTE, EWMA_CHRONIC = ewma_weight(7), ewma_weight(28)
CTL_WEIGHT, ATL_WEIGHT = pmc_weight(42), pmc_weight(7)


@dataclass(frozen=True)
class Eve:
    """Values on the day before the block, per athlete: the last 7 CTL values (oldest first), ATL
    and both EWMA legs (NaN while the athlete has no observed day)."""

    ctl_week: FloatArray
    atl: FloatArray
    ewma_acute: FloatArray
    ewma_chronic: FloatArray


def ewma_step(row: FloatArray, prev: FloatArray, load: FloatArray, weight: float) -> None:
    """``E_t = λ·L_t + (1 − λ)·E_{t−1}`` into ``row``."""
    np.multiply(prev, 1.0 - weight, out=row)
    row += weight * load


def pmc_step(row: FloatArray, prev: FloatArray, load: FloatArray, weight: float) -> None:
    """``X_t = X_{t−1} + k·(L_t − X_{t−1})`` into ``row``; from X = 0 on the day before day 1,
    7 days of 100 give CTL 15.3518 and ATL 63.2121 (DOMAIN §8 Example C)."""
    np.subtract(load, prev, out=row)
    row *= weight
    row += prev


def run_recursions(loads: FloatArray, eve: Eve, cols: Mapping[str, FloatArray]) -> None:
    """Fill ewma_acute, ewma_chronic, ctl, atl, tsb (yesterday's CTL − ATL) and ramp_7d
    (CTL_t − CTL_{t−7}) of ``cols``, each ``(days, athletes)``, from ``loads`` (NaN = missing).

    The EWMA legs are seeded with the load of the first observed day (``E = L``) and stay NaN
    before it; CTL and ATL continue from ``eve`` (0 before the first day of history).
    """
    missing, filled = np.empty(loads.shape[1], dtype=bool), np.empty(loads.shape[1])
    unseeded = np.isnan(eve.ewma_acute)
    prev = {"ewma_acute": eve.ewma_acute, "ewma_chronic": eve.ewma_chronic}
    prev |= {"ctl": eve.ctl_week[-1], "atl": eve.atl}
    for day, load in enumerate(loads):
        np.isnan(load, out=missing)
        gap = bool(missing.any())
        if gap:
            np.copyto(filled, load)
            np.copyto(filled, 0.0, where=missing)
        today = filled if gap else load
        rows = {name: cols[name][day] for name in prev}
        ewma_step(rows["ewma_acute"], prev["ewma_acute"], today, EWMA_ACUTE)
        ewma_step(rows["ewma_chronic"], prev["ewma_chronic"], today, EWMA_CHRONIC)
        pmc_step(rows["ctl"], prev["ctl"], today, CTL_WEIGHT)
        pmc_step(rows["atl"], prev["atl"], today, ATL_WEIGHT)
        if unseeded.any():
            seeds = unseeded & ~missing
            np.copyto(rows["ewma_acute"], today, where=seeds)
            np.copyto(rows["ewma_chronic"], today, where=seeds)
            unseeded &= missing
        if gap:
            for name, row in rows.items():
                np.copyto(row, prev[name], where=missing)
        np.subtract(prev["ctl"], prev["atl"], out=cols["tsb"][day])
        week_ago = eve.ctl_week[day] if day < 7 else cols["ctl"][day - 7]
        np.subtract(rows["ctl"], week_ago, out=cols["ramp_7d"][day])
        prev = rows
