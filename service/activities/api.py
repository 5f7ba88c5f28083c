"""Routes for stored activities, file uploads and background imports.

Reading is open to whoever may see the athlete (``VisibleAthlete``); uploading, polling an import
and setting the RPE are the athlete's own (a linked coach gets 403, anyone else 404): the data
should come from the person who recorded it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from service.activities import queries, records
from service.activities.deps import date_range, require_self
from service.activities.imports import FileOutcome
from service.activities.schemas import (
    ActivityOut,
    ActivityUpdateIn,
    FileResultOut,
    ImportOut,
    ProblemOut,
    SourceOut,
    UploadOut,
    problem_out,
)
from service.activities.uploads import IncomingFile, UploadResult, receive_uploads
from service.athletes.access import VisibleAthlete
from service.deps import RowId, SessionDep, SettingsDep
from service.errors import NotFound
from service.integrations.files import FileRejected
from service.models import Activity, ActivitySource, FileImport
from service.schemas import Day

router = APIRouter(tags=["activities"])

DEFAULT_DAYS = 90


def activity_out(activity: Activity, sources: Sequence[ActivitySource]) -> ActivityOut:
    fields = {
        name: getattr(activity, name) for name in ActivityOut.model_fields if name != "sources"
    }
    listed = [SourceOut.model_validate(source, from_attributes=True) for source in sources]
    return ActivityOut(**fields, sources=listed)


def outcome_out(outcome: FileOutcome, locale: str) -> FileResultOut:
    return FileResultOut(
        file=outcome.filename,
        status=outcome.status,
        created=outcome.created,
        updated=outcome.updated,
        linked=outcome.linked,
        unchanged=outcome.unchanged,
        incomplete=outcome.incomplete,
        sport_to_confirm=outcome.sport_to_confirm,
        activity_ids=list(outcome.activity_ids),
        skipped_members=outcome.skipped,
        problems=[_problem(problem, locale) for problem in outcome.problems],
    )


def _problem(exc: FileRejected, locale: str) -> ProblemOut:
    return ProblemOut(error=exc.code, where=exc.where, message=exc.message(locale))


def upload_out(result: UploadResult, locale: str) -> FileResultOut:
    if result.outcome is not None:
        return outcome_out(result.outcome, locale)
    import_id = result.queued.id if result.queued is not None else None
    return FileResultOut(file=result.filename, status="queued", import_id=import_id)


def import_out(row: FileImport, locale: str) -> ImportOut:
    stored = row.result
    result = None
    if row.status == "done":
        result = FileResultOut(
            file=row.filename,
            status=stored["status"],
            created=stored["created"],
            updated=stored["updated"],
            linked=stored["linked"],
            unchanged=stored["unchanged"],
            incomplete=stored["incomplete"],
            sport_to_confirm=stored.get("sport_to_confirm", 0),
            activity_ids=stored["activity_ids"],
            skipped_members=stored["skipped"],
            problems=[problem_out(problem, locale) for problem in stored["problems"]],
        )
    return ImportOut(
        id=row.id,
        file=row.filename,
        status=row.status,
        allow_incomplete=row.allow_incomplete,
        size_bytes=row.size_bytes,
        created_at=row.created_at,
        finished_at=row.finished_at,
        result=result,
        error=problem_out(row.error, locale) if row.error else None,
    )


@router.get("/athletes/{athlete_id}/activities")
def list_activities(
    access: VisibleAthlete, session: SessionDep, start: Day | None = None, end: Day | None = None
) -> list[ActivityOut]:
    """Activities on the athlete's local days ``start .. end`` (default: the last 90 days)."""
    first, last = date_range(access, start, end, DEFAULT_DAYS)
    listed = records.list_with_sources(session, access.athlete.id, first, last)
    return [activity_out(activity, sources) for activity, sources in listed]


@router.patch("/athletes/{athlete_id}/activities/{activity_id}")
def update_activity(
    access: VisibleAthlete, session: SessionDep, activity_id: RowId, data: ActivityUpdateIn
) -> ActivityOut:
    """Set the session's RPE (0–10) or its sport (which confirms a sport guessed from the
    speed); the series is recomputed from the activity's day."""
    require_self(access)
    activity = records.update_activity(session, access.athlete.id, activity_id, data)
    return activity_out(activity, queries.list_sources_of(session, [activity.id]))


@router.post("/athletes/{athlete_id}/activities/files")
def upload_files(
    access: VisibleAthlete,
    session: SessionDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="FIT, GPX or TCX files, or ZIP archives.")],
    allow_incomplete: Annotated[bool, Form()] = False,
) -> UploadOut:
    """Import activity files. Small files are stored at once; large files and archives are
    queued (poll the import). A refused file fails the request (422) and nothing is stored;
    ``allow_incomplete`` imports what a damaged file holds, marked incomplete."""
    require_self(access)
    incoming = [IncomingFile(upload.filename or "", upload.file) for upload in files]
    results = receive_uploads(session, settings, access.athlete, incoming, allow_incomplete)
    return UploadOut(files=[upload_out(result, access.viewer.locale) for result in results])


@router.get("/athletes/{athlete_id}/imports/{import_id}")
def read_import(access: VisibleAthlete, session: SessionDep, import_id: RowId) -> ImportOut:
    """The status of a file imported in the background."""
    require_self(access)
    row = queries.get_import(session, access.athlete.id, import_id)
    if row is None:
        raise NotFound("import_not_found")
    return import_out(row, access.viewer.locale)
