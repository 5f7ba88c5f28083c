"""Create, migrate and drop throw-away databases for tests."""

from __future__ import annotations

import psycopg
from alembic import command
from psycopg import sql
from sqlalchemy import create_engine

from service.config import normalise_database_url
from service.runner import alembic_config


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
