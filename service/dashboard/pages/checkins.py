"""Check-ins: the runner's weekly, morning, post-run and red-flag forms, and correcting an
earlier day; a linked coach or physio reads them where the runner shares symptoms.

``/athletes/{id}/checkins`` is the address the check-in reminder emails link to. The storing is
the check-ins feature's own (``correct_checkin``: the same day, kind and region replaced).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from service.athletes.access import AthleteAccess, VisibleAthlete
from service.checkins import service as checkins
from service.clock import local_today
from service.dashboard import checkin_texts, checkin_view
from service.dashboard.checkin_form import (
    KINDS,
    NEW,
    REGIONS,
    allowed_fields,
    read_submission,
)
from service.dashboard.deps import SignedInPage
from service.dashboard.form_data import Fields, FormFields
from service.dashboard.page import Page
from service.dashboard.render import render, see_other
from service.deps import SessionDep
from service.errors import BadRequest, Forbidden, NotFound
from service.findings.checkin_check import checkin_findings
from service.models import Checkin
from service.training.findings import Finding

router = APIRouter()
PATH = "/athletes/{athlete_id}/checkins"
Kind = Literal["weekly", "daily", "post_run", "red_flag"]
SAVED = frozenset({"checkin_saved", "red_flag_saved"})


@router.get(PATH)
def checkins_page(
    access: VisibleAthlete,
    page: SignedInPage,
    session: SessionDep,
    kind: Kind = "weekly",
    day: Annotated[date | None, Query(alias="date")] = None,
    done: str = "",
) -> Response:
    """The forms for the runner (``date`` opens a stored day to correct it); the list for
    linked staff. Just after saving (``done``), what the check-in found comes first."""
    today = local_today(access.athlete.timezone)
    shown_day = day if day is not None and day <= today else today
    if kind == "post_run" and day is None:  # after a run: the latest run, unless told otherwise
        runs = checkin_view.recent_runs(session, access.athlete.id, today)
        shown_day = runs[0].day if runs else today
    history = _history(session, access, today, shown_day)
    if history is None or not access.is_self:
        return _staff_page(page, access, history)
    values = checkin_view.stored_answers(history, kind, shown_day)
    found = checkin_findings(session, access, shown_day) if done in SAVED else None
    return _form_page(page, access, session, kind, shown_day, history, values, {}, found=found)


@router.post(PATH)
def submit_checkin(
    access: VisibleAthlete, page: SignedInPage, session: SessionDep, fields: FormFields
) -> Response:
    """Every answer is checked before any is stored: one bad answer stores nothing."""
    kind = fields.get("kind")
    if kind not in KINDS:
        raise BadRequest("unknown_checkin_kind", "kind must be weekly, daily, post_run or red_flag")
    fields.only(allowed_fields(kind))
    if not access.is_self:
        raise Forbidden("athletes_only", "only the athlete records their own check-ins")
    today = local_today(access.athlete.timezone)
    submission = read_submission(kind, fields, page.locale, today)
    if submission.errors or submission.day is None:
        history = _history(session, access, today, today) or []
        shown_day = submission.day or today
        return _form_page(
            page, access, session, kind, shown_day, history, fields, submission.errors, 422
        )
    for entry in submission.entries:
        checkins.correct_checkin(session, access, entry)
    done = "red_flag_saved" if kind == "red_flag" else "checkin_saved"
    query = f"kind={kind}&date={submission.day.isoformat()}&done={done}"
    return see_other(f"/athletes/{access.athlete.id}/checkins?{query}")


def _history(
    session: Session, access: AthleteAccess, today: date, day: date
) -> list[Checkin] | None:
    """The check-ins of the last six weeks (and of ``day``); None when they are not shared."""
    start = min(day, today - timedelta(days=checkin_view.ACTIVE_REGION_DAYS))
    try:
        return list(checkins.list_checkins(session, access, start, today))
    except NotFound:
        return None


def _recent(history: list[Checkin], today: date) -> list[Checkin]:
    since = today - timedelta(days=checkin_view.HISTORY_DAYS)
    return sorted(
        (row for row in history if row.day >= since),
        key=lambda row: (row.day, row.id),
        reverse=True,
    )


def _staff_page(page: Page, access: AthleteAccess, history: list[Checkin] | None) -> Response:
    today = local_today(access.athlete.timezone)
    return render(
        page.with_section("athlete" if access.is_self else "roster"),
        "athletes/checkins_list.html",
        access=access,
        recent=None if history is None else _recent(history, today),
        texts=checkin_texts,
    )


def _form_page(
    page: Page,
    access: AthleteAccess,
    session: Session,
    kind: str,
    day: date,
    history: list[Checkin],
    values: Fields,
    errors: dict[str, str],
    status: int = 200,
    *,
    found: list[Finding] | None = None,
) -> Response:
    today = local_today(access.athlete.timezone)
    shown = {
        *checkin_view.active_regions(history, today),
        *checkin_view.regions_of_day(history, kind, day),
        *_answered_regions(values),
    }
    blocks = [region for region in REGIONS if region in shown]
    runs = checkin_view.recent_runs(session, access.athlete.id, today)
    values_: dict[str, Any] = {
        "access": access,
        "kind": kind,
        "kinds": checkin_texts.KINDS,
        "day": day,
        "today": today,
        "correcting": any(row.day == day and row.kind == kind for row in history),
        "blocks": blocks,
        "other_regions": [region for region in REGIONS if region not in blocks],
        "new": NEW,
        "values": values,
        "errors": errors,
        "runs": runs,
        "selected_run": _selected_run(values, runs),
        "recent": _recent(history, today),
        "texts": checkin_texts,
        "found": found,
    }
    return render(page.with_section("checkins"), "athletes/checkins.html", status, **values_)


def _selected_run(values: Fields, runs: list[checkin_view.RunChoice]) -> str:
    """The run a post-run form points at: the one chosen, else the run on the form's day."""
    if "run" in values.names():
        return values.get("run")
    days = {run.day.isoformat() for run in runs}
    return values.get("date") if values.get("date") in days else ""


def _answered_regions(values: Fields) -> set[str]:
    """Regions the form was sent with answers for: they keep their block when it comes back."""
    return {n.rsplit(".", 1)[1] for n in values.names() if "." in n and values.get(n)}
