"""The fake as the demo runs it: a separate process, users from a spec, the full OAuth dance."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from service.demo.fakes.google_health_data import users_from_spec
from service.integrations import google_oauth
from service.integrations.base import Sport
from service.integrations.fitbit import GoogleHealthClient
from service.integrations.google_oauth import GoogleClient
from tests.support.paths import REPO_ROOT

SPEC = {
    "users": [
        {
            "health_user_id": "3141592653",
            "legacy": "9ZZ8YY",
            "exercises": [
                {
                    "id": "demo-run",
                    "type": "RUNNING",
                    "start": "2026-11-20T07:00:00+01:00",
                    "minutes": 45,
                    "active_minutes": 43,
                    "km": 9.2,
                    "avg_hr": 148,
                    "name": "Morning run",
                },
                {
                    "id": "demo-ride",
                    "type": "BIKING",
                    "start": "2026-11-21T10:00:00+01:00",
                    "minutes": 90,
                    "km": 41.5,
                },
            ],
        }
    ]
}


def test_a_spec_becomes_users_with_workouts():
    (user,) = users_from_spec(SPEC)
    run, ride = user.exercises
    assert (user.health_user_id, user.legacy_user_id) == ("3141592653", "9ZZ8YY")
    assert (run.elapsed_s, run.active_s, run.distance_m, run.avg_hr_bpm) == (2700, 2580, 9200, 148)
    assert (ride.exercise_type, ride.active_s, ride.avg_hr_bpm) == ("BIKING", None, None)


@pytest.fixture
def demo_fake(tmp_path: Path) -> Iterator[dict[str, str]]:
    spec_file = tmp_path / "users.json"
    spec_file.write_text(json.dumps(SPEC))
    command = [sys.executable, "-m", "service.demo.fakes.google_health", "--port", "0"]
    process = subprocess.Popen(
        [*command, "--spec", str(spec_file)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield json.loads(process.stdout.readline())
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_the_demo_process_serves_oauth_and_workouts(demo_fake: dict[str, str]):
    base = demo_fake["base_url"]
    client = GoogleClient(
        demo_fake["client_id"],
        demo_fake["client_secret"],
        auth_url=f"{base}/o/oauth2/v2/auth",
        token_url=f"{base}/token",
        api_base=f"{base}/v4",
    )
    redirect = "http://127.0.0.1:8000/connections/fitbit/callback"
    with httpx.Client(timeout=5.0) as http:
        url, state, verifier = google_oauth.authorization_url(
            client, redirect, google_oauth.FITBIT_SCOPES
        )
        callback = parse_qs(urlsplit(http.get(url).headers["Location"]).query)
        assert callback["state"] == [state]
        tokens = google_oauth.exchange_code(
            client, callback["code"][0], verifier, redirect, http=http
        )
        api = GoogleHealthClient(tokens.access_token, api_base=client.api_base, http=http)
        assert api.identity() == "3141592653"
        activities = api.list_exercises(
            datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
        )
    assert [(a.external_id, a.sport, a.distance_m) for a in activities] == [
        ("demo-ride", Sport.CYCLING, 41500.0),
        ("demo-run", Sport.RUNNING, 9200.0),
    ]  # newest first, as Google lists them
