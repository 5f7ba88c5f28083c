"""Fixtures for fault tests: a PostgreSQL cluster a test may stop, and the rig of workers on the
test's own database and Redis (``own_database``, ``private_redis``: see tests/support)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.demo.fakes.garmin_server import FakeGarminConnect
from tests.faults.rig import Rig
from tests.faults.servers import PrivatePostgres
from tests.faults.world import garmin_accounts, point_workers_at
from tests.integration.alerts.receivers import SmtpRecorder, smtp_server
from tests.support.garmin_sleeps import library_sleeps_skipped
from tests.support.servers import PrivateRedis


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpRecorder, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def garmin() -> Iterator[FakeGarminConnect]:
    with library_sleeps_skipped(), FakeGarminConnect(garmin_accounts()) as server:
        yield server


@pytest.fixture
def world(
    rig: Rig,
    garmin: FakeGarminConnect,
    smtp: tuple[SmtpRecorder, int],
    monkeypatch: pytest.MonkeyPatch,
) -> Rig:
    """The rig's workers pointed at the fake Garmin and the SMTP server; this process's
    enqueues sent to the private Redis."""
    point_workers_at(rig, garmin, smtp[1])
    monkeypatch.setattr(
        "service.queue.send_now", lambda name, settings=None, **ids: rig.send(name, **ids)
    )
    return rig


@pytest.fixture
def rig(tmp_path: Path, own_database: str, private_redis: PrivateRedis) -> Iterator[Rig]:
    built = Rig(tmp_path, own_database, private_redis)
    try:
        yield built
    finally:
        built.close()
