"""Redis down while people and providers use the API: a check-in, an archive upload and a Google
Health webhook are answered as usual (no 500), the database keeps what they asked for, and once
Redis is back the sweeps send it and a worker does it. ("Sync now" during an outage:
``tests/api/test_connections.py``.)

A real API server and a real worker, on the test's own database and a private Redis that the
test stops and starts again, empty.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from service.demo.fakes.corpus import corpus_path
from service.demo.fakes.google_health_data import notification_body
from service.models import Checkin, Connection, FileImport, QueuedTask, SyncRun, User
from tests.faults.rig import Rig
from tests.integration.sync.support import seed_connection
from tests.support.paths import REPO_ROOT
from tests.support.processes import free_port, healthy, running, wait_until

UVICORN = str(REPO_ROOT / ".venv" / "bin" / "uvicorn")
PASSWORD = "correct-horse-battery"
WEBHOOK_SECRET = "Bearer webhook-secret-for-the-outage"
HEALTH_USER = "5550002222"


@pytest.fixture
def api(rig: Rig) -> Iterator[httpx.Client]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    rig.env.update(
        LOADWATCH_BASE_URL=base,
        LOADWATCH_GOOGLE__WEBHOOK_SECRET=WEBHOOK_SECRET,
        LOADWATCH_GOOGLE__WEBHOOK_KEYSET_URL="",  # the Authorization secret alone
        LOADWATCH_GOOGLE__API_BASE=f"http://127.0.0.1:{free_port()}",  # nothing listens
    )
    argv = [UVICORN, "service.main:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    with running(argv, rig.env, rig.log("api")):
        wait_until(lambda: healthy(base), 60, "the API server")
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client


def _athlete(api: httpx.Client) -> tuple[int, dict[str, str]]:
    body = {"email": "outage@example.com", "password": PASSWORD, "role": "athlete"}
    athlete = api.post("/api/v1/auth/signup", json=body)
    assert athlete.status_code == 202, athlete.text
    login = {"email": body["email"], "password": PASSWORD, "name": "outage"}
    token = api.post("/api/v1/auth/tokens", json=login)
    assert token.status_code == 201, token.text
    headers = {"Authorization": f"Bearer {token.json()['token']}"}
    return api.get("/api/v1/me", headers=headers).json()["id"], headers


def _archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        name = "garmin-fenix5-run-2017-06-11.fit"
        archive.writestr(name, corpus_path("fit", name).read_bytes())
    return buffer.getvalue()


def _fitbit_connection(rig: Rig, athlete_id: int) -> int:
    """A connected Fitbit account, not due for hours: only a notification makes it due."""
    with rig.session() as session:
        athlete = session.get_one(User, athlete_id)
        keys = rig.settings.encryption_key_list()
        connection = seed_connection(session, athlete, "fitbit", '{"refresh_token": "r"}', keys)
        connection.external_user_id = HEALTH_USER
        connection.next_attempt_at = datetime.now(UTC) + timedelta(hours=1)
        return connection.id


def _notification() -> bytes:
    start = datetime.now(UTC) - timedelta(days=2)
    return json.dumps(notification_body(HEALTH_USER, start, start + timedelta(hours=1))).encode()


def _done(rig: Rig, connection_id: int) -> bool:
    with rig.session() as session:
        imports = set(session.scalars(select(FileImport.status)))
        kept = session.scalar(select(func.count()).select_from(QueuedTask))
        runs = session.scalar(select(func.count()).where(SyncRun.connection_id == connection_id))
    return imports == {"done"} and kept == 0 and bool(runs)


def test_check_in_and_upload_while_redis_is_down_are_done_once_it_is_back(
    rig: Rig, api: httpx.Client
) -> None:
    athlete_id, headers = _athlete(api)
    connection_id = _fitbit_connection(rig, athlete_id)
    with rig.worker("w1"):
        rig.redis.stop()
        health = api.get("/healthz").json()
        assert health["database"] == "ok" and health["broker"].startswith("error")

        day = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
        checkin = {"date": day, "kind": "daily", "region": "achilles", "morning_pain": 3}
        answered = api.post(f"/api/v1/athletes/{athlete_id}/checkins", json=checkin,
                            headers=headers)  # fmt: skip
        upload = api.post(f"/api/v1/athletes/{athlete_id}/activities/files", headers=headers,
                          files={"files": ("week.zip", _archive(), "application/zip")})  # fmt: skip
        notified = api.post("/api/v1/webhooks/google-health", content=_notification(),
                            headers={"Authorization": WEBHOOK_SECRET,
                                     "Content-Type": "application/json"})  # fmt: skip

        assert answered.status_code == 201, answered.text
        assert upload.status_code == 200, upload.text
        assert notified.status_code == 204, notified.text
        with rig.session() as session:
            assert session.scalar(select(func.count()).select_from(Checkin)) == 1
            assert list(session.scalars(select(FileImport.status))) == ["queued"]
            rows = session.execute(select(QueuedTask.task, QueuedTask.arguments))
            kept = {row.task: row.arguments for row in rows}
            assert kept == {  # every call the broker did not take, due at once
                "findings.evaluate": f'{{"athlete_id":{athlete_id}}}',
                "activities.process_import": kept["activities.process_import"],
                "connections.sync": f'{{"connection_id":{connection_id}}}',
            }
            connection = session.get_one(Connection, connection_id)
            assert connection.queued_at is not None  # due now, its message lost with Redis
            assert connection.next_attempt_at <= datetime.now(UTC)

        rig.redis.start()  # empty: what the API tried to send is gone
        assert api.get("/healthz").json()["broker"] == "ok"
        # No wait has to pass: the next queue sweep sends what could not be sent.
        rig.sweep_until(["queue.sweep"], lambda: _done(rig, connection_id), 60)

    log = rig.log("w1").read_text(errors="replace")
    for task in ("findings.evaluate", "activities.process_import", "connections.sync"):
        assert f"Task {task}[" in log
