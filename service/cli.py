"""The ``loadwatch`` command.

Each command imports what it needs when it runs: ``loadwatch --help`` and a command that stops
at a bad setting start without the database, broker and migration libraries.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from service.activities.import_cli import import_files
from service.config import Settings, get_settings
from service.connections.google_cli import google_app
from service.connections.keys_cli import rotate_keys_command
from service.findings.advice_cli import advice_app
from service.logs import configure_logging
from service.metrics.metrics_cli import metrics_app


class _Commands(TyperGroup):
    """Every command's way out: an operator's problem (a database that does not answer, a bad
    setting, ``service.operator_errors``) is one line and exit code 2, not a traceback, unless
    ``--debug`` or ``LOADWATCH_DEBUG=1`` asks for it."""

    def invoke(self, ctx: Any) -> Any:  # typer's own copy of click.Context
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):  # click's way out: its own
            raise
        except Exception as exc:
            from service.operator_errors import DEBUG_HINT, debug_requested, explain

            if ctx.meta.get(_DEBUG) or debug_requested():
                raise
            problem = explain(exc, _settings_or_none())
            if problem is None:
                raise
            typer.echo(f"error: {problem.message}", err=True)
            typer.echo(DEBUG_HINT, err=True)
            raise typer.Exit(2) from None


def _settings_or_none() -> Settings | None:
    try:
        return get_settings()
    except Exception:
        return None


_DEBUG = "loadwatch.debug"

app = typer.Typer(
    cls=_Commands,
    help="loadwatch: training-load and symptom monitoring for runners.",
    no_args_is_help=True,
    # A traceback (only with --debug) never shows local variables: they may hold secrets.
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)
app.add_typer(metrics_app, name="metrics")
app.add_typer(advice_app, name="advice")
app.add_typer(google_app, name="google")
app.command("rotate-keys")(rotate_keys_command)
app.command("import")(import_files)

ROLES = ("athlete", "coach", "physio", "admin")


@app.callback()
def main(
    ctx: typer.Context,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Show the traceback of any failure (also LOADWATCH_DEBUG=1).",
        ),
    ] = False,
) -> None:
    """loadwatch: training-load and symptom monitoring for runners."""
    ctx.meta[_DEBUG] = debug


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the API. On the embedded default also migrate and run the background worker."""
    _serve(host, port)


def _serve(host: str, port: int, when_listening: Callable[[], None] | None = None) -> None:
    from service import runner

    settings = get_settings()
    _wait_for_database(settings)
    if not settings.embedded:
        runner.serve_api(host, port, settings.log_level, when_listening)
        return
    with runner.background_worker(settings):
        runner.serve_api(host, port, settings.log_level, when_listening)


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data_dir: Annotated[str, typer.Option(help="Where the demo keeps its data.")] = "data/demo",
    lang: Annotated[str, typer.Option(help="Language of the printed overview: en or nl.")] = "en",
    verbose: Annotated[
        bool, typer.Option("--verbose", help="Log every request and background task.")
    ] = False,
) -> None:
    """Seed a coach, a physio and nine runners through the real sync and import paths (against
    fake Garmin and Google services), print the logins and serve; run again, seed nothing.

    Once the overview is printed the terminal stays quiet: the server and its worker log
    warnings and errors only, unless ``--verbose`` (or ``LOADWATCH_LOG_LEVEL``) asks for more."""
    from pathlib import Path

    from service import runner
    from service.demo import demo_ready

    if lang not in ("en", "nl"):
        raise _fail(f"--lang must be en or nl (moet en of nl zijn), not {lang!r}")
    if verbose:
        os.environ["LOADWATCH_LOG_LEVEL"] = "INFO"
    else:
        os.environ.setdefault("LOADWATCH_LOG_LEVEL", "WARNING")
    runner.unwind_on_sigterm()  # the fake services and the worker stop with the demo
    with demo_ready(f"http://{host}:{port}", Path(data_dir), lang, typer.echo) as overview:
        _serve(host, port, when_listening=lambda: typer.echo(overview()))


@app.command()
def worker(
    concurrency: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
    queues: Annotated[
        str | None,
        typer.Option(help="Comma-separated queues (default: all; see operations)."),
    ] = None,
    hostname: Annotated[
        str | None,
        typer.Option(help="Celery node name, e.g. worker@%h (default: unique on this host)."),
    ] = None,
) -> None:
    """Run a Celery worker (as many as you like); started again if it ends by itself."""
    from service import preflight, runner
    from service.task_names import WORKER_QUEUES

    settings = get_settings()
    _wait_for_database(settings)
    preflight.wait_for(lambda: preflight.broker_ready(settings), settings)
    chosen = tuple(q.strip() for q in queues.split(",") if q.strip()) if queues else None
    argv = runner.worker_argv(settings, concurrency, queues=chosen or WORKER_QUEUES,
                              hostname=hostname)  # fmt: skip
    if not settings.worker.supervise:
        os.execv(argv[0], argv)  # noqa: S606
    raise typer.Exit(runner.supervise(argv, settings))


@app.command()
def beat() -> None:
    """Run the scheduler. Exactly one per installation."""
    from service import preflight, runner

    settings = get_settings()
    configure_logging(settings.log_level)
    preflight.check_settings(settings)
    preflight.wait_for(lambda: preflight.broker_ready(settings), settings)
    schedule = str(settings.data_dir.resolve() / "celerybeat-schedule")
    argv = runner.celery_argv("beat", "-l", "INFO", "--schedule", schedule)
    os.execv(argv[0], argv)  # noqa: S606


@app.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    from service import preflight, runner

    settings = get_settings()
    if settings.embedded:
        preflight.usable_data_folder(settings)
    runner.migrate()
    typer.echo("database is up to date")


@app.command("create-user")
def create_user(
    email: str,
    role: Annotated[str, typer.Option(help="athlete, coach, physio or admin")] = "athlete",
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    locale: Annotated[
        str | None,
        typer.Option(help="en or nl: the account's chosen language (default: the browser's)"),
    ] = None,
) -> None:
    """Create an account; the password is read from standard input."""
    from pydantic import EmailStr, TypeAdapter, ValidationError

    from service import preflight
    from service.accounts.service import create_user as make_user
    from service.db import session_scope
    from service.errors import AppError
    from service.models import Role
    from service.security import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

    if role not in ROLES:
        raise _fail(f"role must be one of {', '.join(ROLES)}")
    if locale not in (None, "en", "nl"):
        raise _fail("locale must be en or nl")
    try:
        TypeAdapter(EmailStr).validate_python(email)
    except ValidationError:
        raise _fail(f"not an email address: {email}") from None
    preflight.database_ready()
    password = sys.stdin.readline().rstrip("\n")
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise _fail(
            f"the password must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters"
        )
    try:
        with session_scope() as session:
            user = make_user(
                session,
                email=email,
                password=password,
                role=Role(role),
                display_name=name,
                locale=locale or "en",
                locale_chosen=locale is not None,
                verified=True,  # the operator vouches for the address
            )
            user_id = user.id
    except AppError as exc:
        raise _fail(str(exc.detail or exc.code)) from None
    typer.echo(f"created {role} {email.lower()} (id {user_id})")


@app.command()
def export(email: str) -> None:
    """Print everything stored about an account as JSON (the data-protection export)."""
    from service import preflight
    from service.accounts.queries import get_user_by_email
    from service.db import session_scope
    from service.privacy.export import export_user

    preflight.database_ready()
    with session_scope() as session:
        user = get_user_by_email(session, email)
        if user is None:
            raise _fail(f"no account with email {email}")
        data = export_user(session, user)
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))


@app.command()
def erase(
    email: str,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: this cannot be undone.")] = False,
) -> None:
    """Delete an account and everything stored about it (the data-protection erasure)."""
    from service import preflight
    from service.accounts.queries import get_user_by_email
    from service.db import session_scope
    from service.privacy.erasure import erase_user, remove_files

    if not yes:
        raise _fail(f"this deletes {email} and all of its data for good; add --yes to go ahead")
    preflight.database_ready()
    with session_scope() as session:
        user = get_user_by_email(session, email)
        if user is None:
            raise _fail(f"no account with email {email}")
        erasure = erase_user(session, get_settings(), user)
    remove_files(erasure)
    rows = sum(erasure.rows.values())
    typer.echo(
        f"erased {email.lower()} (id {erasure.user_id}): {rows} rows in {len(erasure.rows)} tables"
    )


def _wait_for_database(settings: Settings) -> None:
    """``serve`` and ``worker``: the settings must be right; a database that does not answer
    or is not migrated yet is waited for (each try logged), as a deployment expects."""
    from service import preflight

    configure_logging(settings.log_level)
    preflight.check_settings(settings)
    preflight.wait_for(lambda: preflight.database_ready(settings), settings)
