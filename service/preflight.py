"""Before a command uses the database or the broker: is everything it needs there?

- Settings that are read only when first needed are read at once (``LOADWATCH_ENCRYPTION_KEYS``).
- On the embedded default every command brings the schema up to date first, as ``serve`` does.
- On PostgreSQL the database must answer and be migrated to this version: a one-off command
  refuses with ``the database is not migrated: run `loadwatch migrate```, since migrating stays
  a step of its own there (``docs/operations.md``, *Upgrading*).
- ``serve``, ``worker`` and ``beat`` wait for a database or broker that does not answer yet,
  logging the reason and trying again with backoff (:func:`wait_for`), as a deployment whose
  services start together expects.

Each problem is an :class:`~service.operator_errors.OperatorError`: one line for the operator.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from kombu.connection import Connection

from service import runner
from service.config import Settings, get_settings
from service.db import get_engine
from service.operator_errors import (
    OperatorError,
    data_folder_problem,
    database_place,
    explain,
    not_migrated,
)

log = logging.getLogger(__name__)

FIRST_WAIT_S = 1.0
MAX_WAIT_S = 30.0
BROKER_TIMEOUT_S = 5.0
MIGRATION_LOG = "alembic.runtime.migration"  # names the kind of database at INFO, every time


def check_settings(settings: Settings) -> None:
    """What fails only when first used fails here instead: the encryption keys."""
    if settings.encryption_keys is not None:
        settings.encryption_key_list()


def usable_data_folder(settings: Settings) -> None:
    """The data folder exists (made if missing) and this user may read and write it."""
    folder = settings.data_dir.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
        raise data_folder_problem(settings, "permission denied")


def database_ready(settings: Settings | None = None) -> None:
    """Ready for a command: migrated now on the embedded default; on PostgreSQL reachable and
    already migrated."""
    settings = settings or get_settings()
    check_settings(settings)
    if settings.embedded:
        usable_data_folder(settings)
        with _quiet(MIGRATION_LOG):  # as quiet as before the logs were set up
            runner.migrate()
        return
    problem = schema_problem(settings)
    if problem is not None:
        raise problem


def schema_problem(settings: Settings) -> OperatorError | None:
    """Whether the database's schema is this version's (``None``) or what is wrong with it."""
    scripts = ScriptDirectory.from_config(runner.alembic_config())
    with get_engine(settings).connect() as connection, _quiet(MIGRATION_LOG):
        current = set(MigrationContext.configure(connection).get_current_heads())
    heads = set(scripts.get_heads())
    if current == heads:
        return None
    known = {script.revision for script in scripts.walk_revisions()}
    if current - known:
        return OperatorError(
            "the database was migrated by a newer version of loadwatch, revision "
            f"{', '.join(sorted(current - known))} ({database_place(settings)}); run that version"
        )
    return not_migrated(settings)


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


def broker_ready(settings: Settings) -> None:
    """The broker answers (the embedded default's is a file in the data folder)."""
    if settings.broker_url.startswith("sqla+sqlite"):
        usable_data_folder(settings)
        return
    options: dict[str, str] = {}
    if settings.broker_url.startswith("sentinel://") and settings.celery_broker_master:
        options["master_name"] = settings.celery_broker_master
    with Connection(  # type: ignore[no-untyped-call]
        settings.broker_url, connect_timeout=BROKER_TIMEOUT_S, transport_options=options
    ) as connection:
        connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_S)


def wait_for(
    check: Callable[[], None], settings: Settings, sleep: Callable[[float], None] = time.sleep
) -> None:
    """Run ``check`` until it passes, waiting 1, 2, 4 ... up to 30 s between tries while it
    fails for a reason that may pass (a service still starting, a migration running beside);
    any other failure is raised."""
    delay = FIRST_WAIT_S
    waited = False
    while True:
        try:
            check()
        except Exception as exc:
            problem = explain(exc, settings)
            if problem is None or not problem.waits:
                raise
            log.warning("startup.waiting", extra={"problem": problem.message, "retry_in_s": delay})
            waited = True
            sleep(delay)
            delay = min(delay * 2, MAX_WAIT_S)
            continue
        if waited:
            log.info("startup.ready")
        return
