"""Two beat processes by mistake, both sending the sync and alert sweeps every second: every
sweep is keyed by the database (a connection sent recently is skipped, an alert is claimed once),
so each connection is synced once and each alert emailed once however many sweeps arrive."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from service.alerts.outbox import write_alerts
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.models import Alert, SyncRun
from tests.faults.rig import Rig
from tests.faults.world import connect_runners, emails_sent
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import add_finding, add_user

SWEEP_S = 1.0
SWEEPS_EACH = 10
SCHEDULE = {"connections.sweep": SWEEP_S, "alerts.sweep": SWEEP_S}


def _sweeps_sent(rig: Rig, beat: str) -> int:
    text = rig.log(beat).read_text(errors="replace")
    return text.count("Sending due task connections.sweep")


def _both_swept(rig: Rig) -> bool:
    return min(_sweeps_sent(rig, "beat1"), _sweeps_sent(rig, "beat2")) >= SWEEPS_EACH


def _quiet(rig: Rig, connections: int) -> bool:
    """Every connection's run over and no alert left to send."""
    with rig.session() as session:
        runs = session.scalars(select(SyncRun.status)).all()
        unsent = session.scalar(select(func.count()).where(Alert.status != "sent"))
    return len(runs) >= connections and "running" not in runs and unsent == 0


def _received(rig: Rig, worker: str, task: str) -> int:
    lines = rig.log(worker).read_text(errors="replace").splitlines()
    return sum(1 for line in lines if "Task " + task + "[" in line and "received" in line.lower())


def _alerts(rig: Rig) -> list[int]:
    with rig.session() as session:
        athlete = add_user(session)
        return [
            alert.id
            for week in range(3)
            for alert in write_alerts(
                session, add_finding(session, athlete, day=date(2026, 3, 2) + timedelta(weeks=week))
            )
        ]


def test_two_beats_cause_no_duplicate_work(
    world: Rig, garmin: FakeGarminConnect, smtp: tuple[SmtpRecorder, int], monkeypatch
) -> None:
    rig, (recorder, _) = world, smtp
    monkeypatch.setattr("service.queue.send_now", lambda *args, **kwargs: None)  # beats send
    expected = connect_runners(rig, garmin, send=False)
    alert_ids = _alerts(rig)
    with rig.worker("w1", concurrency=2), rig.worker("w2", concurrency=2):
        with rig.beat("beat1", SCHEDULE), rig.beat("beat2", SCHEDULE):
            rig.wait(lambda: _both_swept(rig), 120, f"{SWEEPS_EACH} sweeps from each beat")
            rig.wait(lambda: _quiet(rig, len(expected)), 90, "the syncs and alerts to finish")
        with rig.session() as session:
            runs = session.execute(select(SyncRun.connection_id, SyncRun.status)).all()
            alerts = dict(session.execute(select(Alert.id, Alert.status)).all())
            emails = emails_sent(session)

    assert sorted(runs) == sorted((c, "succeeded") for c in expected)
    received = sum(_received(rig, w, "connections.sync") for w in ("w1", "w2"))
    assert received == len(expected)  # the sweeps sent each connection once, not once a beat
    assert set(alert_ids) <= set(alerts)  # and those the synced runs' findings raised
    assert set(alerts.values()) == {"sent"}
    assert len(recorder.messages) == emails  # one email per message recorded, none twice
