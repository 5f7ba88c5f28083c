"""``loadwatch import``: activity files into an athlete's account, from the command line.

The same parsing and storing as the upload API, synchronous, one transaction per file: a refused
file stores nothing and the others are still imported. One line per file; exit code 2 when any
file was refused or unreadable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from service import preflight

LANGS = ("en", "nl")


def _athlete_id(email: str, lang: str) -> int:
    from service.accounts.queries import get_user_by_email
    from service.db import session_scope
    from service.models import Role
    from service.texts import text

    with session_scope() as session:
        user = get_user_by_email(session, email)
        if user is None or user.role != Role.ATHLETE:
            typer.echo(f"error: {text('imports.no_athlete', lang, email=email)}", err=True)
            raise typer.Exit(2)
        return user.id


def _import_one(path: Path, athlete_id: int, allow_incomplete: bool, lang: str) -> bool:
    """Import one file and print what happened; False when it was refused or unreadable."""
    from service.activities.imports import parse_file, store_file
    from service.db import session_scope
    from service.integrations.files import FileRejected
    from service.texts import text

    try:
        data = path.read_bytes()
        parsed = parse_file(path.name, data, allow_incomplete=allow_incomplete)
    except OSError as exc:
        typer.echo(text("imports.unreadable", lang, file=path, reason=exc.strerror or exc))
        return False
    except FileRejected as exc:
        typer.echo(text("imports.rejected", lang, file=path, message=exc.message(lang)))
        return False
    with session_scope() as session:
        outcome = store_file(session, athlete_id, parsed)
    counts = {n: getattr(outcome, n) for n in ("created", "updated", "linked", "unchanged")}
    typer.echo(text("imports.stored", lang, file=path, **counts))
    if outcome.incomplete:
        typer.echo(text("imports.incomplete", lang, file=path, count=outcome.incomplete))
    if outcome.sport_to_confirm:
        count = outcome.sport_to_confirm
        typer.echo(text("imports.sport_to_confirm", lang, file=path, count=count))
    for problem in outcome.problems:
        typer.echo(text("imports.member_skipped", lang, file=path, message=problem.message(lang)))
    return True


def import_files(
    paths: Annotated[list[Path], typer.Argument(help="FIT, GPX or TCX files, or ZIP archives.")],
    athlete: Annotated[str, typer.Option("--athlete", help="The athlete's email address.")],
    allow_incomplete: Annotated[
        bool,
        typer.Option(
            "--allow-incomplete",
            help="Import what a damaged file holds up to the damage, marked as incomplete.",
        ),
    ] = False,
    lang: Annotated[str, typer.Option(help="Language of the report: en or nl.")] = "en",
) -> None:
    """Import activity files for an athlete, as an upload would; the series follows."""
    if lang not in LANGS:
        typer.echo(f"error: --lang must be en or nl (moet en of nl zijn), not {lang!r}", err=True)
        raise typer.Exit(2)
    preflight.database_ready()
    athlete_id = _athlete_id(athlete, lang)
    results = [_import_one(path, athlete_id, allow_incomplete, lang) for path in paths]
    if not all(results):
        raise typer.Exit(2)
