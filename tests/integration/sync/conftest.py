"""Sync tests: the real garminconnect library against the loopback fake, the real httpx client
against the fake Google Health API, real PostgreSQL (rolled back per test)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from service.clock import utcnow
from service.config import Settings
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.demo.fakes.google_health import FakeGoogleHealth
from service.integrations.garmin import LoginOk, start_login
from service.integrations.google_oauth import ACTIVITY_READ_SCOPE, TokenSet
from service.models import Connection, Role, User
from tests.support.garmin_sleeps import library_sleeps_skipped

from .support import (
    HEALTH_USER,
    RUNNER,
    RUNNER_PASSWORD,
    garmin_accounts,
    google_users,
    savepoint_transactions,
    seed_connection,
    settings_for,
    utc_today,
)


@pytest.fixture
def library_pauses() -> Iterator[list[float]]:
    with library_sleeps_skipped() as pauses:
        yield pauses


@pytest.fixture
def today() -> date:
    """The UTC day the test runs on (a sync's day): the fakes' data and the test's expectations
    count from it."""
    return utc_today()


@pytest.fixture
def garmin(library_pauses: list[float], today: date) -> Iterator[FakeGarminConnect]:
    with FakeGarminConnect(garmin_accounts(today)) as server:
        yield server


@pytest.fixture
def google(today: date) -> Iterator[FakeGoogleHealth]:
    with FakeGoogleHealth(users=google_users(today)) as server:
        yield server


@pytest.fixture
def settings(garmin: FakeGarminConnect) -> Settings:
    return settings_for(garmin)


@pytest.fixture
def fitbit_settings(garmin: FakeGarminConnect, google: FakeGoogleHealth) -> Settings:
    return settings_for(garmin, google)


@pytest.fixture
def tx(db_session: Session) -> Callable[[], Any]:
    """The tests' stand-in for ``session_scope``: each block commits a savepoint."""
    return savepoint_transactions(db_session)


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


@pytest.fixture
def connect_fitbit(
    db_session: Session, google: FakeGoogleHealth, fitbit_settings: Settings
) -> Callable[..., Connection]:
    """A due Fitbit connection holding a token set issued by the fake."""

    def make(athlete: User, expires_in_s: float = 3000) -> Connection:
        access, refresh = google.issue_tokens(HEALTH_USER, ACTIVITY_READ_SCOPE)
        tokens = TokenSet(access, refresh, utcnow() + timedelta(seconds=expires_in_s), "")
        keys = fitbit_settings.encryption_key_list()
        return seed_connection(db_session, athlete, "fitbit", tokens.to_json(), keys)

    return make


@pytest.fixture
def private_database(own_database: str) -> Settings:
    """Settings for a database of this test's own, for work that must really commit."""
    return Settings(database_url=own_database)
