"""The real garminconnect library against the loopback fake, with its deliberate pauses skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from service.demo.fakes.garmin_accounts import (
    ActivitySpec,
    recorded_account,
    synthesized_account,
)
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.integrations.garmin import LoginOk, start_login
from tests.support.garmin_sleeps import library_sleeps_skipped

RUNNER = "runner@example.com"
RUNNER_PASSWORD = "runner-password"
MFA_RUNNER = "mfa.runner@example.com"
MFA_PASSWORD = "mfa-password"
MFA_CODE = "246810"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# One activity a day from 1 June 2026, 07:00 Amsterdam time (CEST, UTC+2).
RUNNER_SPORTS = [
    ("running", 10000.0, 3300.0),
    ("trail_running", 12000.0, 4800.0),
    ("treadmill_running", 6000.0, 1900.0),
    ("track_running", 5000.0, 1500.0),
    ("road_biking", 40000.0, 5400.0),
    ("indoor_cycling", None, 3600.0),
    ("lap_swimming", 2000.0, 2400.0),
    ("strength_training", None, 2700.0),
    ("yoga", None, 3000.0),
]


def runner_activities() -> list[ActivitySpec]:
    first = datetime(2026, 6, 1, 7, 0, tzinfo=AMSTERDAM)
    return [
        ActivitySpec(
            start=first + timedelta(days=index),
            sport=sport,
            distance_m=distance,
            duration_s=duration,
            avg_hr_bpm=140.0 + index,
            activity_id=30_000_000_000 + index,
            rpe=5 if sport == "running" else None,
            original_fit="garmin-fenix5-run-2017-06-11.fit" if sport == "running" else None,
        )
        for index, (sport, distance, duration) in enumerate(RUNNER_SPORTS)
    ]


RUNNER_RESTING_HR = {date(2026, 6, 1) + timedelta(days=day): 48.0 + day % 4 for day in range(30)}


@pytest.fixture
def library_pauses() -> Iterator[list[float]]:
    with library_sleeps_skipped() as pauses:
        yield pauses


@pytest.fixture
def fake(library_pauses: list[float]) -> Iterator[FakeGarminConnect]:
    accounts = [
        recorded_account(),
        synthesized_account(
            RUNNER, RUNNER_PASSWORD, runner_activities(), resting_hr=RUNNER_RESTING_HR
        ),
        synthesized_account(MFA_RUNNER, MFA_PASSWORD, mfa_code=MFA_CODE),
    ]
    with FakeGarminConnect(accounts) as server:
        yield server


@pytest.fixture
def tokens_for(fake: FakeGarminConnect) -> Callable[[str, str], str]:
    """Log in through the real flow and return the token blob."""

    def login(email: str, password: str) -> str:
        result = start_login(email, password, fake.endpoints)
        assert isinstance(result, LoginOk)
        return result.token_blob

    return login
