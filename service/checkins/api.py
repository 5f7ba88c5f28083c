"""Routes for symptom check-ins (DOMAIN §1.3)."""

from __future__ import annotations

from fastapi import APIRouter, status

from service.athletes.access import VisibleAthlete
from service.checkins import service
from service.checkins.convert import ANSWER_COLUMNS
from service.checkins.schemas import CheckinIn, CheckinOut
from service.deps import SessionDep
from service.models import Checkin
from service.schemas import Day

router = APIRouter(tags=["checkins"])

PATH = "/athletes/{athlete_id}/checkins"


def checkin_out(row: Checkin) -> CheckinOut:
    answers = {name: getattr(row, name) for name in ANSWER_COLUMNS}
    return CheckinOut(
        id=row.id,
        kind=row.kind,
        date=row.day,
        region=row.region or None,
        created_at=row.created_at,
        updated_at=row.updated_at,
        **answers,
    )


@router.post(PATH, status_code=status.HTTP_201_CREATED)
def submit_checkin(data: CheckinIn, access: VisibleAthlete, session: SessionDep) -> CheckinOut:
    """The athlete records a check-in; 409 if this day, kind and region already has one."""
    return checkin_out(service.record_checkin(session, access, data))


@router.put(PATH)
def correct_checkin(data: CheckinIn, access: VisibleAthlete, session: SessionDep) -> CheckinOut:
    """The athlete stores or corrects the check-in of this day, kind and region."""
    return checkin_out(service.correct_checkin(session, access, data))


@router.get(PATH)
def list_checkins(
    access: VisibleAthlete,
    session: SessionDep,
    start: Day | None = None,
    end: Day | None = None,
) -> list[CheckinOut]:
    """Check-ins from ``start`` to ``end``; linked staff only when symptoms are shared."""
    return [checkin_out(row) for row in service.list_checkins(session, access, start, end)]
