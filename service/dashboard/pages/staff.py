"""The coach's and physiotherapist's roster (their linked athletes, most at risk first) and the
team week view (everyone's weekly distance side by side)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from service.dashboard import service
from service.dashboard.deps import SignedInPage
from service.dashboard.page import home_path
from service.dashboard.render import render, see_other
from service.dashboard.roster_rows import roster_rows
from service.dashboard.team_week import team_week
from service.deps import SessionDep

router = APIRouter()


@router.get("/roster")
def roster(page: SignedInPage, session: SessionDep, attention: bool = False) -> Response:
    if page.user is None or not page.is_staff:
        return see_other(home_path(page.user))
    summary = service.roster(session, page.user)
    rows = [r for r in summary.rows if r.needs_attention] if attention else summary.rows
    return render(
        page.with_section("roster"),
        "staff/roster.html",
        roster=summary,
        rows=rows,
        row_markup=roster_rows(page, rows),
        attention=attention,
    )


@router.get("/roster/weeks")
def team_weeks(page: SignedInPage, session: SessionDep, sort: str = "risk") -> Response:
    if page.user is None or not page.is_staff:
        return see_other(home_path(page.user))
    summary = service.roster(session, page.user)
    return render(
        page.with_section("roster"),
        "staff/weeks.html",
        team=team_week(summary, page.today, sort),
        roster=summary,
    )
