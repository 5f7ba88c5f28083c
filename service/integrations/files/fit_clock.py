"""FIT times → aware UTC datetimes, and statistics over the record series.

FIT ``date_time`` values are seconds since 1989-12-31T00:00:00Z. Values below 0x10000000 are
not dates but seconds since the device was switched on; they become dates through an anchor:

1. a ``timestamp_correlation`` message pairing a real ``timestamp`` with the device's
   ``system_timestamp`` (basis ``utc``), else
2. the ``activity`` message's ``local_timestamp`` (a real wall-clock date) paired with its
   device-relative ``timestamp``. That clock is local time with an unknown offset; we take it as
   UTC and say so in ``raw.time_basis = "device_local_clock"`` (old watches such as the
   Forerunner 70 knew only the local time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeGuard

import numpy as np
import numpy.typing as npt

from service.integrations.files.fit_scan import FitScan, Records

FIT_EPOCH_UNIX_S = 631_065_600
FIRST_ABSOLUTE_FIT_S = 0x10000000
OFFSET_STEP_S = 900
MAX_UTC_OFFSET_S = 14 * 3600
#: A record more than this after the previous one, or before it, is garbage (seen in damaged files).
MAX_RECORD_GAP_S = 24 * 3600


@dataclass(frozen=True, slots=True)
class FitClock:
    """Resolves raw FIT seconds; ``relative_shift_s`` turns device-relative into absolute."""

    relative_shift_s: int | None
    basis: str

    @classmethod
    def from_scan(cls, scan: FitScan) -> FitClock:
        correlation = scan.correlation or {}
        real, system = correlation.get("timestamp"), correlation.get("system_timestamp")
        if _is_absolute(real) and isinstance(system, int) and not _is_absolute(system):
            return cls(real - system, "utc")
        activity = scan.activity or {}
        local, stamp = activity.get("local_timestamp"), activity.get("timestamp")
        if isinstance(local, int) and isinstance(stamp, int) and not _is_absolute(stamp):
            return cls(local - stamp, "device_local_clock")
        return cls(None, "utc")

    def resolve(self, raw: object) -> int | None:
        """Absolute FIT seconds for a raw ``date_time``; ``None`` when it cannot be placed."""
        if not isinstance(raw, int) or raw < 0:
            return None
        if raw >= FIRST_ABSOLUTE_FIT_S:
            return raw
        return None if self.relative_shift_s is None else raw + self.relative_shift_s

    def resolve_series(self, raw: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Vectorised :meth:`resolve`; unplaceable values become NaN."""
        shift = np.nan if self.relative_shift_s is None else float(self.relative_shift_s)
        relative = raw < FIRST_ABSOLUTE_FIT_S
        return np.where(relative, raw.astype(np.float64) + shift, raw.astype(np.float64))


def fit_datetime(fit_seconds: float) -> datetime:
    return datetime.fromtimestamp(FIT_EPOCH_UNIX_S + fit_seconds, UTC)


def utc_offset_s(activity: dict[str, Any] | None) -> int | None:
    """``local_timestamp − timestamp`` of the activity message, rounded to 15 minutes.

    ``None`` unless both are real dates and the offset is one a time zone can have.
    """
    if not activity:
        return None
    local, stamp = activity.get("local_timestamp"), activity.get("timestamp")
    if not (isinstance(local, int) and _is_absolute(stamp)):
        return None
    offset = round((local - stamp) / OFFSET_STEP_S) * OFFSET_STEP_S
    return offset if abs(offset) <= MAX_UTC_OFFSET_S else None


def _is_absolute(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and value >= FIRST_ABSOLUTE_FIT_S


@dataclass(frozen=True, slots=True)
class SeriesStats:
    """What the records in a time window hold; times in absolute FIT seconds."""

    first_s: float
    last_s: float
    first_distance_m: float | None
    last_distance_m: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None


@dataclass(frozen=True, slots=True)
class RecordSeries:
    """The record series with resolved times and garbage records dropped."""

    time_s: npt.NDArray[np.float64]
    heart_rate: npt.NDArray[np.float64]
    distance: npt.NDArray[np.float64]

    @classmethod
    def build(cls, records: Records, clock: FitClock) -> RecordSeries:
        time_s = clock.resolve_series(np.frombuffer(records.timestamp, dtype=np.int64))
        keep = _plausible(time_s)
        return cls(
            time_s[keep],
            np.frombuffer(records.heart_rate, dtype=np.float64)[keep],
            np.frombuffer(records.distance, dtype=np.float64)[keep],
        )

    def stats(self, start_s: float | None = None, end_s: float | None = None) -> SeriesStats | None:
        """Statistics of the records in ``[start_s, end_s]`` (all when unbounded); mean HR is the
        plain mean of the samples."""
        inside = np.ones(self.time_s.shape, dtype=bool)
        if start_s is not None:
            inside &= self.time_s >= start_s
        if end_s is not None:
            inside &= self.time_s <= end_s
        if not inside.any():
            return None
        time_s, heart_rate = self.time_s[inside], self.heart_rate[inside]
        distance = self.distance[inside]
        distance = distance[~np.isnan(distance)]
        heart_rate = heart_rate[~np.isnan(heart_rate) & (heart_rate > 0)]
        return SeriesStats(
            first_s=float(time_s[0]),
            last_s=float(time_s[-1]),
            first_distance_m=float(distance[0]) if distance.size else None,
            last_distance_m=float(distance[-1]) if distance.size else None,
            avg_hr_bpm=float(heart_rate.mean()) if heart_rate.size else None,
            max_hr_bpm=float(heart_rate.max()) if heart_rate.size else None,
        )


def _plausible(time_s: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Keep records whose time follows the previous kept one by 0…24 h.

    A running check, not vectorised: one wild timestamp must not drop everything after it.
    """
    steps = np.diff(time_s)
    if not np.isnan(time_s).any() and bool(((steps >= 0) & (steps <= MAX_RECORD_GAP_S)).all()):
        return np.ones(time_s.shape, dtype=bool)
    keep = np.zeros(time_s.shape, dtype=bool)
    previous: float | None = None
    for index, value in enumerate(time_s.tolist()):
        if value != value:  # NaN: the time could not be placed
            continue
        if previous is None or 0 <= value - previous <= MAX_RECORD_GAP_S:
            keep[index] = True
            previous = value
    return keep


def timer_seconds(events: list[tuple[int, str]], clock: FitClock, end_s: float) -> float | None:
    """Seconds the timer ran: each ``start`` to the next ``stop*``, an open one to ``end_s``."""
    total, started = 0.0, None
    seen = False
    for raw, kind in events:
        moment = clock.resolve(raw)
        if moment is None:
            continue
        if kind == "start" and started is None:
            started, seen = moment, True
        elif kind.startswith("stop") and started is not None:
            total += max(0, moment - started)
            started = None
    if started is not None:
        total += max(0.0, end_s - started)
    return total if seen else None
