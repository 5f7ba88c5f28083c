"""Demo accounts for the fake Garmin Connect: six months of plausible training, or a JSON spec.

JSON accounts file (a list; every key but ``email`` and ``password`` optional)::

    [{"recorded": true, "email": "recorded@example.com", "password": "recorded-password"},
     {"email": "runner@example.com", "password": "secret", "mfa_code": "123456",
      "display_name": "runner", "six_months_until": "2026-11-22", "zone": "Europe/Amsterdam",
      "activities": [{"start": "2026-05-01T06:30:00+02:00", "sport": "trail_running",
                      "distance_m": 8000, "duration_s": 2700, "avg_hr_bpm": 145,
                      "zone": "Europe/Amsterdam", "rpe": 5}],
      "resting_hr": {"2026-05-01": 52}}]
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from service.demo.fakes.garmin_accounts import (
    ActivitySpec,
    FakeAccount,
    recorded_account,
    synthesized_account,
)
from service.demo.people import DEMO_PASSWORD

DEMO_EMAIL = "runner@example.com"
DEMO_MFA_EMAIL = "mfa.runner@example.com"
DEMO_MFA_CODE = "123456"

_WEEKS = 26
_SPIKE_WEEKS = 2


@dataclass(frozen=True)
class _Session:
    weekday: int
    sport: str
    share: float
    pace_s_per_km: float
    avg_hr: float
    rpe: int
    effect: str


# Monday 0 … Sunday 6; ``share`` is the part of the week's running kilometres (rides: minutes/10).
_WEEK_PLAN = (
    _Session(1, "running", 0.25, 345, 138, 3, "AEROBIC_BASE"),
    _Session(2, "road_biking", 6.0, 0, 124, 4, "RECOVERY"),
    _Session(3, "running", 0.25, 300, 158, 7, "TEMPO"),
    _Session(4, "treadmill_running", 0.15, 330, 142, 4, "AEROBIC_BASE"),
    _Session(6, "running", 0.35, 360, 146, 5, "AEROBIC_BASE"),
)


def six_months_of_training(
    end: date, zone: str = "Europe/Amsterdam", seed: int = 7
) -> tuple[list[ActivitySpec], dict[date, float]]:
    """26 weeks ending at ``end``: a steady build with easier fourth weeks, then a 40 % spike.

    Returns the activities and a resting heart rate per day (rising in the spike weeks).
    """
    rng = random.Random(seed)  # noqa: S311 - seeded invented training, not a secret
    first_monday = end - timedelta(days=end.weekday()) - timedelta(weeks=_WEEKS - 1)
    activities: list[ActivitySpec] = []
    for week in range(_WEEKS):
        km = _weekly_km(week)
        monday = first_monday + timedelta(weeks=week)
        for session in _WEEK_PLAN:
            day = monday + timedelta(days=session.weekday)
            if day <= end:
                activities.append(_activity(session, day, km, zone, rng))
    resting_hr = {
        first_monday + timedelta(days=offset): round(50 + rng.uniform(-2, 2) + _strain(offset), 1)
        for offset in range((end - first_monday).days + 1)
    }
    return activities, resting_hr


def demo_accounts(end: date | None = None) -> list[FakeAccount]:
    """The recorded account, a six-month runner, and a runner with MFA (code ``123456``)."""
    last_day = end or datetime.now(UTC).date()
    activities, resting_hr = six_months_of_training(last_day)
    return [
        recorded_account(),
        synthesized_account(
            DEMO_EMAIL, DEMO_PASSWORD, activities, display_name="demo.runner", resting_hr=resting_hr
        ),
        synthesized_account(
            DEMO_MFA_EMAIL, DEMO_PASSWORD, activities[-20:], mfa_code=DEMO_MFA_CODE
        ),
    ]


def accounts_from_json(rows: list[dict[str, Any]]) -> list[FakeAccount]:
    return [_account_from_json(row) for row in rows]


def _account_from_json(row: dict[str, Any]) -> FakeAccount:
    if row.get("recorded"):
        return recorded_account(row["email"], row["password"], row.get("mfa_code"))
    activities: list[ActivitySpec] = []
    resting_hr: dict[date, float] = {}
    if row.get("six_months_until"):
        zone = row.get("zone", "Europe/Amsterdam")
        activities, resting_hr = six_months_of_training(
            date.fromisoformat(row["six_months_until"]), zone
        )
    activities += [_spec_from_json(spec) for spec in row.get("activities", [])]
    resting_hr |= {
        date.fromisoformat(day): float(bpm) for day, bpm in row.get("resting_hr", {}).items()
    }
    return synthesized_account(
        row["email"],
        row["password"],
        activities,
        mfa_code=row.get("mfa_code"),
        display_name=row.get("display_name"),
        resting_hr=resting_hr,
    )


def _spec_from_json(spec: dict[str, Any]) -> ActivitySpec:
    known = {item.name for item in fields(ActivitySpec)}
    unknown = set(spec) - known
    if unknown:
        raise ValueError(f"unknown activity keys: {sorted(unknown)}")
    return ActivitySpec(**{**spec, "start": datetime.fromisoformat(spec["start"])})


def _weekly_km(week: int) -> float:
    """20 km rising 1 km a week, every fourth week 30 % easier, the last two weeks 40 % above."""
    base = 20.0 + week
    if week >= _WEEKS - _SPIKE_WEEKS:
        return (20.0 + _WEEKS - _SPIKE_WEEKS - 1) * 1.4
    return base * 0.7 if week % 4 == 3 else base


def _strain(offset_from_first_monday: int) -> float:
    return 4.0 if offset_from_first_monday >= (_WEEKS - _SPIKE_WEEKS) * 7 else 0.0


def _activity(
    session: _Session, day: date, weekly_km: float, zone: str, rng: random.Random
) -> ActivitySpec:
    clock = time(7, 0) if day.weekday() < 5 else time(9, 30)
    start = datetime.combine(day, clock, tzinfo=ZoneInfo(zone)) + timedelta(
        minutes=rng.randint(-20, 40)
    )
    if session.pace_s_per_km == 0:
        minutes = session.share * 10 * rng.uniform(0.9, 1.1)
        distance_m: float | None = round(minutes * 60 * 7.5, 1)
        duration_s = round(minutes * 60)
    else:
        km = weekly_km * session.share * rng.uniform(0.92, 1.08)
        distance_m = round(km * 1000, 1)
        duration_s = round(km * session.pace_s_per_km * rng.uniform(0.97, 1.03))
    return ActivitySpec(
        start=start,
        sport=session.sport,
        distance_m=distance_m,
        duration_s=duration_s,
        avg_hr_bpm=round(session.avg_hr + rng.uniform(-4, 4)),
        zone=zone,
        rpe=session.rpe,
        effect_label=session.effect,
    )
