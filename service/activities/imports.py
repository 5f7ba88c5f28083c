"""Activity files into stored activities: the one code path of the upload API, the import task
and ``loadwatch import``.

:func:`parse_file` reads a FIT, GPX or TCX file, or a ZIP of them, and raises
:class:`FileRejected` for anything it will not import (nothing is stored then).
:func:`store_file` hands the activities to :func:`ingest_activities`, which stores each once
(idempotent, linked to the same session from another source) and schedules the recompute.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy.orm import Session

from service.activities.backfills import note_backfill
from service.activities.service import ingest_activities, request_recompute
from service.integrations.base import ActivityData
from service.integrations.files import FileRejected, read_archive
from service.integrations.files.formats import Kind, read_single_file, sniff
from service.models import User

FileStatus = Literal["created", "updated", "linked", "unchanged"]
LOCALES = ("en", "nl")


@dataclass(frozen=True)
class ParsedFile:
    """What one file holds: its activities, and for an archive the members it skipped."""

    filename: str
    activities: list[ActivityData]
    problems: tuple[FileRejected, ...] = ()
    skipped: int = 0
    archive: bool = False


@dataclass(frozen=True)
class FileOutcome:
    """What storing one file did, activity by activity."""

    filename: str
    created: int
    updated: int
    linked: int
    unchanged: int
    incomplete: int
    activity_ids: tuple[int, ...]
    problems: tuple[FileRejected, ...] = ()
    skipped: int = 0
    changed_days: frozenset[date] = frozenset()
    sport_to_confirm: int = 0

    @property
    def status(self) -> FileStatus:
        """The strongest effect: a new activity, a changed one, a link to another source, none."""
        if self.created:
            return "created"
        if self.updated:
            return "updated"
        return "linked" if self.linked else "unchanged"


def is_archive(head: bytes) -> bool:
    return sniff(head) is Kind.ZIP


def parse_file(filename: str, data: bytes, *, allow_incomplete: bool) -> ParsedFile:
    """The activities of one file; FileRejected when it is refused (see service.integrations.files).

    An archive keeps its good members and lists the others as problems. With
    ``allow_incomplete`` a damaged FIT gives what it holds up to the damage
    (``incomplete=True``).
    """
    if is_archive(data):
        archive = read_archive(data, allow_incomplete=allow_incomplete)
        return ParsedFile(
            filename, archive.activities, tuple(archive.problems), archive.skipped, archive=True
        )
    return ParsedFile(filename, read_single_file(data, allow_incomplete=allow_incomplete))


def store_file(
    session: Session, athlete_id: int, parsed: ParsedFile, *, recompute: bool = True
) -> FileOutcome:
    """Store the file's activities for the athlete; the recompute is enqueued after commit
    (``recompute=False``: the caller asks once for all its files, :func:`finish_import`)."""
    result = ingest_activities(session, athlete_id, parsed.activities, recompute=recompute)
    return FileOutcome(
        filename=parsed.filename,
        created=result.created,
        updated=result.updated,
        linked=result.linked,
        unchanged=result.unchanged,
        incomplete=sum(1 for activity in parsed.activities if activity.incomplete),
        sport_to_confirm=sum(1 for activity in parsed.activities if activity.sport_to_confirm),
        activity_ids=tuple(dict.fromkeys(result.activity_ids)),
        problems=parsed.problems,
        skipped=parsed.skipped,
        changed_days=frozenset(result.changed_days),
    )


def finish_import(
    session: Session,
    athlete_id: int,
    changed_days: Collection[date],
    *,
    backfill: str | None,
    fresh_days: int,
) -> None:
    """After storing an import's files: one recompute from the earliest day any of them
    changed (so one evaluation after it), and for a backfill (a ZIP, several files) the held
    "your history is in" notice under the key ``backfill``."""
    request_recompute(session, athlete_id, changed_days)
    athlete = session.get(User, athlete_id)
    if backfill is not None and athlete is not None:
        note_backfill(
            session,
            athlete_id,
            backfill,
            changed_days,
            fresh_days=fresh_days,
            timezone=athlete.timezone,
        )


def problem_json(exc: FileRejected) -> dict[str, Any]:
    """A refusal as stored JSON: code, where, and the message in every locale."""
    return {
        "code": exc.code,
        "where": exc.where,
        "message": {locale: exc.message(locale) for locale in LOCALES},
    }


def outcome_json(outcome: FileOutcome) -> dict[str, Any]:
    return {
        "status": outcome.status,
        "created": outcome.created,
        "updated": outcome.updated,
        "linked": outcome.linked,
        "unchanged": outcome.unchanged,
        "incomplete": outcome.incomplete,
        "sport_to_confirm": outcome.sport_to_confirm,
        "activity_ids": list(outcome.activity_ids),
        "skipped": outcome.skipped,
        "problems": [problem_json(problem) for problem in outcome.problems],
    }
