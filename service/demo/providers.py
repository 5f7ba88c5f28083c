"""The fake Garmin Connect and Google Health API for the demo's lifetime, and the settings that
point loadwatch at them.

Both fakes serve on free loopback ports, in threads of the demo process. ``running_fakes`` sets
``LOADWATCH_GARMIN__*`` and ``LOADWATCH_GOOGLE__*`` in the environment before the settings are
read, so the demo's own seeding, the web service and the worker that ``loadwatch serve`` starts
all talk to them; the real connectors (``garminconnect``, httpx) do the talking. The fakes answer
with built-in bodies (no corpus needed) and keep the tokens they issued in the data folder, so a
second run on the same folder finds its connections still working.

Besides the demo athletes' own accounts, the fakes hold accounts for trying the connect buttons
live: Garmin ``runner@example.com`` and ``mfa.runner@example.com`` (code ``123456``), password
``loadwatch-demo``; "connect Fitbit" is approved as a Google user with two weeks of workouts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from service.config import get_settings
from service.demo.fakes.garmin_accounts import ActivitySpec, FakeAccount, synthesized_account
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.demo.fakes.garmin_shapes import BUILTIN
from service.demo.fakes.garmin_training import (
    DEMO_EMAIL,
    DEMO_MFA_CODE,
    DEMO_MFA_EMAIL,
    six_months_of_training,
)
from service.demo.fakes.google_health import FakeGoogleHealth
from service.demo.fakes.google_health_data import FakeExercise, FakeUser, demo_users
from service.demo.people import ATHLETES, DEMO_PASSWORD, DemoPerson
from service.demo.training import STORIES, Workout, resting_hr, workouts

GOOGLE_CLIENT_ID = "loadwatch-demo.apps.googleusercontent.com"
GOOGLE_CLIENT_SECRET = "loadwatch-demo-client-secret"  # noqa: S105 - the fake's, printed anyway
WEBHOOK_SECRET = "Bearer loadwatch-demo-webhook"  # noqa: S105 - the fake's
LIVE_GARMIN = ((DEMO_EMAIL, DEMO_PASSWORD, None), (DEMO_MFA_EMAIL, DEMO_PASSWORD, DEMO_MFA_CODE))
GOOGLE_SPORTS = {
    "running": "RUNNING",
    "road_biking": "OUTDOOR_BIKE",
    "indoor_cycling": "STATIONARY_BIKE",
}


@dataclass(frozen=True, slots=True)
class DemoFakes:
    garmin: FakeGarminConnect
    google: FakeGoogleHealth
    live_google_user: str


def health_user_id(person: DemoPerson) -> str:
    """The Google Health user id of a Fitbit athlete at the fake."""
    return f"42{person.seed:08d}"


def local_today(seeded_at: datetime, person: DemoPerson) -> date:
    """The athlete's today at the moment the demo was first seeded: every story ends there."""
    return seeded_at.astimezone(ZoneInfo(person.timezone)).date()


def athlete_workouts(person: DemoPerson, seeded_at: datetime) -> list[Workout]:
    today = local_today(seeded_at, person)
    return workouts(STORIES[person.story], today, person.timezone, person.seed)


def _garmin_account(person: DemoPerson, seeded_at: datetime) -> FakeAccount:
    specs = [
        ActivitySpec(
            start=item.start,
            sport=item.sport,
            distance_m=item.distance_m,
            duration_s=item.duration_s,
            avg_hr_bpm=item.avg_hr_bpm,
            zone=person.timezone,
            activity_id=23_000_000_000 + person.seed * 1000 + index,
        )
        for index, item in enumerate(athlete_workouts(person, seeded_at))
    ]
    return synthesized_account(
        person.email,
        DEMO_PASSWORD,
        specs,
        display_name=person.email.split("@")[0] + ".runs",
        resting_hr=resting_hr(local_today(seeded_at, person), person.seed),
        shapes=BUILTIN,
    )


def garmin_accounts(seeded_at: datetime) -> list[FakeAccount]:
    """The Garmin athletes' accounts, and the ones for trying "connect Garmin" live."""
    mine = [
        _garmin_account(person, seeded_at)
        for person in ATHLETES
        if person.source in ("garmin", "garmin_login")
    ]
    activities, heart = six_months_of_training(seeded_at.astimezone(UTC).date())
    live = [
        synthesized_account(
            email, password, activities, mfa_code=code, resting_hr=heart, shapes=BUILTIN
        )
        for email, password, code in LIVE_GARMIN
    ]
    return mine + live


def google_users(seeded_at: datetime) -> list[FakeUser]:
    """The Fitbit athletes' Google users, then the one "connect Fitbit" approves live as."""
    users = []
    for person in ATHLETES:
        if person.source != "fitbit":
            continue
        exercises = [
            FakeExercise(
                point_id=f"{person.seed}-{item.start:%Y%m%d%H%M}",
                exercise_type=GOOGLE_SPORTS[item.sport],
                start=item.start,
                elapsed_s=item.duration_s,
                active_s=round(item.duration_s * 0.98),
                distance_m=item.distance_m,
                avg_hr_bpm=round(item.avg_hr_bpm),
                name="Run" if item.is_run else "Ride",
            )
            for item in athlete_workouts(person, seeded_at)
        ]
        users.append(FakeUser(health_user_id(person), f"DEMO{person.seed}", exercises))
    return users + demo_users(seeded_at)


def _environment(garmin: FakeGarminConnect, google: FakeGoogleHealth) -> dict[str, str]:
    endpoints = garmin.endpoints
    return {
        "LOADWATCH_GARMIN__CONNECTAPI": endpoints.connectapi,
        "LOADWATCH_GARMIN__SSO": endpoints.sso,
        "LOADWATCH_GARMIN__DI_TOKEN_URL": endpoints.di_token_url,
        "LOADWATCH_GARMIN__SERVICE_ROOT": endpoints.service_root or "",
        **google.settings_env(WEBHOOK_SECRET),
    }


@contextmanager
def running_fakes(data_dir: Path, seeded_at: datetime) -> Iterator[DemoFakes]:
    """Start both fakes and point the settings at them until the block ends."""
    folder = data_dir / "fakes"
    folder.mkdir(parents=True, exist_ok=True)
    users = google_users(seeded_at)
    live_user = users[-1].health_user_id
    with ExitStack() as stack:
        garmin = stack.enter_context(
            FakeGarminConnect(
                garmin_accounts(seeded_at),
                shapes=BUILTIN,
                token_store=folder / "garmin-tokens.json",
            )
        )
        google = stack.enter_context(
            FakeGoogleHealth(
                users=users,
                client_id=GOOGLE_CLIENT_ID,
                client_secret=GOOGLE_CLIENT_SECRET,
                login_user=live_user,
                token_store=folder / "google-tokens.json",
            )
        )
        os.environ.update(_environment(garmin, google))
        get_settings.cache_clear()
        yield DemoFakes(garmin, google, live_user)
