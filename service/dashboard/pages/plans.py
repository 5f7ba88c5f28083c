"""The plan check: a planned session → the warnings it would give, and how long today's run may
be to stay within the spike caution of the 30-day longest. Nothing is stored; the check is the
findings feature's ``check_plan`` (the same rules the workers run)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from service.athletes.access import AthleteAccess, VisibleAthlete
from service.clock import local_today
from service.dashboard import runs_view
from service.dashboard.deps import SignedInPage
from service.dashboard.form_data import parse_number
from service.dashboard.i18n import N_
from service.dashboard.page import Page, problem_text
from service.dashboard.render import render
from service.dashboard.schemas import PlanForm
from service.deps import SessionDep
from service.errors import AppError
from service.findings import service as findings
from service.findings.guard import athlete_guard
from service.findings.plan_check import check_plan
from service.findings.schemas import PlanCheckOut, PlannedFindingOut, PlannedSessionIn
from service.integrations.base import RUNNING_SPORTS

router = APIRouter()
PATH = "/athletes/{athlete_id}/plan"
PLANNED_SPORTS = (
    "running",
    "trail_running",
    "treadmill_running",
    "track_running",
    "cycling",
    "swimming",
    "walking",
    "strength",
    "other",
)
SPORTS = {sport: runs_view.SPORTS[sport] for sport in PLANNED_SPORTS}
"""The sports a planned session can be, labelled as the runs pages label them."""
FIELD_MESSAGES = {
    "date": N_("Enter a day from today up to eight weeks ahead."),
    "distance_km": N_("Enter a distance in km, or leave it empty."),
    "duration_min": N_("Enter how many minutes, more than 0."),
    "rpe": N_("Enter an effort from 0 to 10, or leave it empty."),
    "sport": N_("Choose a sport from the list."),
}


@router.get(PATH)
def plan_page(access: VisibleAthlete, page: SignedInPage, session: SessionDep) -> Response:
    today = local_today(access.athlete.timezone)
    return _page(page, access, session, PlanForm(date=today.isoformat()), {}, None)


@router.post(PATH)
def check(
    access: VisibleAthlete,
    page: SignedInPage,
    session: SessionDep,
    form: Annotated[PlanForm, Form()],
) -> Response:
    planned, errors = _planned(form)
    if planned is None:
        return _page(page, access, session, form, errors, None, 422)
    try:
        result = _result(session, access, planned, check_plan(session, access, [planned]))
    except AppError as exc:
        if exc.code == "invalid_plan":
            return _page(page, access, session, form, _message(page, "date"), None, 422)
        page.problems.append(problem_text(exc, page))
        return _page(page, access, session, form, {}, None, exc.status_code)
    return _page(page, access, session, form, {}, result)


@dataclass(frozen=True)
class PlanResult:
    """What the page says about a plan: the warnings it would add to those already given for
    that day, and the planned run against the reference of today's guard."""

    findings: list[PlannedFindingOut]
    planned_km: float | None
    over_longest_pct: float | None


def _result(
    session: Session, access: AthleteAccess, planned: PlannedSessionIn, checked: PlanCheckOut
) -> PlanResult:
    given = findings.list_findings(session, access, planned.date, planned.date, open_only=False)
    already = {(f.rule, f.region or None) for f in given}
    running = planned.sport.value in RUNNING_SPORTS and planned.distance_m
    km = planned.distance_m / 1000 if running and planned.distance_m else None
    longest = checked.longest_run_30d_km
    return PlanResult(
        findings=[f for f in checked.findings if (f.rule, f.region) not in already],
        planned_km=km,
        over_longest_pct=(km / longest - 1) * 100 if km and longest else None,
    )


def _planned(form: PlanForm) -> tuple[PlannedSessionIn | None, dict[str, str]]:
    """The planned session, or the names of the fields to fix (messages filled in later)."""
    bad: list[str] = []
    values: dict[str, Any] = {"sport": form.sport}
    try:
        values["date"] = date.fromisoformat(form.date)
    except ValueError:
        bad.append("date")
    for name, scale in (("distance_km", 1000.0), ("duration_min", 60.0), ("rpe", 1.0)):
        try:
            number = parse_number(getattr(form, name))
        except ValueError:
            bad.append(name)
            continue
        target = {"distance_km": "distance_m", "duration_min": "duration_s"}.get(name, name)
        values[target] = None if number is None else number * scale
    if bad:
        return None, dict.fromkeys(bad, "")
    try:
        return PlannedSessionIn.model_validate(values), {}
    except ValidationError as exc:
        names = {"distance_m": "distance_km", "duration_s": "duration_min"}
        fields = [str(error["loc"][0]) for error in exc.errors() if error["loc"]]
        return None, dict.fromkeys((names.get(f, f) for f in fields), "")


def _message(page: Page, *names: str) -> dict[str, str]:
    return {name: page._(FIELD_MESSAGES[name]) for name in names}


def _page(
    page: Page,
    access: AthleteAccess,
    session: Session,
    form: PlanForm,
    errors: dict[str, str],
    result: PlanResult | None,
    status: int = 200,
) -> Response:
    guard = athlete_guard(session, access.athlete)
    shown_errors = {name: text or page._(FIELD_MESSAGES[name]) for name, text in errors.items()}
    return render(
        page.with_section("athlete" if access.is_self else "roster"),
        "athletes/plan.html",
        status,
        access=access,
        form=form,
        errors=shown_errors,
        result=result,
        guard=guard,
        sports=SPORTS,
        today=guard.day,
    )
