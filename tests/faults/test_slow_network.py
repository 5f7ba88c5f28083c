"""A slow, then broken network between the workers and both servers (R11): every byte to and
from PostgreSQL and Redis arrives late (100 ms for three runners; 200 ms for five in the long
variant, ``--run-slow``), and the links are cut mid-stream twice while runners sync. The same
two workers reconnect by themselves and finish; nothing is lost or stored twice, and no two
runs of one connection overlap in the sync log."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from service.demo.fakes.garmin_server import FakeGarminConnect
from service.models import Activity, Connection, SyncRun
from tests.faults.proxy import LaggyProxy, laggy_proxy
from tests.faults.rig import Rig
from tests.faults.world import ATHLETES, connect_runners, let_waits_pass, settled

#: (latency in seconds, runners): the default and the long variant.
SHORT, LONG = (0.1, 3), (0.2, ATHLETES)
SWEEPS = ["connections.sweep", "queue.sweep"]


@pytest.fixture(params=[SHORT, pytest.param(LONG, marks=pytest.mark.slow)], ids=["short", "long"])
def network(request: pytest.FixtureRequest) -> tuple[float, int]:
    return request.param


@pytest.fixture
def links(rig: Rig, network: tuple[float, int]) -> Iterator[tuple[LaggyProxy, LaggyProxy]]:
    """The workers reach PostgreSQL and Redis only through laggy proxies; the test itself
    (its producer and its checks) talks to them directly."""
    database = urlsplit(rig.settings.database_url)
    assert database.port is not None
    with (
        laggy_proxy(database.port, network[0]) as postgres,
        laggy_proxy(rig.redis.port, network[0]) as broker,
    ):
        rig.env["LOADWATCH_DATABASE_URL"] = database._replace(
            netloc=f"{database.username}@127.0.0.1:{postgres.port}"
        ).geturl()
        rig.env["LOADWATCH_REDIS_URL"] = broker.url("redis://127.0.0.1:{port}/0")
        yield postgres, broker


def _runs(rig: Rig) -> list[SyncRun]:
    with rig.session() as session:
        runs = list(session.scalars(select(SyncRun).order_by(SyncRun.started_at, SyncRun.id)))
        session.expunge_all()
    return runs


def _stored(rig: Rig) -> int:
    with rig.session() as session:
        return session.scalar(select(func.count()).select_from(Activity)) or 0


@pytest.mark.timeout(900)
def test_slow_then_cut_links_lose_nothing_and_double_nothing(
    world: Rig,
    garmin: FakeGarminConnect,
    links: tuple[LaggyProxy, LaggyProxy],
    network: tuple[float, int],
) -> None:
    rig, (postgres, broker) = world, links
    expected = connect_runners(rig, garmin, send=True, count=network[1])
    with rig.worker("w1") as first, rig.worker("w2") as second:
        rig.wait(lambda: len(_runs(rig)) >= 2, 120, "two syncs to start over the slow links")
        cut_first = postgres.cut() + broker.cut()
        rig.wait(lambda: _stored(rig) > 0, 180, "a sync to store activities after the cut")
        cut_second = postgres.cut() + broker.cut()
        let_waits_pass(rig)
        # Sweeps as often as beat's would swamp workers whose every query takes 400 ms or more.
        rig.sweep_until(SWEEPS, lambda: settled(rig, expected), 360, every_s=10)
        assert first.poll() is None and second.poll() is None  # they reconnected by themselves
    assert cut_first > 0 and cut_second > 0

    with rig.session() as session:
        stored = session.execute(select(Activity.athlete_id, Activity.external_id)).all()
        owners = dict(session.execute(select(Connection.id, Connection.athlete_id)).all())
    assert len(stored) == len(set(stored))
    for connection_id, count in expected.items():
        assert sum(1 for row in stored if row.athlete_id == owners[connection_id]) == count
    runs = _runs(rig)
    assert {run.status for run in runs} <= {"succeeded", "failed", "abandoned"}
    for connection_id in expected:
        own = [run for run in runs if run.connection_id == connection_id]
        assert own[-1].status == "succeeded"
        for before, after in pairwise(own):
            assert before.finished_at is not None and before.finished_at <= after.started_at
