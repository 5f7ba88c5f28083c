"""Fixtures for fault tests: private servers a test may stop, and a database of the test's own
(a worker process cannot see the rolled-back transaction of ``db_session``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import Settings
from service.db import get_engine
from service.demo.fakes.garmin_server import FakeGarminConnect
from tests.conftest import PG_ADMIN_DSN
from tests.faults.rig import Rig
from tests.faults.servers import PrivatePostgres, PrivateRedis
from tests.faults.world import garmin_accounts, point_workers_at
from tests.integration.alerts.receivers import SmtpRecorder, smtp_server
from tests.support.databases import create_database, drop_database, upgrade
from tests.support.garmin_sleeps import library_sleeps_skipped


@pytest.fixture
def private_redis(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[PrivateRedis]:
    """Without persistence; parametrized indirectly with ``"append_only"``, with its AOF."""
    server = PrivateRedis(tmp_path, append_only=getattr(request, "param", None) == "append_only")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def own_database(database_url: str) -> Iterator[str]:
    """A migrated database on the shared PostgreSQL server for this test alone."""
    name = f"loadwatch_faults_{uuid.uuid4().hex[:8]}"
    create_database(PG_ADMIN_DSN, name)
    url = PG_ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade(url)
        yield url
    finally:
        get_engine(Settings(database_url=url)).dispose()
        drop_database(PG_ADMIN_DSN, name)


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
