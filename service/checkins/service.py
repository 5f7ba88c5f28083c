"""Recording and reading check-ins. Callers own the transaction; nothing here commits.

Every stored or corrected check-in schedules ``findings.evaluate`` for the athlete after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from service.athletes.access import AthleteAccess, require_symptom_access
from service.athletes.status import refresh_status
from service.checkins import queries
from service.checkins.convert import parse_request, row_values
from service.checkins.schemas import CheckinIn
from service.clock import local_today
from service.errors import Conflict, Forbidden, Unprocessable, refused
from service.models import Checkin
from service.queue import enqueue
from service.task_names import TaskName
from service.training.input_errors import CheckinError, InputError


def _checked(access: AthleteAccess, data: CheckinIn) -> dict[str, object]:
    if not access.is_self:
        raise Forbidden("athletes_only", "only the athlete records their own check-ins")
    try:
        if data.date > local_today(access.athlete.timezone):
            raise CheckinError("date", "cannot be in the future", "mag niet in de toekomst liggen")
        checkin = parse_request(data)
    except InputError as error:
        raise refused(error, "invalid_checkin") from None
    return {"athlete_id": access.athlete.id, **row_values(checkin)}


def record_checkin(session: Session, access: AthleteAccess, data: CheckinIn) -> Checkin:
    """A new check-in; Conflict when this day, kind and region already has one (correct it)."""
    values = _checked(access, data)
    checkin_id = queries.insert_checkin(session, values)
    if checkin_id is None:
        raise Conflict(
            "checkin_exists",
            "this day, kind and region already has a check-in; send a PUT to correct it",
        )
    refresh_status(session, [access.athlete.id])
    enqueue(session, TaskName.FINDINGS_EVALUATE, athlete_id=access.athlete.id)
    return queries.get_checkin(session, checkin_id)


def correct_checkin(session: Session, access: AthleteAccess, data: CheckinIn) -> Checkin:
    """Store the check-in, replacing every answer of the one with the same day, kind, region."""
    values = _checked(access, data)
    checkin_id = queries.upsert_checkin(session, values)
    refresh_status(session, [access.athlete.id])
    enqueue(session, TaskName.FINDINGS_EVALUATE, athlete_id=access.athlete.id)
    return queries.get_checkin(session, checkin_id)


def list_checkins(
    session: Session, access: AthleteAccess, start: date | None, end: date | None
) -> Sequence[Checkin]:
    """The athlete's check-ins; linked staff only when the athlete shares symptoms (else 404)."""
    require_symptom_access(access)
    if start is not None and end is not None and end < start:
        raise Unprocessable("invalid_range", "end must not be before start")
    return queries.list_checkins(session, access.athlete.id, start, end)
