"""Seeded people and training for the benchmarks, stored the way the product stores them.

Runs go through ``ingest_activities``, the series through ``recompute_metrics``, the rules
through ``evaluate_athlete`` and check-ins through ``record_checkin``. The athletes themselves
are plain ``users`` rows shaped like the accounts service's (they never sign in, so no argon2
hash is computed for them); the coach is created by the accounts service and signs in for real.
"""

from __future__ import annotations

import random
import sys
import time as clock
import traceback
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import checkout  # noqa: F401  (the checkout on sys.path, for tests.*)
from sqlalchemy.orm import Session

from service.accounts.service import create_user
from service.athletes.access import AthleteAccess
from service.checkins.schemas import CheckinIn
from service.checkins.service import record_checkin
from service.config import get_settings
from service.demo.fakes.garmin_accounts import ActivitySpec, FakeAccount, synthesized_account
from service.demo.fakes.garmin_server import FakeGarminConnect, RecordedRequest
from service.demo.fakes.garmin_state import Answer, Request
from service.integrations.base import ActivityData, Source, Sport
from service.models import CoachLink, Connection, LinkStatus, Role, User
from tests.integration.sync.support import seed_connection

ZONE = "Europe/Amsterdam"
GARMIN_PASSWORD = "bench-garmin-password"  # noqa: S105 - an account of the fake Garmin
COACH_PASSWORD = "bench-coach-password"  # noqa: S105 - an account in a throw-away database
RUN_SHARE = 0.65  # of days with a run
DOUBLE_SHARE = 0.10  # of run days with a second, evening run
PACE_S_PER_KM = 330.0


def training(
    rng: random.Random, key: str, first_day: date, days: int, zone: str = ZONE
) -> list[ActivityData]:
    """``days`` days of running from ``first_day``: a run on 65 % of days (a tenth of them
    doubled in the evening), each of gamma-distributed length around the athlete's level."""
    level_km = rng.gammavariate(4.0, 2.5)
    items = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if rng.random() >= RUN_SHARE:
            continue
        runs = 2 if rng.random() < DOUBLE_SHARE else 1
        for n in range(runs):
            km = round(max(1.0, level_km * rng.gammavariate(3.0, 1 / 3)), 2)
            hour = time(6 + 12 * n, rng.randrange(60))
            items.append(one_run(rng, f"{key}-{day:%Y%m%d}-{n}", day, hour, km, zone))
    return items


def one_run(
    rng: random.Random, external_id: str, day: date, at: time, km: float, zone: str = ZONE
) -> ActivityData:
    """A run as a synced Garmin activity would arrive: SI units, UTC start, the raw payload."""
    start = datetime.combine(day, at, ZoneInfo(zone)).astimezone(UTC)
    avg_hr = round(135 + rng.uniform(-10, 20), 1)
    rpe = rng.randint(3, 8)
    return ActivityData(
        source=Source.GARMIN,
        external_id=external_id,
        sport=Sport.RUNNING,
        start_utc=start,
        duration_s=round(km * PACE_S_PER_KM, 1),
        distance_m=km * 1000.0,
        avg_hr_bpm=avg_hr,
        rpe=rpe,
        name="Morning Run" if at.hour < 12 else "Evening Run",
        timezone=zone,
        vendor_load=round(km * rng.uniform(8, 11), 1),
        raw={"activityId": external_id, "distance": km * 1000.0, "averageHR": avg_hr, "rpe": rpe},
    )


def add_coach(session: Session, email: str) -> User:
    """A coach through the accounts service, who signs in with ``COACH_PASSWORD``."""
    coach = create_user(
        session,
        email=email,
        password=COACH_PASSWORD,
        role=Role.COACH,
        display_name="Coach",
        verified=True,
    )
    session.flush()
    return coach


def add_athletes(
    session: Session, coach: User | None, count: int, label: str, *, share_symptoms: bool = True
) -> list[User]:
    """``count`` athletes, each actively linked to ``coach`` (when given)."""
    athletes = [
        User(
            email=f"{label}.athlete{n}@bench.example",
            password_hash="!",  # noqa: S106 - no password: these athletes never sign in
            role=Role.ATHLETE.value,
            display_name=f"Athlete {n:03d}",
            locale="nl" if n % 3 == 0 else "en",
            timezone=ZONE,
            email_verified_at=datetime.now(UTC),
        )
        for n in range(count)
    ]
    session.add_all(athletes)
    session.flush()
    if coach is not None:
        session.add_all(
            CoachLink(
                athlete_id=athlete.id,
                staff_id=coach.id,
                invited_by_id=athlete.id,
                status=LinkStatus.ACTIVE,
                share_symptoms=share_symptoms,
            )
            for athlete in athletes
        )
        session.flush()
    return athletes


def weekly_checkins(
    session: Session, athlete: User, today: date, weeks: int, rng: random.Random
) -> int:
    """Weekly Achilles check-ins for the last ``weeks`` weeks, pain wandering between 0 and 6."""
    access = AthleteAccess(athlete, athlete, None)
    pain = rng.randint(0, 3)
    for week in range(weeks, 0, -1):
        pain = min(6, max(0, pain + rng.choice((-1, 0, 0, 1))))
        ostrc = [0, 0, 0, 0] if pain < 2 else [8, 8, 0, 8]
        checkin = CheckinIn(
            kind="weekly",
            date=today - timedelta(weeks=week - 1, days=1),
            region="achilles",
            pain_week=pain,
            ostrc=[float(answer) for answer in ostrc],
        )
        record_checkin(session, access, checkin)
    return weeks


def chunks[T](items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` in consecutive slices of ``size`` (the last one shorter)."""
    return [items[start : start + size] for start in range(0, len(items), size)]


class SlowGarmin(FakeGarminConnect):
    """The fake Garmin Connect answering every API request ``latency_s`` late (its server
    threads wait; requests in flight at once wait side by side, as at a real remote service)."""

    def __init__(self, accounts: Sequence[FakeAccount], latency_s: float) -> None:
        super().__init__(accounts)
        self.latency_s = latency_s
        self._server.handle_error = _quiet_when_hung_up  # type: ignore[method-assign,assignment]

    def handle(self, request: Request) -> Answer:
        if not request.path.startswith("/__fake__/"):
            clock.sleep(self.latency_s)
        return super().handle(request)

    def api_requests_since(self, moment: float) -> list[RecordedRequest]:
        """Requests logged at or after ``moment`` (``time.monotonic()``)."""
        return [r for r in self.requests if r.monotonic >= moment]


def _quiet_when_hung_up(_request: object, _address: object) -> None:
    """A client killed mid-request (the recovery benchmark does that) is no error of the fake."""
    if not isinstance(sys.exc_info()[1], ConnectionError):
        traceback.print_exc()


def garmin_email(n: int) -> str:
    return f"runner{n}@garmin.bench.example"


def garmin_accounts(count: int, activities: int, today: date) -> list[FakeAccount]:
    """``count`` Garmin accounts, each with ``activities`` runs spread over the last 88 days
    (inside the first sync's 90-day backfill)."""
    zone = ZoneInfo(ZONE)
    step = 88 / max(activities, 1)
    return [
        synthesized_account(
            garmin_email(n),
            GARMIN_PASSWORD,
            [
                ActivitySpec(
                    start=datetime.combine(
                        today - timedelta(days=88 - int(k * step)), time(7), zone
                    ),
                    distance_m=6000.0 + 250 * (k % 9),
                    duration_s=1900.0 + 90 * (k % 9),
                    avg_hr_bpm=138.0 + k % 11,
                    activity_id=50_000_000_000 + k,
                )
                for k in range(activities)
            ],
        )
        for n in range(count)
    ]


def connect_garmin(
    session: Session, garmin: FakeGarminConnect, count: int, label: str = "garmin"
) -> list[Connection]:
    """An athlete with a due Garmin connection per fake account (tokens issued without the
    login's deliberate pauses, sealed as a real connection keeps them), committed."""
    keys = get_settings().encryption_key_list()
    athletes = add_athletes(session, None, count, label)
    return [
        seed_connection(session, athlete, "garmin", garmin.token_blob(garmin_email(n)), keys)
        for n, athlete in enumerate(athletes)
    ]
