"""Outlier days: a day's load far above the athlete's usual training days (DOMAIN §1.6.4, R17).

A day whose load is more than ``factor`` (3) times the 95th percentile of the athlete's training
days (load > 0) over the previous 182 days, when at least 28 such days exist, is more often a unit
mix-up or a watch left running than training. Such a day is shown with "is this right?", and the
distance rules leave it out until the athlete confirms or corrects it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class OutlierDay:
    """A day whose load (``day_load``) is above ``factor`` × ``reference`` (the percentile)."""

    day: dt.date
    day_load: float
    reference: float


def find_outliers(
    load: FloatArray,
    start: dt.date,
    *,
    factor: float,
    percentile: float,
    history_days: int,
    min_training_days: int,
) -> list[OutlierDay]:
    """Outlier days of a daily ``load`` series starting on ``start`` (NaN days are skipped).

    The reference of day t is the ``percentile`` (linear interpolation) of the loads > 0 on days
    t − ``history_days`` .. t − 1; it needs ``min_training_days`` of them.
    """
    found = []
    training = np.isfinite(load) & (load > 0)
    for index in np.flatnonzero(training):
        earlier = load[max(0, index - history_days) : index]
        earlier = earlier[np.isfinite(earlier) & (earlier > 0)]
        if earlier.shape[0] < min_training_days:
            continue
        reference = float(np.percentile(earlier, percentile))
        if load[index] > factor * reference * (1 + 1e-9):
            day = start + dt.timedelta(days=int(index))
            found.append(OutlierDay(day, float(load[index]), reference))
    return found
