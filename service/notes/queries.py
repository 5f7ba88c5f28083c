"""All SQL of the notes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import Session

from service.models import Finding, Note, User


def list_notes(
    session: Session,
    athlete_id: int,
    hidden_prefixes: Collection[str],
    *,
    finding_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Sequence[tuple[Note, User]]:
    """The athlete's notes with their authors, oldest first: on one finding, or on days from
    ``start`` to ``end`` (with neither, all of them). Notes on a finding of a hidden rule are left
    out."""
    statement = (
        select(Note, User)
        .join(User, User.id == Note.author_id)
        .outerjoin(Finding, Finding.id == Note.finding_id)
        .where(Note.athlete_id == athlete_id)
        .order_by(Note.created_at, Note.id)
    )
    for prefix in hidden_prefixes:
        statement = statement.where(
            or_(Note.finding_id.is_(None), not_(Finding.rule.startswith(prefix, autoescape=True)))
        )
    if finding_id is not None:
        statement = statement.where(Note.finding_id == finding_id)
    if start is not None or end is not None:
        statement = statement.where(Note.day.is_not(None))
        if start is not None:
            statement = statement.where(Note.day >= start)
        if end is not None:
            statement = statement.where(Note.day <= end)
    return [(note, author) for note, author in session.execute(statement).all()]


def get_note(session: Session, athlete_id: int, note_id: int) -> Note | None:
    return session.scalars(
        select(Note).where(and_(Note.id == note_id, Note.athlete_id == athlete_id))
    ).first()


def add_note(session: Session, note: Note) -> Note:
    session.add(note)
    session.flush()
    return note


def delete_note(session: Session, note: Note) -> None:
    session.delete(note)
    session.flush()
