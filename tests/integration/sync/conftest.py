"""Sync tests: the real garminconnect library against the loopback fake, the real httpx client
against the fake Google Health API, real PostgreSQL (rolled back per test)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from service.config import GarminSettings, GoogleSettings, Settings
from service.connections.credentials import store_credentials
from service.connections.policy import SyncPolicy
from service.connections.windows import new_cursor
from service.integrations.garmin import LoginOk, start_login
from service.models import Connection, ConnectionState, Role, User
from service.models.base import utcnow
from tests.fakes.garmin_accounts import ActivitySpec, synthesized_account
from tests.fakes.garmin_server import FakeGarminConnect
from tests.fakes.garmin_sleeps import library_sleeps_skipped

RUNNER = "sync.runner@example.com"
RUNNER_PASSWORD = "sync-runner-password"
MFA_RUNNER = "sync.mfa@example.com"
MFA_PASSWORD = "sync-mfa-password"
MFA_CODE = "135790"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = datetime.now(UTC).date()
#: Fast retries for tests; the shape (equal jitter, Retry-After floor) is the production one.
QUICK = SyncPolicy(backoff_base_s=0.2, backoff_cap_s=0.8)


def runner_specs(today: date = TODAY) -> list[ActivitySpec]:
    """Twelve sessions spread over the last 90 days, running sub-types and a ride included."""
    sports = ["running", "trail_running", "road_biking", "treadmill_running"]
    return [
        ActivitySpec(
            start=datetime.combine(today - timedelta(days=85 - 7 * n), time(7, 0), AMSTERDAM),
            sport=sports[n % len(sports)],
            distance_m=8000.0 + 500 * n,
            duration_s=2700.0 + 60 * n,
            avg_hr_bpm=140.0 + n,
            activity_id=40_000_000_000 + n,
        )
        for n in range(12)
    ]


RESTING_HR = {TODAY - timedelta(days=day): 50.0 + day % 3 for day in range(0, 80, 4)}


@pytest.fixture
def garmin(library_pauses: list[float]) -> Iterator[FakeGarminConnect]:
    accounts = [
        synthesized_account(RUNNER, RUNNER_PASSWORD, runner_specs(), resting_hr=RESTING_HR),
        synthesized_account(MFA_RUNNER, MFA_PASSWORD, runner_specs()[-3:], mfa_code=MFA_CODE),
    ]
    with FakeGarminConnect(accounts) as server:
        yield server


@pytest.fixture
def library_pauses() -> Iterator[list[float]]:
    with library_sleeps_skipped() as pauses:
        yield pauses


@pytest.fixture
def settings_for(garmin: FakeGarminConnect) -> Callable[..., Settings]:
    def make(**google: Any) -> Settings:
        endpoints = garmin.endpoints
        return Settings(
            garmin=GarminSettings(
                connectapi=endpoints.connectapi,
                sso=endpoints.sso,
                di_token_url=endpoints.di_token_url,
            ),
            google=GoogleSettings(**google),
        )

    return make


@pytest.fixture
def settings(settings_for: Callable[..., Settings]) -> Settings:
    return settings_for()


@pytest.fixture
def tx(db_session: Session) -> Callable[[], Any]:
    """The tests' stand-in for ``session_scope``: each block commits a savepoint."""

    @contextmanager
    def transaction() -> Iterator[Session]:
        try:
            yield db_session
            db_session.commit()
        except BaseException:
            db_session.rollback()
            raise

    return transaction


@pytest.fixture
def athlete(make_user: Callable[..., User]) -> User:
    return make_user(Role.ATHLETE)


@pytest.fixture
def connect_garmin(
    db_session: Session, garmin: FakeGarminConnect, settings: Settings
) -> Callable[..., Connection]:
    """A due Garmin connection holding tokens from a real login at the fake."""

    def make(athlete: User, email: str = RUNNER, password: str = RUNNER_PASSWORD) -> Connection:
        result = start_login(email, password, garmin.endpoints)
        assert isinstance(result, LoginOk)
        return seed_connection(
            db_session, athlete, "garmin", result.token_blob, settings.encryption_key_list()
        )

    return make


def seed_connection(
    session: Session, athlete: User, provider: str, secret: str, keys: list[bytes]
) -> Connection:
    now = utcnow()
    connection = Connection(
        athlete_id=athlete.id,
        provider=provider,
        state=ConnectionState.OK,
        cursor=new_cursor(now.date(), SyncPolicy()),
        next_attempt_at=now,
        attempts=0,
    )
    session.add(connection)
    session.flush()
    store_credentials(connection, secret, keys)
    session.commit()
    return connection
