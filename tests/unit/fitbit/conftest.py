"""Fixtures: a loopback fake of Google Health with two known users, and a real httpx client."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from service.demo.fakes.google_health import FakeGoogleHealth
from service.demo.fakes.google_health_data import FakeExercise, FakeUser
from service.integrations.google_oauth import GoogleClient

AMSTERDAM_WINTER = timezone(timedelta(hours=1))
LOS_ANGELES_SUMMER = timezone(timedelta(hours=-7))
RUNNER = "1092837465"
CYCLIST = "5647382910"


def runner_exercises() -> list[FakeExercise]:
    """Five workouts with known numbers; the table tests below read them back."""
    return [
        FakeExercise(
            "run-1",
            "RUNNING",
            datetime(2026, 11, 2, 7, 0, tzinfo=AMSTERDAM_WINTER),
            elapsed_s=2700,
            active_s=2580,
            distance_m=8421.5,
            avg_hr_bpm=151,
            name="Morning Run",
        ),
        FakeExercise(
            "ride-1",
            "BIKING",
            datetime(2026, 11, 3, 18, 30, tzinfo=AMSTERDAM_WINTER),
            elapsed_s=3600,
            distance_m=30250.0,
            avg_hr_bpm=128,
            name="Bike",
        ),
        FakeExercise(
            "swim-1",
            "SWIMMING",
            datetime(2026, 11, 4, 6, 15, tzinfo=AMSTERDAM_WINTER),
            elapsed_s=1800,
            distance_m=1500.0,
        ),
        FakeExercise(
            "walk-1",
            "WALKING",
            datetime(2026, 11, 5, 21, 0, tzinfo=LOS_ANGELES_SUMMER),
            elapsed_s=1200,
            distance_m=1766.6,
            avg_hr_bpm=101,
            name="Walk",
        ),
        FakeExercise(
            "hiit-1",
            "HIIT",
            datetime(2026, 11, 6, 12, 0, tzinfo=UTC),
            elapsed_s=900,
        ),
    ]


def many_runs(count: int) -> list[FakeExercise]:
    first = datetime(2026, 10, 1, 6, 0, tzinfo=UTC)
    return [
        FakeExercise(
            f"bulk-{i:03d}",
            "RUNNING",
            first + timedelta(hours=12 * i),
            elapsed_s=1800,
            distance_m=5000 + i,
        )
        for i in range(count)
    ]


@pytest.fixture
def fake() -> Iterator[FakeGoogleHealth]:
    users = [FakeUser(RUNNER, "2E4RVC", runner_exercises()), FakeUser(CYCLIST, "", many_runs(60))]
    with FakeGoogleHealth(users=users) as server:
        yield server


@pytest.fixture
def client(fake: FakeGoogleHealth) -> GoogleClient:
    return fake.google_client()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=httpx.Timeout(5.0)) as session:
        yield session
