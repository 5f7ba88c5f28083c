"""The runner's week at a glance, and the athlete view (their own, or a coach's drill-down)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from service.dashboard import labels, service
from service.dashboard.charts import chart_config
from service.dashboard.deps import SignedInPage
from service.dashboard.page import home_path
from service.dashboard.render import render, see_other
from service.deps import SessionDep, VisibleAthlete

router = APIRouter()

Measure = Literal["distance_km", "duration_min", "srpe", "trimp"]
RANGES = (90, 180, 365)


@router.get("/home")
def home(page: SignedInPage, session: SessionDep) -> Response:
    user = page.user
    if user is None or not page.is_athlete:
        return see_other(home_path(user))
    today = service.local_today(user)
    week = service.week_summary(session, user)
    findings = service.open_findings(session, [user.id], today)
    return render(
        page.with_section("home"), "athletes/home.html", today=today, week=week, findings=findings
    )


@router.get("/athletes/{athlete_id}")
def athlete_view(
    access: VisibleAthlete,
    page: SignedInPage,
    session: SessionDep,
    measure: Measure = "distance_km",
    days: Annotated[int, Query(ge=RANGES[0], le=RANGES[-1])] = 180,
) -> Response:
    athlete = access.athlete
    end = service.local_today(athlete)
    first = end - timedelta(days=days - 1)
    start = first - timedelta(
        days=first.weekday()
    )  # from a Monday: whole weeks in the weekly chart
    findings = service.visible_findings(
        service.open_findings(session, [athlete.id], end), access.sees_symptoms
    )
    config = chart_config(page, athlete.id, measure, start, end)
    return render(
        page.with_section("athlete" if access.is_self else "roster"),
        "athletes/athlete.html",
        access=access,
        measure=measure,
        measures=labels.MEASURES,
        days=days,
        ranges=RANGES,
        findings=findings,
        chart_config=config,
        week=service.week_summary(session, athlete),
    )
