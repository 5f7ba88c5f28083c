"""Request and response shapes of stored activities and file imports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from service.integrations.base import Sport
from service.schemas import Input


class SourceOut(BaseModel):
    """One delivery of the activity: a provider sync or an uploaded file."""

    source: str
    external_id: str
    incomplete: bool
    received_at: datetime


class ActivityOut(BaseModel):
    """A stored activity in SI units; ``local_date`` is the day it counts on in the series."""

    id: int
    sport: str
    name: str | None
    start_utc: datetime
    local_date: date
    timezone: str | None
    distance_m: float | None
    duration_s: float
    moving_s: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None
    rpe: float | None
    vendor_load: float | None
    vendor_load_label: str | None
    incomplete: bool
    sport_to_confirm: bool
    sources: list[SourceOut]


class ActivityUpdateIn(Input):
    """The athlete's corrections: the session's rating (CR-10 scale; null clears it) and its
    sport (setting it, even to the same sport, confirms a sport guessed from the speed)."""

    rpe: float | None = Field(default=None, ge=0, le=10)
    sport: Sport | None = None


class ProblemOut(BaseModel):
    """Why a file (or an archive member) was refused, and where in it."""

    error: str
    where: str | None
    message: str


class FileResultOut(BaseModel):
    """What became of one uploaded file. ``queued``: poll ``/imports/{import_id}``."""

    file: str
    status: Literal["created", "updated", "linked", "unchanged", "queued"]
    created: int = 0
    updated: int = 0
    linked: int = 0
    unchanged: int = 0
    incomplete: int = 0
    sport_to_confirm: int = 0
    activity_ids: list[int] = []
    skipped_members: int = 0
    problems: list[ProblemOut] = []
    import_id: int | None = None


class UploadOut(BaseModel):
    files: list[FileResultOut]


class ImportOut(BaseModel):
    """A file imported in the background: ``queued``, then ``done`` (``result``) or ``failed``
    (``error``)."""

    id: int
    file: str
    status: Literal["queued", "done", "failed"]
    allow_incomplete: bool
    size_bytes: int
    created_at: datetime
    finished_at: datetime | None
    result: FileResultOut | None
    error: ProblemOut | None


def problem_out(stored: dict[str, Any], locale: str) -> ProblemOut:
    """A refusal stored as JSON (code, where, message per locale) in ``locale``."""
    messages = stored["message"]
    return ProblemOut(
        error=stored["code"], where=stored["where"], message=messages.get(locale, messages["en"])
    )
