"""Create, migrate and drop throw-away databases for tests (and the benchmarks).

Alembic, SQLAlchemy and the service are imported by the functions that use them: the root
``conftest.py`` reads this module in pytest-xdist's controller too, which needs only the names.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

PG_ADMIN_DSN = os.environ.get("LOADWATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def database_url_on(admin_dsn: str, name: str) -> str:
    """The URL of database ``name`` on the server that ``admin_dsn`` points at."""
    return admin_dsn.rsplit("/", 1)[0] + f"/{name}"


def create_database(admin_dsn: str, name: str) -> None:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(admin_dsn: str, name: str) -> None:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def run_alembic(url: str, action: str, *args: str) -> None:
    """Run an Alembic command (upgrade, downgrade, check) against ``url``."""
    from alembic import command
    from sqlalchemy import create_engine

    from service.config import normalise_database_url
    from service.runner import alembic_config

    engine = create_engine(normalise_database_url(url))
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            getattr(command, action)(config, *args)
    finally:
        engine.dispose()


def upgrade(url: str) -> None:
    run_alembic(url, "upgrade", "head")


@contextmanager
def migrated_database(label: str, admin_dsn: str = PG_ADMIN_DSN) -> Iterator[str]:
    """A database of its own (``loadwatch_<label>_<random>``), brought to head by the real
    migrations; this process's engine for it is closed and the database dropped afterwards."""
    from service.config import Settings
    from service.db import get_engine

    name = f"loadwatch_{label}_{uuid.uuid4().hex[:8]}"
    create_database(admin_dsn, name)
    url = database_url_on(admin_dsn, name)
    try:
        upgrade(url)
        yield url
    finally:
        get_engine(Settings(database_url=url)).dispose()
        drop_database(admin_dsn, name)
