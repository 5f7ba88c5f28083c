"""What an operator reads when loadwatch cannot do its work: one line naming what failed, where,
and what to check, instead of a traceback.

:class:`OperatorError` is that line. :func:`explain` turns what an unreachable or misconfigured
service raises into one: a database or broker that does not answer, a refused user or password,
a database that does not exist or is not migrated, a data folder loadwatch cannot use, settings
that cannot be read (``LOADWATCH_ENCRYPTION_KEYS`` among them). Anything else is a bug and keeps
its traceback. A place is named by host, port, database and user, never with its password.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis
from kombu.exceptions import OperationalError as BrokerOperationalError
from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from service.config import ConfigurationError, Settings

NOT_MIGRATED = "the database is not migrated: run `loadwatch migrate`"
DEBUG_HINT = "run it again with --debug (or LOADWATCH_DEBUG=1) to see the traceback"

#: PostgreSQL's codes for a refused login and a missing database (appendix A of its manual).
_REFUSED_PASSWORD = "28P01"  # noqa: S105  (an error code, not a password)
_REFUSED_LOGIN = "28000"
_NO_SUCH_DATABASE = "3D000"
_NO_SUCH_TABLE = "42P01"
#: Codes that mean "not now" rather than "never": starting up, shutting down, too many clients.
_NOT_NOW = frozenset({"57P01", "57P02", "57P03", "53300"})

_BROKER_NAMES = {
    "redis": "Redis",
    "rediss": "Redis",
    "sentinel": "Redis Sentinel",
    "amqp": "RabbitMQ",
    "amqps": "RabbitMQ",
    "pyamqp": "RabbitMQ",
}


class OperatorError(Exception):
    """A problem the operator fixes outside loadwatch; ``str()`` is the line to show.

    ``waits``: a service that may still be starting (the database, the broker, a migration
    running beside). ``serve``, ``worker`` and ``beat`` wait for it and try again; a one-off
    command stops with exit code 2 either way."""

    def __init__(self, message: str, *, waits: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.waits = waits


def debug_requested() -> bool:
    """``LOADWATCH_DEBUG=1``: show tracebacks (the ``--debug`` option does the same)."""
    return os.environ.get("LOADWATCH_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def explain(exc: BaseException, settings: Settings | None) -> OperatorError | None:
    """The operator's line for ``exc``, or ``None`` for anything else (a bug: its traceback
    helps). ``settings`` names the places; ``None`` when they could not be read."""
    if isinstance(exc, OperatorError):
        return exc
    if isinstance(exc, ConfigurationError):
        return OperatorError(str(exc))
    if isinstance(exc, ValidationError) and exc.title == Settings.__name__:
        return OperatorError(settings_problem(exc))
    if settings is None:
        return None
    if isinstance(exc, DBAPIError):
        return _database_problem(exc, settings)
    if isinstance(exc, redis.RedisError | BrokerOperationalError):
        return broker_problem(exc, settings)
    if isinstance(exc, OSError) and _inside(exc.filename, settings.data_dir):
        return data_folder_problem(settings, exc.strerror or type(exc).__name__)
    return None


def settings_problem(exc: ValidationError) -> str:
    """Each variable that could not be read and why, without its value (it may be a secret)."""
    problems = [
        f"LOADWATCH_{'__'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
        for error in exc.errors(include_input=False, include_url=False)
    ]
    return "; ".join(problems) + " (check the environment)"


def database_place(settings: Settings) -> str:
    """``PostgreSQL at db:5432, database 'loadwatch', user 'loadwatch'``: never the password."""
    if settings.embedded:
        return f"SQLite in {settings.data_dir.resolve()}"
    url = make_url(settings.sqlalchemy_url)
    user = f", user {url.username!r}" if url.username else ""
    host = f"{url.host or 'localhost'}:{url.port or 5432}"
    return f"PostgreSQL at {host}, database {url.database!r}{user}"


def broker_place(settings: Settings) -> str:
    """``Redis at 127.0.0.1:6379`` (the first host of a list): never the password."""
    first = settings.broker_url.split(";", 1)[0]
    if "://" not in first:
        return "the broker"
    scheme = first.split("://", 1)[0]
    name = _BROKER_NAMES.get(scheme, f"the {scheme} broker")
    parts = urlsplit(first)
    try:
        port = parts.port
    except ValueError:
        port = None
    host = parts.hostname or "localhost"
    return f"{name} at {host}:{port}" if port else f"{name} at {host}"


def broker_variable(settings: Settings) -> str:
    return "LOADWATCH_CELERY_BROKER_URL" if settings.celery_broker_url else "LOADWATCH_REDIS_URL"


def broker_problem(exc: BaseException, settings: Settings) -> OperatorError:
    reason = _first_line(exc)
    where = broker_place(settings)
    variable = broker_variable(settings)
    if isinstance(exc, redis.AuthenticationError) or _mentions(reason, "auth", "password"):
        return OperatorError(
            f"the broker refused the password: {reason} ({where}); check the password in "
            f"{variable}",
            waits=True,
        )
    return OperatorError(
        f"cannot reach the broker: {reason} ({where}); check that it runs and accepts "
        f"connections there, and the host and port in {variable}",
        waits=True,
    )


def data_folder_problem(settings: Settings, reason: str) -> OperatorError:
    folder = settings.data_dir.resolve()
    if folder.exists() and not folder.is_dir():
        reason = "it is a file, not a folder"
    return OperatorError(
        f"cannot use the data folder: {reason} ({folder}); check that it is a folder the user "
        "running loadwatch may read and write, or set LOADWATCH_DATA_DIR"
    )


def not_migrated(settings: Settings) -> OperatorError:
    return OperatorError(f"{NOT_MIGRATED} ({database_place(settings)})", waits=True)


def _database_problem(exc: DBAPIError, settings: Settings) -> OperatorError | None:
    original = exc.orig
    if isinstance(original, sqlite3.Error):
        return _sqlite_problem(original, settings)
    if not isinstance(original, psycopg.Error):
        return None
    reason = _first_line(original)
    code = original.sqlstate or _code_from_text(reason)
    where = database_place(settings)
    if code == _NO_SUCH_TABLE:
        return not_migrated(settings)
    if code == _REFUSED_PASSWORD:
        return OperatorError(
            f"the database refused the password ({where}); check the user and password in "
            "LOADWATCH_DATABASE_URL",
            waits=True,
        )
    if code == _REFUSED_LOGIN:
        return OperatorError(
            f"the database refused the login: {reason} ({where}); check the user in "
            "LOADWATCH_DATABASE_URL and the server's pg_hba.conf",
            waits=True,
        )
    if code == _NO_SUCH_DATABASE:
        return OperatorError(
            f"the database does not exist ({where}); create it (createdb) or correct its name "
            "in LOADWATCH_DATABASE_URL",
            waits=True,
        )
    if code is None or code.startswith("08") or code in _NOT_NOW:
        return OperatorError(
            f"cannot reach the database: {reason} ({where}); check that PostgreSQL runs and "
            "accepts connections there, and the host and port in LOADWATCH_DATABASE_URL",
            waits=True,
        )
    return None  # a statement failed: a bug, not the operator's


def _sqlite_problem(original: sqlite3.Error, settings: Settings) -> OperatorError | None:
    reason = str(original)
    if reason.startswith("no such table"):
        return not_migrated(settings)
    if _mentions(reason, "unable to open", "readonly", "disk i/o", "not a database"):
        return data_folder_problem(settings, reason)
    return None


def _code_from_text(reason: str) -> str | None:
    """libpq reports a refused login before any result exists, so without a SQLSTATE."""
    lowered = reason.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return _REFUSED_PASSWORD
    if "database" in lowered and "does not exist" in lowered:
        return _NO_SUCH_DATABASE
    if ("role" in lowered and "does not exist" in lowered) or "pg_hba.conf" in lowered:
        return _REFUSED_LOGIN
    return None


def _first_line(exc: BaseException) -> str:
    """The gist of a driver's message: its first line, without the connection preamble
    (libpq's ``connection to server at "h" (1.2.3.4), port 5432 failed:``)."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    for marker in ("failed: FATAL:  ", "failed: ", "FATAL:  "):
        if marker in text:
            text = text.rsplit(marker, 1)[1]
            break
    return text.strip().rstrip(".") or type(exc).__name__


def _mentions(text: str, *words: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in words)


def _inside(filename: object, folder: Path) -> bool:
    if not isinstance(filename, str | bytes | os.PathLike):
        return False
    path = Path(os.fsdecode(filename)).resolve()
    root = folder.resolve()
    return path == root or root in path.parents
