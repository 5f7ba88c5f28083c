"""Session load measures: one number per activity, assigned to the athlete's local calendar day.

Four measures, named as in DOMAIN §1.1 (``measure``):

- ``distance_km``: running distance; only running sports count (a ride never raises running volume).
- ``duration_min``: moving time when the source recorded one, else elapsed duration; all sports.
- ``srpe``: session RPE (Foster 2001), RPE on the CR-10 scale × the same minutes; all sports.
- ``trimp``: Banister TRIMP in its average-heart-rate form (Banister 1975; Morton 1990).

A session belongs to the local calendar day on which it starts: at the session's own UTC offset
when its source recorded one (a watch keeps local time while travelling), else in the athlete's
time zone (DOMAIN §1.6.1).

A session that lacks what a measure needs (a ride for ``distance_km``, no RPE for ``srpe``, no
average heart rate for ``trimp``) contributes nothing to that measure: no entry at all, so it is
neither a load of 0 nor a session for the single-session spike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MEASURES: tuple[str, ...] = ("distance_km", "duration_min", "srpe", "trimp")

RUNNING_SPORTS = frozenset({"running", "trail_running", "treadmill_running", "track_running"})

MAX_UTC_OFFSET_S = 18 * 3600
"""The largest UTC offset a clock can show (ISO 8601 allows ±18:00)."""

# Banister's sex-specific constants (a, b) for a · e^(b·x).
TRIMP_CONSTANTS: dict[str, tuple[float, float]] = {"male": (0.64, 1.92), "female": (0.86, 1.67)}


@dataclass(frozen=True)
class SessionInput:
    """One activity, as the rules and the workers hand it over (SI units).

    ``utc_offset_s`` is the session's own UTC offset when its source recorded one (it decides the
    session's local day); ``race`` marks a race; ``estimated`` marks a running distance estimated
    from the athlete's pace (:mod:`service.training.estimates`), shown as "≈".
    """

    start: datetime
    sport: str
    duration_s: float
    distance_m: float | None = None
    moving_s: float | None = None
    avg_hr_bpm: float | None = None
    rpe: float | None = None
    utc_offset_s: int | None = None
    race: bool = False
    estimated: bool = False

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.start.utcoffset() is None:
            raise ValueError("SessionInput.start must be timezone-aware")
        offset = self.utc_offset_s
        if offset is not None and (
            isinstance(offset, bool)
            or not isinstance(offset, int)
            or abs(offset) > MAX_UTC_OFFSET_S
        ):
            raise ValueError(
                f"SessionInput.utc_offset_s must be whole seconds within ±18 h, got {offset!r}"
            )
        for name in ("duration_s", "distance_m", "moving_s", "avg_hr_bpm"):
            value = getattr(self, name)
            if value is not None and not (math.isfinite(value) and value >= 0):
                raise ValueError(f"SessionInput.{name} must be a finite number >= 0, got {value!r}")
        if self.rpe is not None and not (0 <= self.rpe <= 10):
            raise ValueError(f"SessionInput.rpe must lie in 0..10, got {self.rpe!r}")


@dataclass(frozen=True)
class AthleteParams:
    """What the measures need to know about the athlete: time zone and heart-rate profile."""

    timezone: str = "UTC"
    sex: str | None = None
    hr_rest: float | None = None
    hr_max: float | None = None


@dataclass(frozen=True)
class SessionLoad:
    """One session's load in one measure, on the local calendar day it started."""

    day: date
    load: float


def local_day(start: datetime, zone: ZoneInfo) -> date:
    """The calendar day on which ``start`` falls in ``zone``: a session belongs to its start day."""
    return start.astimezone(zone).date()


def session_day(session: SessionInput, zone: ZoneInfo) -> date:
    """The session's local start day: at its own UTC offset when known, else in ``zone``.

    A run started at 19:30 in New York (UTC−5) belongs to that day in New York, even for an
    athlete whose time zone is Europe/Amsterdam, where it is already 01:30 the next day.
    """
    if session.utc_offset_s is None:
        return local_day(session.start, zone)
    own = timezone(timedelta(seconds=session.utc_offset_s))
    return session.start.astimezone(own).date()


def session_minutes(session: SessionInput) -> float:
    """Minutes of the session: moving time if recorded (and > 0), else elapsed duration.

    Moving time leaves out stops at traffic lights and the like, as GoldenCheetah's duration and
    session-RPE metrics do (``TRIMPPoints.cpp``); a moving time of 0 (a stationary activity such as
    yoga) falls back to the elapsed duration.
    """
    if session.moving_s is not None and session.moving_s > 0:
        return session.moving_s / 60.0
    return session.duration_s / 60.0


def trimp_profile(athlete: AthleteParams) -> tuple[float, float, float, float]:
    """(a, b, hr_rest, hr_max) for TRIMP; a ValueError names what the athlete's profile lacks."""
    sex, hr_rest, hr_max = athlete.sex, athlete.hr_rest, athlete.hr_max
    if sex not in TRIMP_CONSTANTS or hr_rest is None or hr_max is None:
        raise ValueError("trimp needs the athlete's sex ('male' or 'female'), hr_rest and hr_max")
    if not hr_max > hr_rest:
        raise ValueError(f"hr_max ({hr_max}) must be above hr_rest ({hr_rest})")
    a, b = TRIMP_CONSTANTS[sex]
    return a, b, hr_rest, hr_max


def banister_trimp(minutes: float, avg_hr_bpm: float, athlete: AthleteParams) -> float:
    """Banister TRIMP = minutes · x · a · e^(b·x), x = (HRavg − HRrest)/(HRmax − HRrest) in [0, 1].

    a, b = 0.64, 1.92 for men and 0.86, 1.67 for women (Banister 1975; Morton 1990; DOMAIN §2).
    Example: 30 min at 150 bpm, rest 50, max 190 → x = 0.7143 → 54.0477 (male), 60.7495 (female).
    """
    a, b, hr_rest, hr_max = trimp_profile(athlete)
    x = min(1.0, max(0.0, (avg_hr_bpm - hr_rest) / (hr_max - hr_rest)))
    return minutes * x * a * math.exp(b * x)


def session_load(session: SessionInput, athlete: AthleteParams, measure: str) -> float | None:
    """The session's load in ``measure``, or None when the session does not count for it.

    ``trimp`` uses the elapsed duration, because the average heart rate is averaged over it; the
    other time-based measures use :func:`session_minutes`.
    """
    if measure == "distance_km":
        if session.sport not in RUNNING_SPORTS or session.distance_m is None:
            return None
        return session.distance_m / 1000.0
    if measure == "duration_min":
        return session_minutes(session)
    if measure == "srpe":
        return None if session.rpe is None else session.rpe * session_minutes(session)
    if measure == "trimp":
        if session.avg_hr_bpm is None:
            return None
        return banister_trimp(session.duration_s / 60.0, session.avg_hr_bpm, athlete)
    raise ValueError(f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")


def session_loads(
    sessions: Sequence[SessionInput], athlete: AthleteParams, measure: str
) -> list[SessionLoad]:
    """Each counting session's load in ``measure`` on its local start day (:func:`session_day`),
    in input order."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")
    if measure == "trimp":
        trimp_profile(athlete)  # an incomplete heart-rate profile fails before any session
    try:
        zone = ZoneInfo(athlete.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown IANA time zone {athlete.timezone!r}") from None
    loads: list[SessionLoad] = []
    for session in sessions:
        load = session_load(session, athlete, measure)
        if load is not None:
            loads.append(SessionLoad(day=session_day(session, zone), load=load))
    return loads
