"""Routes for an athlete's findings (read, acknowledge, snooze), advice policy and plan check."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from service.athletes.access import VisibleAthlete
from service.clock import utcnow
from service.deps import RowId, SessionDep
from service.findings import service
from service.findings.plan_check import check_plan
from service.findings.schemas import (
    FindingOut,
    PlanCheckIn,
    PlanCheckOut,
    PolicyChangeOut,
    PolicyIn,
    PolicyOut,
    SnoozeIn,
    SnoozeOut,
)
from service.schemas import Day

router = APIRouter(tags=["findings"])

ATHLETE = "/athletes/{athlete_id}"


@router.get(f"{ATHLETE}/findings")
def list_findings(
    access: VisibleAthlete,
    session: SessionDep,
    start: Day | None = None,
    end: Day | None = None,
    open_only: Annotated[bool, Query(alias="open")] = False,
) -> list[FindingOut]:
    """Findings in date order; ``open=true`` leaves out those the caller marked as seen (each
    person marks their own). Symptom findings appear for a coach or physio only while the
    athlete shares symptom data."""
    rows = service.list_findings(session, access, start, end, open_only)
    seen = service.seen_times(session, access.viewer, rows)
    return [service.finding_out(row, access, seen.get(row.id)) for row in rows]


@router.post(f"{ATHLETE}/findings/{{finding_id}}/acknowledge")
def acknowledge_finding(
    finding_id: RowId, access: VisibleAthlete, session: SessionDep
) -> FindingOut:
    """The athlete or a linked coach or physio marks the finding seen for themselves: it stays
    open for everyone else until they mark it too."""
    row = service.acknowledge_finding(session, access, finding_id)
    seen = service.seen_times(session, access.viewer, [row])
    return service.finding_out(row, access, seen.get(row.id))


@router.post(f"{ATHLETE}/findings/{{finding_id}}/snooze")
def snooze_finding(
    finding_id: RowId, data: SnoozeIn, access: VisibleAthlete, session: SessionDep
) -> SnoozeOut:
    """Remind the caller of this finding in ``days`` days, on the channels that had it."""
    until = service.snooze_finding(
        session, access, finding_id, utcnow() + timedelta(days=data.days)
    )
    return SnoozeOut(finding_id=finding_id, until=until)


@router.get(f"{ATHLETE}/policy")
def read_policy(access: VisibleAthlete, session: SessionDep) -> PolicyOut:
    """Every advice threshold: value, default, range, who may change it, and the evidence."""
    return service.policy_out(session, access)


@router.put(f"{ATHLETE}/policy")
def update_policy(data: PolicyIn, access: VisibleAthlete, session: SessionDep) -> PolicyOut:
    """A linked coach or physio replaces the overrides, within each parameter's roles."""
    return service.update_policy(session, access, data.overrides)


@router.get(f"{ATHLETE}/policy/history")
def policy_history(access: VisibleAthlete, session: SessionDep) -> list[PolicyChangeOut]:
    """Who changed which thresholds, when; newest first."""
    return service.policy_history(session, access)


@router.post(f"{ATHLETE}/plan-check")
def plan_check(data: PlanCheckIn, access: VisibleAthlete, session: SessionDep) -> PlanCheckOut:
    """The findings planned sessions would trigger, and today's longest run within +10 %."""
    return check_plan(session, access, data.sessions)
