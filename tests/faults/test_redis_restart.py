"""Redis restarted without persistence while work waits in its queues: every message is gone,
and the database alone brings all of it back. Beat's sweeps send again the due syncs, the queued
imports, the pending alerts and the kept recompute requests; every athlete is synced once, every
import stored once, every alert delivered once. With the append-only file the compose file turns
on, a Redis killed outright comes back with every message, and no sweep is needed.

The sweeps wait before sending again what might still be on its way (five minutes for a sync,
fifteen for an import or a recompute); the test moves those rows' timestamps back by that much
instead of waiting, and plays beat by sending the sweeps itself.
"""

from __future__ import annotations

import io
import time
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Interval, func, literal, select, update

from service.activities.service import ingest_activities
from service.activities.uploads import Upload, queue_upload
from service.alerts.outbox import write_alerts
from service.demo.fakes.corpus import corpus_path
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.models import (
    Activity,
    Alert,
    Connection,
    DailyMetric,
    FileImport,
    QueuedTask,
    SeriesDirty,
    SyncRun,
)
from service.queue import broker_lost_messages
from tests.faults.rig import Rig
from tests.faults.world import ATHLETES, connect_runners, emails_sent
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import add_finding, add_user
from tests.integration.findings.support import NOW, steady_runs

UPLOADS = ("garmin-fenix5-run-2017-06-11.fit", "garmin-fr110-run-2013-02-06.fit")
SWEEPS = ["connections.sweep", "activities.sweep_imports", "alerts.sweep", "queue.sweep"]
#: Messages in each queue once everything is sent and before any worker of theirs runs.
WAITING = {"sync": ATHLETES, "imports": len(UPLOADS), "metrics": 1, "alerts": 3}


def _queue_everything(rig: Rig, garmin: FakeGarminConnect) -> dict[str, Any]:
    """Connections sent for sync, uploads, alerts and a recompute: all committed and sent."""
    made: dict[str, Any] = {"connections": connect_runners(rig, garmin, send=True), "alerts": []}
    with rig.session() as session:
        uploader = add_user(session)
        for name in UPLOADS:
            data = corpus_path("fit", name).read_bytes()
            queue_upload(session, rig.settings, uploader.id,
                         Upload(name, io.BytesIO(data), len(data), False))  # fmt: skip
        made["uploader"] = uploader.id
    with rig.session() as session:
        runner = add_user(session)
        runner.email = "recompute@example.com"
        ingest_activities(session, runner.id, steady_runs(NOW.date(), {NOW.date(): 18.0}))
        made["runner"] = runner.id
        for week in range(3):
            finding = add_finding(session, runner, day=date(2026, 3, 9) + timedelta(weeks=week))
            made["alerts"] += [alert.id for alert in write_alerts(session, finding)]
    return made


def _age_rows(rig: Rig, age: timedelta) -> None:
    by = literal(age, Interval())
    with rig.session() as session:
        session.execute(update(Connection).values(queued_at=Connection.queued_at - by))
        session.execute(update(FileImport).values(updated_at=FileImport.updated_at - by))
        session.execute(update(QueuedTask).values(requested_at=QueuedTask.requested_at - by))


def _waiting(rig: Rig) -> dict[str, int]:
    return {queue: rig.redis.queue_length(queue) for queue in WAITING}


def _idle_worker_answers(rig: Rig) -> None:
    """The worker that was running when Redis went away reconnected by itself."""
    rig.send("accounts.purge_expired")
    rig.wait(lambda: _succeeded(rig, "idle", "accounts.purge_expired"), 60, "the idle worker")


def _succeeded(rig: Rig, worker: str, task: str) -> bool:
    lines = rig.log(worker).read_text(errors="replace").splitlines()
    return any(f"Task {task}[" in line and "succeeded" in line for line in lines)


def _recovered(rig: Rig, made: dict[str, Any]) -> bool:
    with rig.session() as session:
        runs = session.execute(select(SyncRun.connection_id, SyncRun.status)).all()
        imports = session.scalars(select(FileImport.status)).all()
        alerts = session.scalars(select(Alert.status)).all()
        metrics = session.scalar(
            select(func.count()).where(DailyMetric.athlete_id == made["runner"])
        )
        kept = session.scalar(select(func.count()).select_from(QueuedTask))
    synced = sorted(c for c, status in runs if status == "succeeded")
    return (
        synced == sorted(made["connections"])
        and set(imports) == {"done"}
        and set(alerts) == {"sent"}
        and bool(metrics)
        and kept == 0
    )


def test_a_redis_restart_loses_the_queues_and_the_database_brings_everything_back(
    world: Rig, garmin: FakeGarminConnect, smtp: tuple[SmtpRecorder, int]
) -> None:
    rig, (recorder, _) = world, smtp
    with rig.worker("idle", "--queues", "default", concurrency=1):
        _sweep_once(rig)  # the broker has been seen: it holds the marker
        made = _queue_everything(rig, garmin)
        assert _waiting(rig) == WAITING

        rig.redis.restart()
        assert _waiting(rig) == dict.fromkeys(WAITING, 0)
        assert _dirty_from(rig, made["runner"]) is not None  # read as "updating" meanwhile
        _idle_worker_answers(rig)

        with rig.worker("w1", concurrency=2):
            # No wait has to pass: the queue sweep notices the lost marker and sends it all.
            rig.sweep_until(["queue.sweep"], lambda: _recovered(rig, made), 60)

    _assert_each_done_once(rig, made, recorder)
    assert _dirty_from(rig, made["runner"]) is None
    # Both workers take the default queue, so either may run the sweep that noticed the loss;
    # what matters is that exactly one sweep noticed it (the marker is set again at once).
    noticed = [_logged(rig, worker, "queue.broker_lost_messages") for worker in ("idle", "w1")]
    assert sum(noticed) == 1, noticed


def _logged(rig: Rig, worker: str, event: str) -> int:
    lines = rig.log(worker).read_text(errors="replace").splitlines()
    return sum(1 for line in lines if line.endswith(f": {event}"))


def test_with_the_former_waits_only_the_sweeps_bring_everything_back(
    world: Rig, garmin: FakeGarminConnect, smtp: tuple[SmtpRecorder, int]
) -> None:
    """A loss nothing saw (the broker kept its marker): the backstop waits send it again."""
    rig, (recorder, _) = world, smtp
    with rig.worker("idle", "--queues", "default", concurrency=1):
        _sweep_once(rig)
        made = _queue_everything(rig, garmin)
        for queue in (*WAITING, "imports"):
            rig.redis.client().delete(queue)  # the messages are gone, the marker is not

        with rig.worker("w1", concurrency=2):
            _age_rows(rig, timedelta(minutes=20))
            rig.sweep_until(SWEEPS, lambda: _recovered(rig, made), 120)

    _assert_each_done_once(rig, made, recorder)


def _sweep_once(rig: Rig) -> None:
    """What the first queue sweep does to a broker it never saw: leave its marker there."""
    namespace = rig.env["LOADWATCH_REDIS_NAMESPACE"]
    assert broker_lost_messages(rig.settings.model_copy(update={"redis_namespace": namespace}))


def _dirty_from(rig: Rig, athlete_id: int) -> date | None:
    with rig.session() as session:
        return session.scalar(
            select(SeriesDirty.dirty_from).where(SeriesDirty.athlete_id == athlete_id)
        )


@pytest.mark.parametrize("private_redis", ["append_only"], indirect=True)
def test_redis_with_its_append_only_file_keeps_every_message_through_a_crash(
    world: Rig, garmin: FakeGarminConnect, smtp: tuple[SmtpRecorder, int]
) -> None:
    rig, (recorder, _) = world, smtp
    with rig.worker("idle", "--queues", "default", concurrency=1):
        made = _queue_everything(rig, garmin)
        assert _waiting(rig) == WAITING
        time.sleep(2)  # appendfsync everysec: what was written a second ago is on disk

        rig.redis.crash()
        rig.redis.start()
        assert _waiting(rig) == WAITING
        _idle_worker_answers(rig)

        with rig.worker("w1", concurrency=2):
            rig.wait(lambda: _recovered(rig, made), 120, "the kept messages to be done")

    _assert_each_done_once(rig, made, recorder)


def _assert_each_done_once(rig: Rig, made: dict[str, Any], recorder: SmtpRecorder) -> None:
    with rig.session() as session:
        runs = session.execute(select(SyncRun.connection_id, SyncRun.status)).all()
        stored = session.execute(select(Activity.athlete_id, Activity.external_id)).all()
        owners = dict(session.execute(select(Connection.id, Connection.athlete_id)).all())
        emails = emails_sent(session)
    assert sorted(runs) == sorted((c, "succeeded") for c in made["connections"])  # once each
    assert len(stored) == len(set(stored))  # no natural key twice
    for connection_id, expected in made["connections"].items():
        assert sum(1 for row in stored if row.athlete_id == owners[connection_id]) == expected
    assert sum(1 for row in stored if row.athlete_id == made["uploader"]) == len(UPLOADS)
    assert len(made["alerts"]) == 3 and len(recorder.messages) == emails  # each message once
    assert {m.rcpt_tos[0] for m in recorder.messages} >= {"recompute@example.com"}
