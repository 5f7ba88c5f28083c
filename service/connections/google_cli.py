"""``loadwatch google subscriber create|show|delete``: the Google Health webhook subscriber.

The access token is the operator's own, with scope ``cloud-platform``, read from the
``LOADWATCH_GOOGLE_ADMIN_TOKEN`` environment variable (never an argument, so it stays out of
the shell history and process list), e.g. ``LOADWATCH_GOOGLE_ADMIN_TOKEN="$(gcloud auth
print-access-token)" loadwatch google subscriber show``.
"""

from __future__ import annotations

import os

import typer

from service.config import Settings, get_settings

ADMIN_TOKEN_ENV = "LOADWATCH_GOOGLE_ADMIN_TOKEN"  # noqa: S105 - the variable's name

google_app = typer.Typer(help="Google Health (Fitbit) settings at Google.", no_args_is_help=True)
subscriber_app = typer.Typer(
    help="The webhook subscriber: Google tells loadwatch about new Fitbit workouts.",
    no_args_is_help=True,
)
google_app.add_typer(subscriber_app, name="subscriber")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _settings() -> Settings:
    settings = get_settings()
    if not settings.google.project:
        raise _fail("set LOADWATCH_GOOGLE__PROJECT to your Google Cloud project (number or id)")
    if not os.environ.get(ADMIN_TOKEN_ENV, "").strip():
        raise _fail(
            f"set {ADMIN_TOKEN_ENV} to an access token with the cloud-platform scope, "
            f'e.g. {ADMIN_TOKEN_ENV}="$(gcloud auth print-access-token)"'
        )
    return settings


def _run(action: str) -> None:
    from service.connections import subscribers
    from service.connections.fitbit_sync import shared_http
    from service.db import session_scope
    from service.errors import AppError
    from service.integrations.base import ProviderError
    from service.integrations.google_subscribers import SubscriberApi, SubscriberInfo

    settings = _settings()
    api = SubscriberApi(
        api_base=settings.google.api_base,
        project=str(settings.google.project),
        access_token=os.environ[ADMIN_TOKEN_ENV].strip(),
        http=shared_http(),
    )
    info: SubscriberInfo | None
    try:
        with session_scope(settings) as session:
            if action == "create":
                info = subscribers.register(session, settings, api)
            elif action == "show":
                info = subscribers.check(session, settings, api)
            else:
                removed = subscribers.remove(session, settings, api)
                typer.echo("deleted" if removed else "there was no subscriber to delete")
                return
    except AppError as err:
        detail = err.detail if isinstance(err.detail, dict) else {}
        raise _fail(str(detail.get("en", err.code))) from None
    except ProviderError as err:
        raise _fail(str(err)) from None
    if info is None:
        typer.echo(
            f"no subscriber {settings.google.subscriber_id} in project "
            f"{settings.google.project}: new Fitbit workouts arrive with the hourly check"
        )
        raise typer.Exit(1)
    typer.echo(
        f"{info.name}\n  endpoint: {info.endpoint_uri}\n  state: {info.state}\n"
        f"  data types: {', '.join(info.data_types) or '-'}"
    )


@subscriber_app.command("create")
def create() -> None:
    """Register (or update) loadwatch's webhook endpoint with its secret; Google verifies it."""
    _run("create")


@subscriber_app.command("show")
def show() -> None:
    """Show the subscriber as Google has it (exit 1 when there is none)."""
    _run("show")


@subscriber_app.command("delete")
def delete() -> None:
    """Remove the subscriber: Fitbit workouts then arrive with the hourly check only."""
    _run("delete")
