"""Routes for notes on a warning or a day."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from service.athletes.access import VisibleAthlete
from service.deps import RowId, SessionDep
from service.notes import service
from service.notes.schemas import AuthorOut, NoteIn, NoteOut
from service.notes.service import NoteView
from service.schemas import Day

router = APIRouter(tags=["notes"])

PATH = "/athletes/{athlete_id}/notes"


def note_out(view: NoteView) -> NoteOut:
    note, author = view.note, view.author
    return NoteOut(
        id=note.id,
        athlete_id=note.athlete_id,
        finding_id=note.finding_id,
        day=note.day,
        body=note.body,
        author=AuthorOut(id=author.id, display_name=author.display_name, role=author.role),
        created_at=note.created_at,
        may_delete=view.may_delete,
    )


@router.get(PATH)
def list_notes(
    access: VisibleAthlete,
    session: SessionDep,
    finding: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="a finding's id")] = None,
    start: Day | None = None,
    end: Day | None = None,
) -> list[NoteOut]:
    """The notes on one warning (``finding``), or on the athlete's days from ``start`` to
    ``end``; with neither, all of them."""
    found = service.list_notes(session, access, finding_id=finding, start=start, end=end)
    return [note_out(view) for view in found]


@router.post(PATH, status_code=status.HTTP_201_CREATED)
def add_note(data: NoteIn, access: VisibleAthlete, session: SessionDep) -> NoteOut:
    """A note by the caller: the athlete or a linked coach or physio."""
    view = service.add_note(session, access, data.body, finding_id=data.finding_id, day=data.day)
    return note_out(view)


@router.delete(f"{PATH}/{{note_id}}", status_code=status.HTTP_204_NO_CONTENT)
def delete_note(note_id: RowId, access: VisibleAthlete, session: SessionDep) -> Response:
    """Only by its author (403 for anyone else who reads it, 404 for anyone who does not)."""
    service.delete_note(session, access, note_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
