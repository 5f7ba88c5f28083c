"""What the notes do: list the ones the caller may read, add one, delete one's own. Nothing here
commits.

Every call starts from an :class:`~service.athletes.access.AthleteAccess` (the athlete, or staff
through an active link), so a note is never read or written past the consent check; a note on a
warning follows the warning (:func:`service.findings.service.visible_finding`: symptom warnings
only while the athlete shares symptoms).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from service.athletes.access import AthleteAccess, hidden_rules
from service.clock import local_today
from service.errors import Forbidden, NotFound, Unprocessable
from service.findings.service import visible_finding
from service.models import Note, User
from service.models.notes import NOTE_MAX_LENGTH
from service.notes import queries


@dataclass(frozen=True)
class NoteView:
    note: Note
    author: User
    may_delete: bool


def list_notes(
    session: Session,
    access: AthleteAccess,
    *,
    finding_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[NoteView]:
    """The notes the caller may read, oldest first: on one warning, or on days in a range."""
    if finding_id is not None:
        visible_finding(session, access, finding_id)
    if start is not None and end is not None and end < start:
        raise Unprocessable("invalid_range", "end must not be before start")
    rows = queries.list_notes(
        session,
        access.athlete.id,
        hidden_rules(access.sees_symptoms),
        finding_id=finding_id,
        start=start,
        end=end,
    )
    return [NoteView(note, author, author.id == access.viewer.id) for note, author in rows]


def add_note(
    session: Session,
    access: AthleteAccess,
    body: str,
    *,
    finding_id: int | None = None,
    day: date | None = None,
) -> NoteView:
    """The caller's note on a warning they may see, or on a day up to the athlete's today."""
    text = body.strip()
    if not text:
        raise Unprocessable("note_empty", "write something in the note")
    if len(text) > NOTE_MAX_LENGTH:
        raise Unprocessable("note_too_long", f"a note is at most {NOTE_MAX_LENGTH} characters")
    if finding_id is not None:
        visible_finding(session, access, finding_id)
    elif day is not None and day > local_today(access.athlete.timezone):
        raise Unprocessable("note_day_in_future", "a note is about a day up to today")
    note = queries.add_note(
        session,
        Note(
            athlete_id=access.athlete.id,
            author_id=access.viewer.id,
            finding_id=finding_id,
            day=None if finding_id is not None else day,
            body=text,
        ),
    )
    return NoteView(note, access.viewer, True)


def delete_note(session: Session, access: AthleteAccess, note_id: int) -> None:
    """Only its author deletes a note; a note the caller cannot read is not found."""
    note = queries.get_note(session, access.athlete.id, note_id)
    if note is None or (
        note.finding_id is not None and not _finding_visible(session, access, note)
    ):
        raise NotFound("note_not_found")
    if note.author_id != access.viewer.id:
        raise Forbidden("not_your_note", "only its author may delete a note")
    queries.delete_note(session, note)


def _finding_visible(session: Session, access: AthleteAccess, note: Note) -> bool:
    try:
        visible_finding(session, access, note.finding_id or 0)
    except NotFound:
        return False
    return True
