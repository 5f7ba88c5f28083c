"""Request and response shapes of the notes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Self

from pydantic import BaseModel, Field, model_validator

from service.models.notes import NOTE_MAX_LENGTH
from service.schemas import Day, Input

NoteBody = Annotated[str, Field(min_length=1, max_length=NOTE_MAX_LENGTH)]


class NoteIn(Input):
    """A note on one of the athlete's warnings (``finding_id``) or on one of their days."""

    body: NoteBody
    finding_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    day: Day | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> Self:
        if (self.finding_id is None) == (self.day is None):
            raise ValueError("a note is about a finding_id or a day, one of the two")
        return self


class AuthorOut(BaseModel):
    id: int
    display_name: str
    role: str


class NoteOut(BaseModel):
    id: int
    athlete_id: int
    finding_id: int | None
    day: date | None
    body: str
    author: AuthorOut
    created_at: datetime
    may_delete: bool = Field(
        description="Whether the caller wrote it (only its author deletes it)."
    )
