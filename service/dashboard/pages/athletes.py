"""The runner's week at a glance, and the athlete view (their own, or a coach's drill-down)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from service.activities.queries import list_activities
from service.activities.records import is_race
from service.athletes.access import AthleteAccess, VisibleAthlete
from service.athletes.queries import get_profile, get_user
from service.athletes.schemas import ProfileIn
from service.athletes.service import update_profile
from service.checkins import episodes
from service.clock import local_today
from service.dashboard import labels, physio, service
from service.dashboard.chart_range import PERIOD_LABELS, ChartRange, Period, chart_range
from service.dashboard.charts import chart_config, trimp_note, trimp_ready
from service.dashboard.day_input import parse_day
from service.dashboard.deps import SignedInPage
from service.dashboard.form_data import FormFields
from service.dashboard.page import home_path
from service.dashboard.pages.findings import back_target, then
from service.dashboard.render import render, see_other
from service.dashboard.vendor import garmin_days
from service.deps import RowId, SessionDep
from service.errors import AppError
from service.findings import service as findings
from service.findings.guard import athlete_guard
from service.models import Activity
from service.notes import service as notes
from service.training.measures import RUNNING_SPORTS

router = APIRouter()

Measure = Literal["distance_km", "duration_min", "srpe", "trimp"]
NOTE_DAYS = 90
"""The notes on days shown on the athlete page: those of the last three months."""


@router.get("/home")
def home(page: SignedInPage, session: SessionDep) -> Response:
    user = page.reader
    if not page.is_athlete:
        return see_other(home_path(user))
    today = local_today(user.timezone)
    week = service.week_summary(session, user)
    shown, folded = service.fold(service.open_findings(session, [user.id], today, user))
    return render(
        page.with_section("home"),
        "athletes/home.html",
        today=today,
        week=week,
        guard=athlete_guard(session, user),
        findings=shown,
        folded=folded,
    )


@router.get("/athletes/{athlete_id}")
def athlete_view(
    access: VisibleAthlete,
    page: SignedInPage,
    session: SessionDep,
    measure: Measure = "distance_km",
    period: Period | None = None,
    start: Annotated[str, Query(max_length=20)] = "",
    end: Annotated[str, Query(max_length=20)] = "",
    days: Annotated[int | None, Query(ge=7, le=3 * 365)] = None,
) -> Response:
    """``start`` and ``end`` are days as the page's language writes them (or ``yyyy-mm-dd``)."""
    athlete = access.athlete
    today = local_today(athlete.timezone)
    span, unreadable = _chart_span(today, period, (start, end), days, page.locale)
    start_day, end_day = span.start, span.end
    recent = today - timedelta(days=service.OPEN_FINDING_DAYS)
    listed = findings.list_findings(session, access, min(start_day, recent), today, open_only=False)
    in_range = [f for f in listed if start_day <= f.day <= end_day]
    seen = service.seen_ids(session, access.viewer, listed)
    open_findings = service.by_severity(f for f in listed if f.id not in seen and f.day >= recent)
    profile = get_profile(session, athlete.id)
    heart_rates_by = (
        get_user(session, profile.heart_rates_by_id)
        if profile is not None and profile.heart_rates_by_id is not None
        else None
    )
    shown, folded = service.fold(open_findings)
    return render(
        page.with_section("athlete" if access.is_self else "roster"),
        "athletes/athlete.html",
        access=access,
        measure=measure,
        measures=labels.MEASURES,
        span=span,
        periods=PERIOD_LABELS,
        findings=shown,
        folded=folded,
        seen=seen,
        earlier=[f for f in reversed(in_range) if f not in open_findings],
        chart_config=chart_config(
            page,
            athlete.id,
            measure,
            start_day,
            end_day,
            in_range,
            seen,
            garmin_days(session, athlete.id, start_day, end_day),
            symptoms=access.sees_symptoms,
            trimp=trimp_note(page, session, access, start_day, end_day)
            if measure == "trimp"
            else None,
            athlete_name=athlete.display_name,
        ),
        week=service.week_summary(session, athlete),
        guard=athlete_guard(session, athlete),
        episodes=episodes.list_episodes(session, access) if access.sees_symptoms else None,
        runs=_recent_runs(session, access) if access.is_self else [],
        may_record=episodes.may_record(access),
        today=today,
        unreadable_days=unreadable,
        profile=profile,
        heart_rates_by=heart_rates_by,
        ask_heart_rates=measure == "trimp" and not trimp_ready(session, athlete),
        day_notes=notes.list_notes(
            session, access, start=today - timedelta(days=NOTE_DAYS), end=today
        ),
        episode_timers=physio.timers_of(session, access) if access.sees_symptoms else {},
    )


def _chart_span(
    today: date, period: Period | None, typed: tuple[str, str], days: int | None, locale: str
) -> tuple[ChartRange, bool]:
    """The days to chart from the typed first and last day, and whether one of them could not
    be read (then the default period is shown)."""
    first, last = (parse_day(text, locale) for text in typed)
    if any(text.strip() and day is None for text, day in zip(typed, (first, last), strict=True)):
        return chart_range(today, period, None, None, days), True
    return chart_range(today, period, first, last, days), False


@router.post("/athletes/{athlete_id}/heart-rates")
def save_heart_rates(access: VisibleAthlete, session: SessionDep, fields: FormFields) -> Response:
    """The runner's sex and resting and maximum heart rate, which TRIMP needs, entered by the
    runner or a linked coach or physio (audited); saving them has the series worked out again
    (``update_profile``)."""
    names = ("sex", "hr_rest_bpm", "hr_max_bpm")
    fields.only(names)
    back = f"/athletes/{access.athlete.id}?measure=trimp"
    try:
        data = ProfileIn.model_validate({name: fields.get(name) for name in names})
    except ValidationError:
        return see_other(f"{back}&error=invalid_heart_rates#heart-rates")
    if (data.hr_rest_bpm or 0) >= (data.hr_max_bpm or 0):  # checked before anything changes
        return see_other(f"{back}&error=hr_rest_not_below_max#heart-rates")
    update_profile(session, access.athlete, data, by=access.viewer)
    return see_other(f"{back}&done=heart_rates_saved#charts")


RECENT_RUN_DAYS = 14


def _recent_runs(session: Session, access: AthleteAccess) -> list[tuple[Activity, bool]]:
    """The runner's runs of the last two weeks, newest first, each with whether it was a race."""
    end = local_today(access.athlete.timezone)
    start = end - timedelta(days=RECENT_RUN_DAYS - 1)
    listed = list_activities(session, access.athlete.id, start, end)
    runs = [(a, is_race(a)) for a in listed if a.sport in RUNNING_SPORTS]
    return runs[::-1]


@router.post("/athletes/{athlete_id}/findings/{finding_id}/acknowledge")
def acknowledge(
    access: VisibleAthlete, session: SessionDep, finding_id: RowId, back: str = ""
) -> Response:
    """Seen: the warning leaves the open ones (and the roster's risk order)."""
    target = back_target(back, access.athlete.id, finding_id)
    try:
        findings.acknowledge_finding(session, access, finding_id)
    except AppError as exc:
        return see_other(then(target, "error", exc.code))
    return see_other(then(target, "done", "finding_seen"))
