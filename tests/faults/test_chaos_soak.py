"""A chaos soak (R12, long variant: ``--run-slow``): twenty runners syncing and their alerts
going out while workers are killed at random moments, by pool child and by main process, and
Redis restarts without persistence once; a real beat sweeps every two seconds. Afterwards, the
time the sweeps wait for a lost message is let pass (the rows' timestamps moved back) and:
every runner is synced, no natural key is stored twice, every alert is sent, and an alert went
out twice only if a worker died between the send and its record (at most one per kill)."""

from __future__ import annotations

import os
import random
import signal
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from service.alerts.outbox import write_alerts
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.models import Activity, Alert, Connection
from tests.faults.rig import Rig
from tests.faults.world import connect_runners, let_waits_pass, settled
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import add_finding, add_user

RUNNERS = 20
FIRST = date(2026, 3, 2)
SOAK_S = 120.0
SWEEPS = {"connections.sweep": 2.0, "alerts.sweep": 2.0, "queue.sweep": 2.0}


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _kill_one(rng: random.Random, workers: list[object]) -> None:
    worker = rng.choice(workers)
    pid = worker.pid  # type: ignore[attr-defined]
    children = _children(pid)
    if children and rng.random() < 0.5:
        os.kill(rng.choice(children), signal.SIGKILL)  # the pool starts a new child
    else:
        os.killpg(pid, signal.SIGKILL)


@pytest.mark.slow
def test_chaos_soak(
    world: Rig, garmin: FakeGarminConnect, smtp: tuple[SmtpRecorder, int], monkeypatch
) -> None:
    rig, (recorder, _) = world, smtp
    rng = random.Random(8)
    rig.env["LOADWATCH_ALERTS__CLAIM_TIMEOUT_S"] = "5"
    expected = connect_runners(rig, garmin, send=True, count=RUNNERS)
    with rig.session() as session:
        athlete = add_user(session)
        for day in range(5):
            write_alerts(session, add_finding(session, athlete, day=FIRST + timedelta(days=day)))
    kills = 0
    names = ["w1", "w2", "w3"]
    with rig.beat("beat", SWEEPS):
        deadline, restarted = time.monotonic() + SOAK_S, False
        while time.monotonic() < deadline:
            with rig.worker(names[0]) as a, rig.worker(names[1]) as b:
                time.sleep(rng.uniform(10, 20))
                _kill_one(rng, [a, b])
                kills += 1
                if not restarted and time.monotonic() > deadline - SOAK_S / 2:
                    rig.redis.restart()
                    restarted = True
            names = [f"w{kills}a", f"w{kills}b"]
        let_waits_pass(rig)
        with rig.worker("last-a"), rig.worker("last-b"):
            rig.sweep_until(["connections.sweep", "alerts.sweep", "queue.sweep"],
                            lambda: settled(rig, expected), 180)  # fmt: skip

    with rig.session() as session:
        stored = session.execute(select(Activity.athlete_id, Activity.external_id)).all()
        owners = dict(session.execute(select(Connection.id, Connection.athlete_id)).all())
        alerts = session.scalar(select(func.count()).select_from(Alert))
    assert len(stored) == len(set(stored))
    for connection_id, count in expected.items():
        assert sum(1 for row in stored if row.athlete_id == owners[connection_id]) == count
    assert alerts <= len(recorder.messages) <= alerts + kills
