"""Notes on a warning (on its page) or on a day (on the athlete's page): writing one and deleting
one's own. Who may read and write them is the notes feature's own rule."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from service.athletes.access import VisibleAthlete
from service.dashboard.day_input import day_hint, parse_day
from service.dashboard.deps import SignedInPage
from service.dashboard.render import see_other
from service.dashboard.schemas import NoteForm
from service.deps import RowId, SessionDep
from service.errors import AppError, Unprocessable
from service.notes import service as notes

router = APIRouter()


def _back(athlete_id: int, finding_id: str) -> str:
    if finding_id.isdigit():
        return f"/athletes/{athlete_id}/findings/{int(finding_id)}"
    return f"/athletes/{athlete_id}"


def _day(text: str, locale: str) -> date:
    day = parse_day(text, locale)
    if day is None:
        raise Unprocessable("invalid_day", f"a day is {day_hint(locale)}")
    return day


@router.post("/athletes/{athlete_id}/notes")
def add_note(
    access: VisibleAthlete,
    page: SignedInPage,
    session: SessionDep,
    form: Annotated[NoteForm, Form()],
) -> Response:
    target = _back(access.athlete.id, form.finding_id)
    try:
        if form.finding_id.isdigit():
            finding_id = int(form.finding_id)
            notes.add_note(session, access, form.body, finding_id=finding_id)
        else:
            notes.add_note(session, access, form.body, day=_day(form.day, page.locale))
    except AppError as exc:
        return see_other(f"{target}?error={exc.code}#notes")
    return see_other(f"{target}?done=note_saved#notes")


@router.post("/athletes/{athlete_id}/notes/{note_id}/delete")
def delete_note(
    access: VisibleAthlete, session: SessionDep, note_id: RowId, back: str = ""
) -> Response:
    target = _back(access.athlete.id, back)
    try:
        notes.delete_note(session, access, note_id)
    except AppError as exc:
        return see_other(f"{target}?error={exc.code}#notes")
    return see_other(f"{target}?done=note_deleted#notes")
