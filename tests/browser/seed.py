"""People and twenty weeks of running for the browser tests, stored through the real paths.

Run in the embedded environment of the server under test (``python -m tests.browser.seed``):
accounts through the accounts service, runs through ``ingest_activities`` and the series through
``recompute_metrics``; the follow-up tasks (rule evaluation) go to that installation's broker,
where the worker of ``loadwatch serve`` picks them up.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from service import runner
from service.accounts.service import create_user
from service.activities.service import ingest_activities
from service.athletes.access import AthleteAccess
from service.checkins.schemas import CheckinIn
from service.checkins.service import record_checkin
from service.clock import utcnow
from service.db import session_scope
from service.integrations.base import ActivityData, Source, Sport
from service.metrics.service import recompute_metrics
from service.models import CoachLink, LinkStatus, Role, User, WellnessDay

PASSWORD = "browser-test-password"
WEEKS = 20
SEED = 20261122


@dataclass(frozen=True)
class Runner:
    email: str
    name: str
    locale: str
    weekly_km: float  # the first week's volume; each week adds 3 %
    spike_km: float | None  # a long run two days ago, or none
    shares_symptoms: bool
    garmin_days: int = 0  # days of Garmin's own acute and chronic load, up to yesterday
    checkin_weeks: int = 0  # weeks of Achilles check-ins, pain slowly rising


COACH = ("coach@browser.test", "Carla Coach")
RUNNERS = (
    Runner(
        "anna@browser.test",
        "Anna de Vries",
        "nl",
        28.0,
        24.0,
        True,
        garmin_days=60,
        checkin_weeks=6,
    ),
    Runner("ben@browser.test", "Ben Jansen", "en", 35.0, None, False),
    Runner("chris@browser.test", "Chris Bakker", "en", 20.0, None, True),
)

# A runner of her own coach, with many open warnings of every severity: the urgent and the
# referral ones are the oldest, the load warnings of her long run two days ago the newest.
DORA_COACH = ("dirk@browser.test", "Dirk Trainer")
DORA = Runner("dora@browser.test", "Dora Dekker", "nl", 30.0, 26.0, True)
EVA = Runner("eva@browser.test", "Eva Smit", "nl", 26.0, 24.0, True)
"""Dirk's other runner: her long run two days ago was far above her usual (a spike)."""
# A runner of her own coach whose activities the runs pages' tests correct: runs, a ride and a
# treadmill run from an uploaded file.
FENNA_COACH = ("gert@browser.test", "Gert Visser")
FENNA = Runner("fenna@browser.test", "Fenna Visser", "en", 24.0, None, True, checkin_weeks=3)
PHYSIO = ("pim@browser.test", "Pim Fysio")
"""A physiotherapist whom Anna and Dora share their symptoms with."""
DORA_RED_FLAGS = ((5, "low_back", "cannot_move"), (4, "achilles", "sudden_snap"))
"""(days ago, region, flag) of Dora's red-flag reports."""


def _week_of_runs(
    runner_: Runner, monday: datetime, week: int, rng: random.Random
) -> list[tuple[datetime, float]]:
    """Four runs a week: three easy ones and a Sunday long run of about a third of the week."""
    total = runner_.weekly_km * 1.03**week * rng.uniform(0.92, 1.08)
    shares = (0.2, 0.22, 0.23, 0.35)
    days = (1, 3, 5, 6)
    return [
        (monday + timedelta(days=day, hours=6 + rng.random()), round(total * share, 1))
        for day, share in zip(days, shares, strict=True)
    ]


def activities_of(runner_: Runner, now: datetime, rng: random.Random) -> list[ActivityData]:
    this_monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0)
    first = this_monday - timedelta(weeks=WEEKS - 1)
    runs = [
        run
        for week in range(WEEKS)
        for run in _week_of_runs(runner_, first + timedelta(weeks=week), week, rng)
        if run[0] < now - timedelta(days=2, hours=12)
    ]
    if runner_.spike_km is not None:
        runs.append(((now - timedelta(days=2)).replace(hour=7, minute=30), runner_.spike_km))
    return [
        ActivityData(
            source=Source.GARMIN,
            external_id=f"{runner_.email}-{start:%Y%m%d%H%M}",
            sport=Sport.RUNNING,
            start_utc=start,
            duration_s=km * 330.0,
            distance_m=km * 1000.0,
            avg_hr_bpm=140.0 + rng.uniform(-8, 12),
            rpe=round(rng.uniform(3, 7)),
            vendor_load=round(km * rng.uniform(8, 11), 1),
            raw={"id": f"{runner_.email}-{start:%Y%m%d%H%M}", "km": km},
        )
        for start, km in runs
    ]


def garmin_wellness(
    athlete_id: int, now: datetime, days: int, rng: random.Random
) -> list[WellnessDay]:
    """Garmin's own acute and chronic load as its daily summary reports them."""
    rows = []
    for back in range(days, 0, -1):
        acute = 380 + 120 * rng.random()
        chronic = 400 + 40 * rng.random()
        rows.append(
            WellnessDay(
                athlete_id=athlete_id,
                source="garmin",
                day=(now - timedelta(days=back)).date(),
                vendor_acute_load=round(acute, 1),
                vendor_chronic_load=round(chronic, 1),
                vendor_acwr=round(acute / chronic, 2),
                vendor_acwr_status="OPTIMAL",
            )
        )
    return rows


def record_checkins(session: Session, athlete: User, now: datetime, weeks: int) -> None:
    """Weekly Achilles check-ins and a few mornings, through the check-ins service."""
    access = AthleteAccess(athlete, athlete, None)
    today = now.date()
    for week in range(weeks, 0, -1):
        day = today - timedelta(weeks=week) + timedelta(days=1)
        pain = 1 + (weeks - week) // 2
        weekly = CheckinIn(
            kind="weekly",
            date=day,
            region="achilles",
            pain_week=pain,
            ostrc=[8, 8, 0, 8 if pain > 2 else 0],
        )
        record_checkin(session, access, weekly)
        morning = CheckinIn(
            kind="daily",
            date=day + timedelta(days=2),
            region="achilles",
            morning_pain=pain,
            morning_stiffness_min=5 * pain,
        )
        record_checkin(session, access, morning)


def record_red_flags(session: Session, athlete: User, now: datetime) -> None:
    """Dora's red-flag reports, through the check-ins service."""
    access = AthleteAccess(athlete, athlete, None)
    for days_ago, region, flag in DORA_RED_FLAGS:
        report = CheckinIn(
            kind="red_flag",
            date=now.date() - timedelta(days=days_ago),
            region=region,
            red_flags=[flag],
        )
        record_checkin(session, access, report)


def add_runner(
    session: Session, coach: User, person: Runner, now: datetime, rng: random.Random
) -> User:
    athlete = create_user(
        session,
        email=person.email,
        password=PASSWORD,
        role=Role.ATHLETE,
        display_name=person.name,
        locale=person.locale,
        locale_chosen=True,  # Ben reads English even on the Dutch phone of the tests
        verified=True,
    )
    session.flush()
    session.add(
        CoachLink(
            athlete_id=athlete.id,
            staff_id=coach.id,
            invited_by_id=athlete.id,
            status=LinkStatus.ACTIVE,
            share_symptoms=person.shares_symptoms,
            accepted_at=now,
        )
    )
    ingest_activities(session, athlete.id, activities_of(person, now, rng))
    recompute_metrics(session, athlete.id, (now - timedelta(weeks=WEEKS + 1)).date())
    if person.garmin_days:
        session.add_all(garmin_wellness(athlete.id, now, person.garmin_days, rng))
    if person.checkin_weeks:
        record_checkins(session, athlete, now, person.checkin_weeks)
    return athlete


def seed() -> None:
    runner.migrate()
    rng = random.Random(SEED)
    now = utcnow().astimezone(UTC)
    with session_scope() as session:
        coach = create_user(
            session,
            email=COACH[0],
            password=PASSWORD,
            role=Role.COACH,
            display_name=COACH[1],
            verified=True,
        )
        anna, *_ = [add_runner(session, coach, person, now, rng) for person in RUNNERS]
        dora_coach = create_user(
            session,
            email=DORA_COACH[0],
            password=PASSWORD,
            role=Role.COACH,
            display_name=DORA_COACH[1],
            verified=True,
        )
        dora = add_runner(session, dora_coach, DORA, now, rng)
        record_red_flags(session, dora, now)
        add_runner(session, dora_coach, EVA, now, rng)
        fenna_coach = create_user(
            session,
            email=FENNA_COACH[0],
            password=PASSWORD,
            role=Role.COACH,
            display_name=FENNA_COACH[1],
            verified=True,
        )
        fenna = add_runner(session, fenna_coach, FENNA, now, rng)
        ingest_activities(session, fenna.id, other_sports(now))

        physio = create_user(
            session,
            email=PHYSIO[0],
            password=PASSWORD,
            role=Role.PHYSIO,
            display_name=PHYSIO[1],
            locale="nl",
            locale_chosen=True,
            verified=True,
        )
        session.flush()
        for athlete in (anna, dora):
            session.add(
                CoachLink(
                    athlete_id=athlete.id,
                    staff_id=physio.id,
                    invited_by_id=athlete.id,
                    status=LinkStatus.ACTIVE,
                    share_symptoms=True,
                    accepted_at=now,
                )
            )


def other_sports(now: datetime) -> list[ActivityData]:
    """A ride three days ago and a treadmill run from an uploaded file four days ago."""
    ride = (now - timedelta(days=3)).replace(hour=16, minute=0, second=0, microsecond=0)
    treadmill = (now - timedelta(days=4)).replace(hour=18, minute=0, second=0, microsecond=0)
    return [
        ActivityData(
            source=Source.GARMIN,
            external_id="fenna-ride",
            sport=Sport.CYCLING,
            start_utc=ride,
            duration_s=5400.0,
            distance_m=42_000.0,
            avg_hr_bpm=128.0,
            max_hr_bpm=151.0,
            raw={"id": "fenna-ride"},
        ),
        ActivityData(
            source=Source.FILE,
            external_id="fenna-treadmill.fit",
            sport=Sport.TREADMILL_RUNNING,
            start_utc=treadmill,
            duration_s=2400.0,
            distance_m=7_200.0,
            avg_hr_bpm=146.0,
            max_hr_bpm=167.0,
            raw={"file": "fenna-treadmill.fit"},
        ),
    ]


if __name__ == "__main__":
    seed()
    sys.stdout.write("seeded\n")
