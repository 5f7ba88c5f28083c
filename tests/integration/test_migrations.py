"""One Alembic history for PostgreSQL and SQLite: upgrade, no drift, downgrade."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic.util.exc import CommandError
from sqlalchemy import create_engine, inspect

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
