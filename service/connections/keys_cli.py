"""``loadwatch rotate-keys``: the command around ``keys.rotate_keys``."""

from __future__ import annotations

import typer

from service.config import get_settings


def rotate_keys_command() -> None:
    """Re-encrypt every stored secret under the first key of LOADWATCH_ENCRYPTION_KEYS."""
    from service import preflight
    from service.connections.keys import rotate_keys
    from service.db import session_scope

    keys = get_settings().encryption_key_list()
    preflight.database_ready()
    with session_scope() as session:
        counts = rotate_keys(session, keys)
    typer.echo(
        f"re-encrypted {counts.resealed}, already under the primary key {counts.already_current}, "
        f"unreadable with the configured keys {counts.unreadable}"
    )
    if counts.unreadable:
        typer.echo(
            "error: some values open with none of the configured keys; keep the old keys until "
            "they are resolved",
            err=True,
        )
        raise typer.Exit(1)
