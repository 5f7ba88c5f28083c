"""Accounts, workouts, settings and seeding shared by the sync, API and worker tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from service.clock import utcnow
from service.config import GarminSettings, GoogleSettings, Settings
from service.connections.credentials import store_credentials
from service.connections.policy import SyncPolicy
from service.connections.windows import new_cursor
from service.demo.fakes.garmin_accounts import ActivitySpec, FakeAccount, synthesized_account
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.demo.fakes.google_health import FakeGoogleHealth, FakeUser
from service.demo.fakes.google_health_data import FakeExercise
from service.models import Connection, ConnectionState, User

RUNNER = "sync.runner@example.com"
RUNNER_PASSWORD = "sync-runner-password"
MFA_RUNNER = "sync.mfa@example.com"
MFA_PASSWORD = "sync-mfa-password"
MFA_CODE = "135790"
HEALTH_USER = "5550001111"
WEBHOOK_SECRET = "Bearer webhook-secret-for-tests"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
#: Fast retries for tests; the shape (equal jitter, Retry-After floor) is the production one.
QUICK = SyncPolicy(backoff_base_s=0.2, backoff_cap_s=0.8)


def utc_today() -> date:
    """The day a sync counts its windows from (UTC, as the sync does), read at the call: a test
    takes it when it runs, never when its module loads, so a run that crosses midnight does
    not compare yesterday's fixtures with today's sync."""
    return utcnow().date()


def resting_hr(today: date) -> dict[date, float]:
    """The runner's resting heart rate every fourth day, from ``today`` back."""
    return {today - timedelta(days=day): 50.0 + day % 3 for day in range(0, 80, 4)}


def runner_specs(today: date | None = None, count: int = 12) -> list[ActivitySpec]:
    """Sessions a week apart in the 90 days up to ``today`` (default: the UTC day of the
    call), running sub-types and a ride included."""
    today = today or utc_today()
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
        for n in range(count)
    ]


def garmin_accounts(today: date | None = None) -> list[FakeAccount]:
    """The fake's runners, their sessions and resting heart rates up to ``today`` (default:
    the UTC day of the call)."""
    today = today or utc_today()
    specs = runner_specs(today)
    return [
        synthesized_account(RUNNER, RUNNER_PASSWORD, specs, resting_hr=resting_hr(today)),
        synthesized_account(MFA_RUNNER, MFA_PASSWORD, specs[-3:], mfa_code=MFA_CODE),
    ]


def workouts(today: date | None = None) -> list[FakeExercise]:
    """Thirty workouts in the 60 days up to ``today`` (default: the UTC day of the call; more
    than one page of 25), in Amsterdam time."""
    today = today or utc_today()
    types = ["RUNNING", "BIKING", "WALKING"]
    return [
        FakeExercise(
            point_id=f"w-{n:03d}",
            exercise_type=types[n % 3],
            start=datetime.combine(today - timedelta(days=60 - 2 * n), time(18, 0), AMSTERDAM),
            elapsed_s=1800 + 60 * n,
            distance_m=5000.0 + 100 * n,
            avg_hr_bpm=130 + n,
        )
        for n in range(30)
    ]


def google_users(today: date | None = None) -> list[FakeUser]:
    return [FakeUser(HEALTH_USER, "AB12CD", workouts(today))]


def settings_for(
    garmin: FakeGarminConnect | None = None, google: FakeGoogleHealth | None = None, **extra: Any
) -> Settings:
    """Settings pointing at the fakes (and Fitbit configured when ``google`` is given)."""
    garmin_settings = GarminSettings()
    if garmin is not None:
        endpoints = garmin.endpoints
        garmin_settings = GarminSettings(
            connectapi=endpoints.connectapi,
            sso=endpoints.sso,
            di_token_url=endpoints.di_token_url,
            service_root=endpoints.service_root,
            login_spacing_s=0,
        )
    google_settings = GoogleSettings()
    if google is not None:
        client = google.google_client()
        google_settings = GoogleSettings(
            client_id=client.client_id,
            client_secret=client.client_secret,
            auth_url=client.auth_url,
            token_url=client.token_url,
            api_base=client.api_base,
            webhook_secret=WEBHOOK_SECRET,
            webhook_keyset_url=f"{google.base_url}/webhooks/public_keyset.json",
        )
    return Settings(garmin=garmin_settings, google=google_settings, **extra)


def seed_connection(
    session: Session, athlete: User, provider: str, secret: str, keys: list[bytes]
) -> Connection:
    """A connected, due connection holding ``secret`` sealed (committed)."""
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


def savepoint_transactions(session: Session) -> Any:
    """A stand-in for ``session_scope`` inside a rolled-back test: each block commits a
    savepoint of ``session``."""

    @contextmanager
    def transaction() -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    return transaction
