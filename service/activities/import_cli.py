"""``loadwatch import``: activity files into an athlete's account, from the command line.

The same parsing and storing as the upload API, synchronous, one transaction per file: a refused
file stores nothing and the others are still imported. Once every file is stored, one recompute
is requested from the earliest day any of them changed (one evaluation follows it), and for
several files or a ZIP the athlete's "your history is in" notice is written. One line per file;
exit code 2 when any file was refused or unreadable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

LANGS = ("en", "nl")


@dataclass
class _Imported:
    """What the files of one run changed, for the one request that follows them."""

    changed_days: set[date] = field(default_factory=set)
    archives: int = 0


def _finish(athlete_id: int, imported: _Imported, *, several: bool) -> None:
    from service.activities.backfills import backfill_key
    from service.activities.imports import finish_import
    from service.config import get_settings
    from service.db import session_scope

    backfill = several or imported.archives > 0
    with session_scope() as session:
        finish_import(
            session,
            athlete_id,
            imported.changed_days,
            backfill=backfill_key("cli") if backfill else None,
            fresh_days=get_settings().alerts.fresh_days,
        )


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


def _import_one(
    path: Path, athlete_id: int, allow_incomplete: bool, lang: str, imported: _Imported
) -> bool:
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
        outcome = store_file(session, athlete_id, parsed, recompute=False)
    imported.changed_days |= outcome.changed_days
    imported.archives += parsed.archive
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
    from service import preflight  # the database's libraries: only once the command runs

    preflight.database_ready()
    athlete_id = _athlete_id(athlete, lang)
    imported = _Imported()
    results = [_import_one(path, athlete_id, allow_incomplete, lang, imported) for path in paths]
    _finish(athlete_id, imported, several=len(paths) > 1)
    if not all(results):
        raise typer.Exit(2)
