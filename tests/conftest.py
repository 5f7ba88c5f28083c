"""Shared fixtures: a real PostgreSQL database (migrated once, rolled back per test) and Redis.

The suite never skips a missing server: it fails and says how to start it.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

import tests.support.bytecode  # noqa: F401  (first: the modules imported below are cached too)
from tests.support.databases import PG_ADMIN_DSN, database_url_on
from tests.support.examples import run_thoroughly

pytest_plugins = ["tests.support.fixtures"]

REDIS_URL = os.environ.get("LOADWATCH_TEST_REDIS", "redis://127.0.0.1:6379/15")
# One database, data folder and Redis namespace per test process (each pytest-xdist worker is one).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
TEST_DB = f"loadwatch_test_{WORKER}_{uuid.uuid4().hex[:10]}"
TEST_DB_URL = database_url_on(PG_ADMIN_DSN, TEST_DB)
DATA_DIR = Path(tempfile.mkdtemp(prefix=f"loadwatch-test-{WORKER}-"))

# Settings are read lazily and cached; point them at the test servers before anything reads them.
os.environ.update(
    {
        "LOADWATCH_ENVIRONMENT": "test",
        "LOADWATCH_DATABASE_URL": TEST_DB_URL,
        "LOADWATCH_REDIS_URL": REDIS_URL,
        "LOADWATCH_GARMIN__LOGIN_SPACING_S": "0",
        "LOADWATCH_DATA_DIR": str(DATA_DIR),
        "LOADWATCH_BASE_URL": "http://testserver",
        "LOADWATCH_REDIS_NAMESPACE": f"loadwatch-test-{WORKER}-{uuid.uuid4().hex[:8]}",
        # The tests' receivers listen on loopback: an explicit opt-in (off by default).
        "LOADWATCH_ALERTS__ALLOW_PRIVATE_TARGETS": "true",
    }
)
for _name in list(os.environ):
    if _name.startswith("LOADWATCH_SMTP__"):
        del os.environ[_name]

# No timed assertions, hypothesis's included: its per-example deadline and "input generation is
# slow" check fail on a busy machine or beside other xdist workers, not on a fault.
hypothesis_settings.register_profile(
    "loadwatch", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("loadwatch")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        help="also run the long variants, and property tests with ten times the examples",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--run-slow"):
        run_thoroughly()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="long variant: pass --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With ``-n N``: test by test, but each group of ``tests/support/scheduling.py`` on one
    worker."""
    if config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    from tests.support.scheduling import grouping_scheduler

    return grouping_scheduler(config, log)


def _require_postgres() -> None:
    try:
        psycopg.connect(PG_ADMIN_DSN, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at {PG_ADMIN_DSN} ({exc}). Start it: "
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(
            f"Redis is not reachable at {REDIS_URL} ({exc}). Start it: redis-server --daemonize "
            'yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
            pytrace=False,
        )
    return REDIS_URL


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """An empty PostgreSQL database for this run, brought to head by the real migrations."""
    _require_postgres()
    from tests.support.databases import create_database, drop_database, upgrade

    create_database(PG_ADMIN_DSN, TEST_DB)
    try:
        upgrade(TEST_DB_URL)
        yield TEST_DB_URL
    finally:
        from service.db import get_engine

        get_engine().dispose()
        drop_database(PG_ADMIN_DSN, TEST_DB)


@pytest.fixture
def db_session(database_url: str) -> Iterator[object]:
    """A session inside a transaction that is rolled back after the test."""
    from sqlalchemy.orm import Session

    from service.db import get_engine

    connection = get_engine().connect()
    transaction = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """argon2id at its minimum cost; see ``tests/support/passwords.py``."""
    from tests.support.passwords import password_hasher

    with password_hasher("cheap"):
        yield


@pytest.fixture
def production_password_hashing() -> Iterator[None]:
    """The argon2id parameters production uses, for tests about the hashing itself."""
    from tests.support.passwords import password_hasher

    with password_hasher("production"):
        yield


@pytest.fixture
def sent_tasks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Tasks enqueued (after commit), recorded instead of sent to a broker."""
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(
        "service.queue.send_now", lambda name, settings=None, **ids: sent.append((name, ids))
    )
    return sent
