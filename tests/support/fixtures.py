"""Fixtures for tests whose work must really commit or really travel through a broker: a
migrated database of the test's own (a worker process cannot see the rolled-back transaction of
``db_session``) and a ``redis-server`` of its own that the test may stop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import migrated_database
from tests.support.servers import PrivateRedis


@pytest.fixture
def own_database(database_url: str) -> Iterator[str]:
    """The URL of a migrated database on the shared PostgreSQL server, for this test alone."""
    with migrated_database("own") as url:
        yield url


@pytest.fixture
def private_redis(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[PrivateRedis]:
    """Without persistence; parametrized indirectly with ``"append_only"``, with its AOF."""
    server = PrivateRedis(tmp_path, append_only=getattr(request, "param", None) == "append_only")
    server.start()
    try:
        yield server
    finally:
        server.stop()
