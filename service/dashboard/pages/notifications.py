"""Notification settings: channels (email, Web Push, Apprise), the lowest severity sent, quiet
hours, the weekly digest and check-in reminders. The alerts feature stores and applies them."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import Response
from sqlalchemy.orm import Session

from service.accounts.deps import CurrentUser
from service.alerts import preferences, queries
from service.alerts import service as alerts
from service.alerts.channels.webpush import vapid_keys
from service.config import Settings
from service.dashboard.deps import SignedInPage
from service.dashboard.page import Page, problem_text
from service.dashboard.render import render, see_other
from service.dashboard.schemas import AppriseForm, NotificationsForm
from service.deps import RowId, SessionDep, SettingsDep
from service.errors import AppError
from service.training.findings import Severity

router = APIRouter()


def _page(page: Page, session: Session, settings: Settings, status: int = 200) -> Response:
    reader = page.reader
    return render(
        page.with_section("notifications"),
        "notifications.html",
        status,
        prefs=preferences.load(session, reader.id),
        push_ready=vapid_keys(settings) is not None,
        push_count=len(queries.list_push_subscriptions(session, reader.id)),
        targets=queries.list_apprise_targets(session, reader.id),
        severities=[s.value for s in Severity],
    )


@router.get("/notifications")
def notifications(page: SignedInPage, session: SessionDep, settings: SettingsDep) -> Response:
    return _page(page, session, settings)


def quiet_hours(start: str, end: str) -> tuple[time | None, time | None] | None:
    """Both empty: off. Both ``HH:MM`` and different: on. Anything else: None (not valid)."""
    if not start and not end:
        return None, None
    try:
        first, last = time.fromisoformat(start), time.fromisoformat(end)
    except ValueError:
        return None
    return (first, last) if first != last else None


@router.post("/notifications")
def save(
    form: Annotated[NotificationsForm, Form()],
    page: SignedInPage,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    quiet = quiet_hours(form.quiet_start, form.quiet_end)
    if quiet is None:
        page.problems.append(
            page._("Quiet hours need a start and a different end, e.g. 22:00 and 07:00.")
        )
        return _page(page, session, settings, 422)
    changes: dict[str, Any] = {
        "email_enabled": form.email,
        "push_enabled": form.push,
        "apprise_enabled": form.apprise,
        "min_severity": Severity(form.min_severity),
        "quiet_start": quiet[0],
        "quiet_end": quiet[1],
        "weekly_digest": form.weekly_digest,
        "checkin_reminders": form.checkin_reminders,
    }
    preferences.update(session, user.id, **changes)
    return see_other("/notifications?done=notifications_saved")


@router.post("/notifications/apprise")
def add_apprise(
    form: Annotated[AppriseForm, Form()],
    page: SignedInPage,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """The URL is sealed at rest and never shown again: it may hold a token."""
    try:
        alerts.add_apprise_target(session, settings, user, form.label or "apprise", form.url)
    except AppError as exc:
        page.problems.append(problem_text(exc, page))
        return _page(page, session, settings, exc.status_code)
    return see_other("/notifications?done=apprise_added")


@router.post("/notifications/apprise/{target_id:int}/remove")
def remove_apprise(target_id: RowId, user: CurrentUser, session: SessionDep) -> Response:
    try:
        alerts.remove_apprise_target(session, user, target_id)
    except AppError as exc:
        return see_other(f"/notifications?error={exc.code}")
    return see_other("/notifications?done=apprise_removed")
