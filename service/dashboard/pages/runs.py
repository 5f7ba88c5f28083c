"""The runs themselves: the activity list (newest first, paged), the training calendar (ISO weeks
as rows) and a page per activity, for the runner and the staff the runner linked. Check-ins show
only where the runner shares symptoms, and warnings as the consent rule allows; the runner
corrects an activity's sport here (the storing and the recompute are the activities feature's).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from service.activities import queries as activity_queries
from service.activities import runs
from service.activities.deps import require_self
from service.activities.records import is_race, update_activity
from service.activities.schemas import ActivityUpdateIn
from service.athletes.access import AthleteAccess, VisibleAthlete
from service.checkins import service as checkins
from service.clock import local_today
from service.dashboard import runs_calendar, runs_view
from service.dashboard import service as dashboard
from service.dashboard.deps import SignedInPage
from service.dashboard.form_data import FormFields
from service.dashboard.page import Page
from service.dashboard.render import render, see_other
from service.deps import RowId, SessionDep
from service.findings import service as findings
from service.integrations.base import Sport
from service.models import Checkin, Finding

router = APIRouter()
LIST = "/athletes/{athlete_id}/activities"
PER_PAGE = 30
MAX_PAGE = 10_000
RUN_RULE_PREFIXES = ("volume.", "load.", "data.outlier_day")
"""The rules that read activities: the warnings an activity's day can have raised."""


def _section(page: Page, access: AthleteAccess) -> Page:
    return page.with_section("runs" if access.is_self else "roster")


@router.get(LIST)
def activity_list(
    access: VisibleAthlete,
    page: SignedInPage,
    session: SessionDep,
    number: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    listed = runs.activity_page(session, access.athlete.id, number, PER_PAGE)
    return render(
        _section(page, access),
        "athletes/runs_list.html",
        access=access,
        listed=listed,
        view=runs_view,
        tab="list",
    )


@router.get("/athletes/{athlete_id}/calendar")
def calendar(
    access: VisibleAthlete,
    page: SignedInPage,
    session: SessionDep,
    month: Annotated[str, Query(max_length=7)] = "",
) -> Response:
    today = local_today(access.athlete.timezone)
    first_of_month = runs_calendar.parse_month(month, today)
    first, last = runs_calendar.month_days(first_of_month)
    activities = activity_queries.list_activities(session, access.athlete.id, first, last)
    shown = findings.list_findings(session, access, first, last, open_only=False)
    days_checkins = _checkins(session, access, first, last)
    built = runs_calendar.build_calendar(
        first_of_month, today, activities, days_checkins or [], dashboard.by_severity(shown)
    )
    return render(
        _section(page, access),
        "athletes/runs_calendar.html",
        access=access,
        calendar=built,
        today=today,
        sees_checkins=days_checkins is not None,
        pain=runs_calendar.checkin_pain,
        view=runs_view,
        tab="calendar",
    )


def _checkins(
    session: Session, access: AthleteAccess, first: date, last: date
) -> list[Checkin] | None:
    """The days' check-ins; None when the runner does not share them with this reader."""
    if not access.sees_symptoms:
        return None
    return list(checkins.list_checkins(session, access, first, last))


@router.get(LIST + "/{activity_id}")
def activity_page(
    access: VisibleAthlete, page: SignedInPage, session: SessionDep, activity_id: RowId
) -> Response:
    activity, sources = runs.activity_with_sources(session, access.athlete.id, activity_id)
    day = activity.local_date
    raised: list[Finding] = [
        f
        for f in findings.list_findings(session, access, day, day, open_only=False)
        if f.rule.startswith(RUN_RULE_PREFIXES)
    ]
    return render(
        _section(page, access),
        "athletes/runs_activity.html",
        access=access,
        activity=activity,
        sources=runs_view.source_labels(activity, sources),
        race=is_race(activity),
        place=runs.thirty_day_place(session, activity),
        raised=dashboard.by_severity(raised),
        started=runs_view.local_start(activity, access.athlete.timezone),
        sports=runs_view.SPORTS,
        view=runs_view,
    )


@router.post(LIST + "/{activity_id}/sport")
def correct_sport(
    access: VisibleAthlete, session: SessionDep, activity_id: RowId, fields: FormFields
) -> Response:
    """The runner's own correction of the sport; the series is recomputed from its day."""
    fields.only({"sport"})
    require_self(access)
    target = f"/athletes/{access.athlete.id}/activities/{activity_id}"
    try:
        sport = Sport(fields.get("sport"))
    except ValueError:
        return see_other(f"{target}?error=invalid_sport")
    update_activity(session, access.athlete.id, activity_id, ActivityUpdateIn(sport=sport))
    return see_other(f"{target}?done=sport_saved")
