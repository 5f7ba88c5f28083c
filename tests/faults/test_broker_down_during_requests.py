"""Redis down while people use the API: a check-in and an archive upload are answered as usual
(no 500), the database keeps what they asked for, and once Redis is back the sweeps send it and
a worker does it. ("Sync now" during an outage: ``tests/api/test_connections.py``.)

A real API server and a real worker, on the test's own database and a private Redis that the
test stops and starts again, empty.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import Interval, func, literal, select, update

from service.models import Checkin, FileImport, QueuedTask
from tests.faults.rig import Rig
from tests.support.corpus import REPO_ROOT, corpus_path
from tests.support.processes import free_port, healthy, running, wait_until

UVICORN = str(REPO_ROOT / ".venv" / "bin" / "uvicorn")
PASSWORD = "correct-horse-battery"


@pytest.fixture
def api(rig: Rig) -> Iterator[httpx.Client]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    rig.env["LOADWATCH_BASE_URL"] = base
    argv = [UVICORN, "service.main:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    with running(argv, rig.env, rig.log("api")):
        wait_until(lambda: healthy(base), 60, "the API server")
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client


def _athlete(api: httpx.Client) -> tuple[int, dict[str, str]]:
    body = {"email": "outage@example.com", "password": PASSWORD, "role": "athlete"}
    athlete = api.post("/api/v1/auth/signup", json=body)
    assert athlete.status_code == 201, athlete.text
    login = {"email": body["email"], "password": PASSWORD, "name": "outage"}
    token = api.post("/api/v1/auth/tokens", json=login)
    assert token.status_code == 201, token.text
    return athlete.json()["id"], {"Authorization": f"Bearer {token.json()['token']}"}


def _archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        name = "garmin-fenix5-run-2017-06-11.fit"
        archive.writestr(name, corpus_path("fit", name).read_bytes())
    return buffer.getvalue()


def _done(rig: Rig) -> bool:
    with rig.session() as session:
        imports = set(session.scalars(select(FileImport.status)))
        kept = session.scalar(select(func.count()).select_from(QueuedTask))
    return imports == {"done"} and kept == 0


def test_check_in_and_upload_while_redis_is_down_are_done_once_it_is_back(
    rig: Rig, api: httpx.Client
) -> None:
    athlete_id, headers = _athlete(api)
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

        assert answered.status_code == 201, answered.text
        assert upload.status_code == 200, upload.text
        with rig.session() as session:
            assert session.scalar(select(func.count()).select_from(Checkin)) == 1
            assert list(session.scalars(select(FileImport.status))) == ["queued"]
            kept = session.execute(select(QueuedTask.task, QueuedTask.arguments)).all()
            assert kept == [("rules.evaluate", f'{{"athlete_id":{athlete_id}}}')]

        rig.redis.start()  # empty: what the API tried to send is gone
        assert api.get("/healthz").json()["broker"] == "ok"
        by = literal(timedelta(minutes=20), Interval())
        with rig.session() as session:
            session.execute(update(FileImport).values(updated_at=FileImport.updated_at - by))
            session.execute(update(QueuedTask).values(requested_at=QueuedTask.requested_at - by))
        rig.sweep_until(["imports.sweep", "queue.sweep"], lambda: _done(rig), 90)

    log = rig.log("w1").read_text(errors="replace")
    assert "Task rules.evaluate[" in log and "Task imports.process[" in log
