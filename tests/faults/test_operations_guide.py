"""Every procedure in ``docs/operations.md``, run once as the guide writes it: migrate an empty
database, back up and restore PostgreSQL and the embedded data folder, rotate the encryption keys,
the monitoring queries, export and erasure (workers: ``test_operations_guide_workers.py``)."""

from __future__ import annotations

import base64
import json
import secrets
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, inspect, select, text

from service import crypto
from service.activities.service import ingest_activities
from service.config import Settings, normalise_database_url
from service.connections.credentials import open_credentials
from service.db import session_scope
from service.demo.fakes.corpus import corpus_path
from service.models import Base, Connection, User
from service.runner import alembic_config
from tests.conftest import REDIS_URL
from tests.faults import guide
from tests.integration.alerts.support import add_user
from tests.integration.findings.support import NOW, steady_runs
from tests.integration.sync.support import seed_connection
from tests.support.databases import PG_ADMIN_DSN, drop_database

#: Run in this module, and the worker procedures in ``test_operations_guide_workers.py``.
TESTED = {"backup-postgres", "restore-postgres", "backup-embedded", "restore-embedded",
          "rotate-keys", "migrate-empty", "monitor", "export", "erase",
          "queue-workers", "rabbitmq-worker", "sentinel-worker"}  # fmt: skip
SERVER = PG_ADMIN_DSN.rsplit("/", 1)[0]
FIT = "garmin-fenix5-run-2017-06-11.fit"


def test_every_procedure_in_the_guide_is_run_here() -> None:
    assert set(guide.procedures()) == TESTED


def _key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _server_env(url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """Variables for a procedure on PostgreSQL; ``keys`` are the encryption keys."""
    variables = {
        "LOADWATCH_DATABASE_URL": url,
        "LOADWATCH_REDIS_URL": REDIS_URL,
        "LOADWATCH_REDIS_NAMESPACE": f"guide-{uuid.uuid4().hex[:8]}",
        "LOADWATCH_DATA_DIR": str(tmp_path / "data"),
        "LOADWATCH_ENCRYPTION_KEYS": extra.pop("keys", _key()),
        "BACKUP_DIR": str(tmp_path),
    }
    return guide.guide_env(**(variables | extra))


@pytest.fixture
def ann(own_database: str) -> int:
    """ann@example.com with a season of runs, committed in the test's database."""
    with session_scope(Settings(database_url=own_database)) as session:
        athlete = add_user(session)
        athlete.email = "ann@example.com"
        with mock.patch("service.queue.send_now"):
            ingest_activities(session, athlete.id, steady_runs(NOW.date()))
        return athlete.id


@pytest.fixture
def scratch() -> Iterator[list[str]]:
    """Names of databases a procedure creates; dropped afterwards."""
    names: list[str] = []
    yield names
    for name in names:
        create_engine(normalise_database_url(f"{SERVER}/{name}")).dispose()
        drop_database(PG_ADMIN_DSN, name)


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as connection:
            return {
                table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_migrate_on_an_empty_database(tmp_path: Path, scratch: list[str]) -> None:
    name = f"loadwatch_guide_{uuid.uuid4().hex[:8]}"
    scratch.append(name)
    env = _server_env("", tmp_path, ADMIN_URL=PG_ADMIN_DSN, NEW_DB=name, NEW_URL=f"{SERVER}/{name}")
    assert "database is up to date" in guide.run("migrate-empty", env, tmp_path)
    engine = create_engine(normalise_database_url(f"{SERVER}/{name}"))
    with engine.connect() as connection:
        version = connection.scalar(text("SELECT version_num FROM alembic_version"))
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert set(Base.metadata.tables) <= tables


def test_backup_and_restore_of_postgresql_into_a_fresh_database(
    tmp_path: Path, own_database: str, ann: int, scratch: list[str]
) -> None:
    (tmp_path / "data" / "originals").mkdir(parents=True)
    (tmp_path / "data" / "originals" / "1.fit").write_bytes(b"original")
    guide.run("backup-postgres", _server_env(own_database, tmp_path), tmp_path)
    name = f"loadwatch_restored_{uuid.uuid4().hex[:8]}"
    scratch.append(name)
    restore = _server_env(
        own_database,
        tmp_path,
        ADMIN_URL=PG_ADMIN_DSN,
        RESTORE_DB=name,
        RESTORE_URL=f"{SERVER}/{name}",
        LOADWATCH_DATA_DIR=str(tmp_path / "new"),
    )
    assert "database is up to date" in guide.run("restore-postgres", restore, tmp_path)
    before, after = _counts(own_database), _counts(f"{SERVER}/{name}")
    assert after == before and after["activities"] > 0
    assert (tmp_path / "new" / "originals" / "1.fit").read_bytes() == b"original"


def _loadwatch(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run([str(guide.VENV_BIN / "loadwatch"), *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_backup_and_restore_of_the_embedded_data_folder(tmp_path: Path) -> None:
    data, restored = tmp_path / "data", tmp_path / "restored"
    env = guide.guide_env(LOADWATCH_DATA_DIR=str(data), BACKUP_DIR=str(tmp_path / "backup"))
    _loadwatch(env, "migrate")
    _loadwatch(env, "create-user", "ann@example.com", stdin="a-long-password\n")
    _loadwatch(env, "import", str(corpus_path("fit", FIT)), "--athlete", "ann@example.com")
    _loadwatch(env, "rotate-keys")  # the embedded default generates its key on first use
    before = json.loads(_loadwatch(env, "export", "ann@example.com"))

    guide.run("backup-embedded", env, tmp_path)
    guide.run("restore-embedded", {**env, "RESTORE_DIR": str(restored)}, tmp_path)

    again = json.loads(_loadwatch({**env, "LOADWATCH_DATA_DIR": str(restored)}, "export",
                                  "ann@example.com"))  # fmt: skip
    assert len(again["activities"]) == len(before["activities"]) == 1
    assert again == before
    assert (restored / "encryption_key").read_text() == (data / "encryption_key").read_text()


def test_key_rotation_moves_every_secret_to_the_new_key(
    tmp_path: Path, own_database: str, ann: int
) -> None:
    old = _key()
    old_keys = [base64.urlsafe_b64decode(old)]
    settings = Settings(database_url=own_database)
    with session_scope(settings) as session:
        athlete = session.get_one(User, ann)
        connection_id = seed_connection(session, athlete, "garmin", "token-blob", old_keys).id
    out = guide.run("rotate-keys", _server_env(own_database, tmp_path, keys=old), tmp_path)
    first, second = out.strip().splitlines()
    assert first.startswith("re-encrypted 1, already under the primary key 0")
    assert second.startswith("re-encrypted 0, already under the primary key 1")
    assert second.endswith("unreadable with the configured keys 0")
    with session_scope(settings) as session:
        connection = session.get_one(Connection, connection_id)
        with pytest.raises(crypto.DecryptionFailed):
            open_credentials(connection, old_keys)


def test_monitoring_queries(tmp_path: Path, own_database: str, ann: int) -> None:
    with session_scope(Settings(database_url=own_database)) as session:
        athlete = session.get_one(User, ann)
        seed_connection(session, athlete, "garmin", "token-blob", [secrets.token_bytes(32)])
    out = guide.run("monitor", _server_env(own_database, tmp_path), tmp_path)
    rows = [[cell.strip() for cell in line.split("|")] for line in out.splitlines() if "|" in line]
    assert ["ok", "1"] in rows
    assert ["metrics.recompute", "1", "1"] in rows  # the season's recompute, never run here


def test_export_and_erasure_of_an_account(tmp_path: Path, own_database: str, ann: int) -> None:
    env = _server_env(own_database, tmp_path)
    guide.run("export", env, tmp_path)
    exported = json.loads((tmp_path / "ann@example.com.json").read_text())
    assert exported["account"]["email"] == "ann@example.com"
    assert len(exported["activities"]) == len(steady_runs(NOW.date()))

    assert guide.run("erase", env, tmp_path).startswith("erased ann@example.com")
    counts = _counts(own_database)
    assert counts["users"] == 0 and counts["activities"] == 0 and counts["daily_metrics"] == 0
