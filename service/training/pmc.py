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


# Both legs of a pair advance together: rows of (2, athletes), weights of (2, 1).
EWMA_WEIGHTS = np.array([[EWMA_ACUTE], [EWMA_CHRONIC]])
EWMA_DECAYS = 1.0 - EWMA_WEIGHTS
PMC_WEIGHTS = np.array([[CTL_WEIGHT], [ATL_WEIGHT]])


def ewma_step(rows: FloatArray, prev: FloatArray, load: FloatArray) -> None:
    """``E_t = λ·L_t + (1 − λ)·E_{t−1}`` into ``rows`` (acute and chronic leg)."""
    np.multiply(prev, EWMA_DECAYS, out=rows)
    rows += EWMA_WEIGHTS * load


def pmc_step(rows: FloatArray, prev: FloatArray, load: FloatArray) -> None:
    """``X_t = X_{t−1} + k·(L_t − X_{t−1})`` into ``rows`` (CTL and ATL); from X = 0 on the day
    before day 1, 7 days of 100 give CTL 15.3518 and ATL 63.2121 (DOMAIN §8 Example C)."""
    np.subtract(load, prev, out=rows)
    rows *= PMC_WEIGHTS
    rows += prev


def run_recursions(
    loads: FloatArray,
    eve: Eve,
    legs: FloatArray,
    fitness: FloatArray,
    cols: Mapping[str, FloatArray],
) -> None:
    """Fill ``legs`` (ewma_acute, ewma_chronic) and ``fitness`` (ctl, atl), each ``(2, days,
    athletes)``, and of ``cols`` acwr_ewma (NaN where the chronic leg is 0; the warm-up rule is
    applied later), tsb (yesterday's CTL − ATL) and ramp_7d (CTL_t − CTL_{t−7}), from ``loads``
    (``(days, athletes)``, NaN = missing).

    The EWMA legs are seeded with the load of the first observed day (``E = L``) and stay NaN
    before it; CTL and ATL continue from ``eve`` (0 before the first day of history).
    """
    missing, filled = np.empty(loads.shape[1], dtype=bool), np.empty(loads.shape[1])
    unseeded = np.isnan(eve.ewma_acute)
    prev_legs = np.stack((eve.ewma_acute, eve.ewma_chronic))
    prev_fitness = np.stack((eve.ctl_week[-1], eve.atl))
    for day, load in enumerate(loads):
        np.isnan(load, out=missing)
        gap = bool(missing.any())
        if gap:
            np.fmax(load, 0.0, out=filled)
        today = filled if gap else load
        ewma_step(legs[:, day], prev_legs, today)
        pmc_step(fitness[:, day], prev_fitness, today)
        if unseeded.any():
            np.copyto(legs[:, day], today, where=unseeded & ~missing)
            unseeded &= missing
        if gap:
            np.copyto(legs[:, day], prev_legs, where=missing)
            np.copyto(fitness[:, day], prev_fitness, where=missing)
        np.divide(legs[0, day], legs[1, day], out=cols["acwr_ewma"][day])
        np.copyto(cols["acwr_ewma"][day], np.nan, where=legs[1, day] == 0)
        np.subtract(prev_fitness[0], prev_fitness[1], out=cols["tsb"][day])
        week_ago = eve.ctl_week[day] if day < 7 else fitness[0, day - 7]
        np.subtract(fitness[0, day], week_ago, out=cols["ramp_7d"][day])
        prev_legs, prev_fitness = legs[:, day], fitness[:, day]
