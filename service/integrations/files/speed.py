"""A sport for a GPX or TCX activity that does not name one, from how fast it moved.

Many GPX files carry no ``<type>`` (and TCX says ``Sport="Other"``). Counting those as running
would put a car ride or a bike tour into the athlete's running load, so the sport is guessed from
the speed profile instead, and the activity is always marked for the athlete to confirm
(``ActivityData.sport_to_confirm``); the basis of the guess is kept in ``raw["sport_guess"]``.

The profile is two numbers: the moving speed (distance over moving time, else over the whole
duration) and the fast speed, the 90th percentile of the speed over stretches of at least
``STRETCH_S`` seconds (long enough to smooth GPS jitter, short enough to see a car's straight).

=======================  ====================================================  ==========
fast speed (90th pct.)   moving speed                                          guess
=======================  ====================================================  ==========
above 12 m/s (43 km/h)   any                                                   other
above 8.5 m/s            any                                                   cycling
up to 8.5 m/s            above 7 m/s                                           cycling
up to 8.5 m/s            2.0 – 7 m/s (8:20 – 2:23 min/km)                      running
up to 8.5 m/s            below 2.0 m/s                                         walking
no times or no distance                                                        other
=======================  ====================================================  ==========
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from service.integrations.base import Sport

STRETCH_S = 30.0
MOTOR_FAST_MPS = 12.0
CYCLING_FAST_MPS = 8.5
CYCLING_MOVING_MPS = 7.0
RUNNING_MOVING_MPS = 2.0


@dataclass(frozen=True, slots=True)
class SpeedGuess:
    sport: Sport
    moving_mps: float | None
    fast_mps: float | None

    def as_raw(self) -> dict[str, Any]:
        return {
            "basis": "speed",
            "sport": self.sport.value,
            "moving_mps": _rounded(self.moving_mps),
            "fast_mps": _rounded(self.fast_mps),
        }


def guess_sport(
    samples: Sequence[tuple[datetime, float]],
    *,
    distance_m: float | None,
    moving_s: float | None,
    duration_s: float,
) -> SpeedGuess:
    """The guess for an activity whose ``samples`` are (time, cumulative distance in m)."""
    seconds = moving_s if moving_s and moving_s > 0 else duration_s
    moving = distance_m / seconds if distance_m and seconds > 0 else None
    fast = fast_speed(samples)
    return SpeedGuess(_sport(moving, fast), moving, fast)


def fast_speed(samples: Sequence[tuple[datetime, float]]) -> float | None:
    """The 90th percentile of the speed over consecutive stretches of at least ``STRETCH_S``."""
    ordered = sorted(samples, key=lambda sample: sample[0])
    speeds: list[float] = []
    anchor = 0
    for index in range(1, len(ordered)):
        elapsed = (ordered[index][0] - ordered[anchor][0]).total_seconds()
        if elapsed >= STRETCH_S:
            covered = ordered[index][1] - ordered[anchor][1]
            if covered >= 0 and math.isfinite(covered):
                speeds.append(covered / elapsed)
            anchor = index
    if not speeds:
        return None
    speeds.sort()
    return speeds[min(len(speeds) - 1, math.ceil(0.9 * len(speeds)) - 1)]


def _sport(moving: float | None, fast: float | None) -> Sport:
    top = fast if fast is not None else moving
    if top is None:
        return Sport.OTHER
    if top > MOTOR_FAST_MPS:
        return Sport.OTHER
    if top > CYCLING_FAST_MPS:
        return Sport.CYCLING
    pace = moving if moving is not None else top
    if pace > CYCLING_MOVING_MPS:
        return Sport.CYCLING
    if pace >= RUNNING_MOVING_MPS:
        return Sport.RUNNING
    return Sport.WALKING


def _rounded(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None
