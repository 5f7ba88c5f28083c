"""One Alembic history for PostgreSQL and SQLite: upgrade, no drift, downgrade."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic.util.exc import CommandError
from sqlalchemy import create_engine, inspect, text

from service.models import Base
from tests.support.databases import PG_ADMIN_DSN, create_database, drop_database, run_alembic


def _cycle(url: str) -> None:
    run_alembic(url, "upgrade", "head")
    run_alembic(url, "check")  # raises CommandError on any drift between models and migrations
    engine = create_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    finally:
        engine.dispose()
    run_alembic(url, "downgrade", "base")
    engine = create_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    run_alembic(url, "upgrade", "head")


def test_postgresql_upgrade_check_downgrade(database_url: str) -> None:
    name = f"loadwatch_mig_{uuid.uuid4().hex[:8]}"
    create_database(PG_ADMIN_DSN, name)
    try:
        _cycle(
            "postgresql+psycopg://" + PG_ADMIN_DSN.split("://", 1)[1].rsplit("/", 1)[0] + f"/{name}"
        )
    finally:
        drop_database(PG_ADMIN_DSN, name)


def test_sqlite_upgrade_check_downgrade(tmp_path: Path) -> None:
    _cycle(f"sqlite:///{tmp_path / 'loadwatch.sqlite'}")


def test_check_detects_drift(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'drift.sqlite'}"
    run_alembic(url, "upgrade", "head")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE users ADD COLUMN stray INTEGER")
    engine.dispose()
    with pytest.raises(CommandError):
        run_alembic(url, "check")


KEPT_BEFORE = [
    ("rules.evaluate", '{"athlete_id":1}'),
    ("rules.evaluate", '{"athlete_id":2}'),
    ("findings.evaluate", '{"athlete_id":2}'),  # kept under both names: once afterwards
    ("metrics.recompute", '{"athlete_id":1,"from_date":"2026-03-01"}'),
]


def _kept(url: str) -> set[tuple[str, str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT task, arguments FROM queued_tasks"))
            return {(task, arguments) for task, arguments in rows}
    finally:
        engine.dispose()


def test_kept_calls_take_the_new_task_names_and_give_them_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'names.sqlite'}"
    run_alembic(url, "upgrade", "0008")
    engine = create_engine(url)
    with engine.begin() as connection:
        for task, arguments in KEPT_BEFORE:
            connection.execute(
                text(
                    "INSERT INTO queued_tasks (task, arguments, version, sends, requested_at)"
                    " VALUES (:task, :arguments, 1, 1, '2026-03-02 08:00:00')"
                ),
                {"task": task, "arguments": arguments},
            )
    engine.dispose()

    run_alembic(url, "upgrade", "0009")
    assert _kept(url) == {
        ("findings.evaluate", '{"athlete_id":1}'),
        ("findings.evaluate", '{"athlete_id":2}'),
        ("metrics.recompute", '{"athlete_id":1,"from_date":"2026-03-01"}'),
    }
    run_alembic(url, "downgrade", "0008")
    assert _kept(url) == {
        ("rules.evaluate", '{"athlete_id":1}'),
        ("rules.evaluate", '{"athlete_id":2}'),
        ("metrics.recompute", '{"athlete_id":1,"from_date":"2026-03-01"}'),
    }
