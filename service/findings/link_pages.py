"""The pages behind the links in alert emails: ``GET`` shows what the link would do and a
button, ``POST`` does it. Mail scanners and link previews follow GETs; they never press the button.

The links acknowledge or snooze a finding, through this feature's own actions (the same as the
API's and the dashboard's), or unsubscribe from a kind of email (the alerts' preferences); the
signed links themselves and the page's wording come from the alerts feature.

The token is the authority (it names the person and is signed); the person's current rights are
checked again, so a link sent while an athlete shared symptoms stops working when they stop.
Unsubscribe links also accept the one-click POST of RFC 8058 that mail clients send.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from service.alerts import queries
from service.alerts import service as alerts
from service.alerts.links import InvalidLink, LinkClaim, link_url, verify
from service.alerts.reading import finding_message
from service.alerts.rendering import render
from service.alerts.wording import say
from service.athletes.access import AthleteAccess, athlete_access
from service.audit import record_access
from service.clock import utcnow, zone
from service.config import Settings
from service.deps import SessionDep, SettingsDep
from service.errors import NotFound
from service.findings import queries as finding_queries
from service.findings import service
from service.headers import LINK_PAGE_POLICY
from service.models import Finding, User
from service.training.messages.formatting import format_value

router = APIRouter(tags=["alerts"], include_in_schema=False)

SNOOZE_CHOICES = (1, 3, 7)
LINK_PATH = "/alerts/links/{token}"


def _page(settings: Settings, locale: str, status: int = 200, **context: object) -> HTMLResponse:
    page: dict[str, object] = {
        "quote": None,
        "body": None,
        "button": None,
        "choices": None,
        "action": "",
        "home_url": settings.base_url.rstrip("/") + "/",
    }
    html = render("link_page.html", locale, **(page | context))
    headers = {"Content-Security-Policy": LINK_PAGE_POLICY, "Cache-Control": "no-store"}
    return HTMLResponse(html, status_code=status, headers=headers)


def _invalid(settings: Settings) -> HTMLResponse:
    return _page(
        settings,
        "en",
        404,
        title=say("link.invalid.title", "en"),
        body=say("link.invalid.body", "en"),
    )


def _resolve(session: Session, settings: Settings, token: str) -> tuple[LinkClaim, User] | None:
    try:
        claim = verify(settings, token)
    except InvalidLink:
        return None
    user = queries.get_user(session, claim.user_id)
    if user is None or not user.is_active:
        return None
    return claim, user


def _finding(
    session: Session, claim: LinkClaim, user: User, action: str
) -> tuple[AthleteAccess, Finding] | None:
    """The finding if the person may still see it; every look by someone else is audited."""
    row = finding_queries.get_finding(session, claim.finding_id or 0)
    access = athlete_access(session, user, row.athlete_id) if row is not None else None
    if row is None or access is None:
        return None
    try:
        finding = service.visible_finding(session, access, row.id)
    except NotFound:
        return None
    if not access.is_self:
        resource = f"/alerts/links/{claim.action}/findings/{finding.id}"  # never the token
        record_access(
            session,
            actor_id=user.id,
            athlete_id=finding.athlete_id,
            action=action,
            resource=resource,
        )
    return access, finding


@router.get(LINK_PATH)
def show_link(token: str, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    resolved = _resolve(session, settings, token)
    if resolved is None:
        return _invalid(settings)
    claim, user = resolved
    locale = user.locale
    action = link_url(settings, token)
    if claim.action == "unsubscribe":
        what = say(f"unsubscribe.{claim.topic}", locale)
        title = say("link.unsubscribe.title", locale, what=what)
        return _page(settings, locale, title=title, action=action,
                     button=say("link.unsubscribe.button", locale))  # fmt: skip
    found = _finding(session, claim, user, "get")
    if found is None:
        return _page(settings, locale, 404, title=say("link.finding_gone", locale))
    access, finding = found
    name = access.athlete.display_name or access.athlete.email.split("@", 1)[0]
    quote = finding_message(finding, locale, user.id, name)
    if claim.action == "acknowledge":
        return _page(settings, locale, title=say("link.acknowledge.title", locale), quote=quote,
                     action=action, button=say("link.acknowledge.button", locale))  # fmt: skip
    choices = [
        (
            days,
            say("link.snooze.day", locale)
            if days == 1
            else say("link.snooze.days", locale, days=days),
        )
        for days in SNOOZE_CHOICES
    ]
    title, button = say("link.snooze.title", locale), say("link.snooze.button", locale)
    return _page(settings, locale, title=title, quote=quote, action=action, button=button,
                 choices=choices)  # fmt: skip


@router.post(LINK_PATH)
def act_on_link(
    token: str,
    session: SessionDep,
    settings: SettingsDep,
    days: Annotated[int | None, Form(ge=1, le=30)] = None,
) -> HTMLResponse:
    resolved = _resolve(session, settings, token)
    if resolved is None:
        return _invalid(settings)
    claim, user = resolved
    locale = user.locale
    if claim.action == "unsubscribe" and claim.topic is not None:
        alerts.unsubscribe(session, user.id, claim.topic)
        return _page(settings, locale, title=say("link.unsubscribe.done", locale))
    found = _finding(session, claim, user, "post")
    if found is None:
        return _page(settings, locale, 404, title=say("link.finding_gone", locale))
    access, finding = found
    if claim.action == "acknowledge":
        service.acknowledge_finding(session, access, finding.id)
        return _page(settings, locale, title=say("link.acknowledge.done", locale))
    later = utcnow() + timedelta(days=days or 1)
    until = service.snooze_finding(session, access, finding.id, later)
    return _page(settings, locale, title=say("link.snooze.done", locale, when=_when(until, user)))


def _when(until: datetime, user: User) -> str:
    local = until.astimezone(zone(user.timezone))
    return f"{format_value('day_date', local.date(), user.locale)} {local:%H:%M}"
