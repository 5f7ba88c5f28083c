"""Invitations: an athlete invites a coach by email, a coach makes an invite link, either answers.

The work is the athletes feature's own (``service.athletes.service``); these routes only turn
forms into its calls and its errors into a message on the page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form
from fastapi.responses import Response
from pydantic import TypeAdapter, ValidationError
from pydantic.networks import EmailStr

from service.accounts.deps import CurrentAthlete, CurrentStaff, CurrentUser
from service.athletes import service as athletes
from service.athletes.emails import send_staff_invite
from service.dashboard import links
from service.dashboard.deps import OpenPage, SignedInPage
from service.dashboard.render import render, see_other
from service.dashboard.schemas import AcceptInviteForm, InviteStaffForm, LinkActionForm
from service.deps import RowId, SessionDep, SettingsDep
from service.errors import AppError

router = APIRouter()
EMAIL = TypeAdapter(EmailStr)


def _invitations(
    page: SignedInPage, session: SessionDep, invite_url: str | None = None
) -> Response:
    views = links.link_views(session, page.reader)
    return render(
        page.with_section("invitations"),
        "invitations.html",
        waiting=[v for v in views if v.waiting_for_reader],
        sent=[v for v in views if v.link.status == "pending" and v.reader_invited],
        active=[v for v in views if v.is_active],
        invite_url=invite_url,
    )


@router.get("/invitations")
def invitations(page: SignedInPage, session: SessionDep) -> Response:
    return _invitations(page, session)


@router.post("/invitations")
def invite_staff(
    form: Annotated[InviteStaffForm, Form()],
    athlete: CurrentAthlete,
    session: SessionDep,
    settings: SettingsDep,
    tasks: BackgroundTasks,
) -> Response:
    try:
        email = str(EMAIL.validate_python(form.email))
        invite = athletes.invite_staff(session, athlete, email, form.share_symptoms)
    except ValidationError:
        return see_other("/invitations?error=invalid_email")
    except AppError as exc:
        return see_other(f"/invitations?error={exc.code}")
    tasks.add_task(
        send_staff_invite, settings, invite.notify_email, athlete.display_name, athlete.locale
    )
    return see_other("/invitations?done=invite_sent")


@router.post("/invitations/link")
def make_invite_link(
    staff: CurrentStaff, page: SignedInPage, session: SessionDep, settings: SettingsDep
) -> Response:
    """Shown once, right here: only the token's hash is stored."""
    _link, token = athletes.create_link_invite(session, staff)
    page.notices.append(page._("Your invite link is ready. It works once, for 14 days."))
    return _invitations(page, session, f"{settings.base_url.rstrip('/')}/invitations/{token}")


@router.post("/invitations/respond/{link_id}")
def respond(
    link_id: RowId,
    form: Annotated[LinkActionForm, Form()],
    user: CurrentUser,
    session: SessionDep,
    back: str = "/invitations",
) -> Response:
    target = "/privacy" if back == "/privacy" else "/invitations"
    try:
        if form.action == "accept":
            athletes.accept_link(session, user, link_id)
        elif form.action == "decline":
            athletes.decline_link(session, user, link_id)
        else:
            athletes.revoke_link(session, user, link_id)
    except AppError as exc:
        return see_other(f"{target}?error={exc.code}")
    done = {"accept": "link_accepted", "decline": "link_declined", "revoke": "link_revoked"}
    return see_other(f"{target}?done={done[form.action]}")


@router.get("/invitations/{token}")
def invite_landing(token: str, page: OpenPage, session: SessionDep) -> Response:
    """Where a coach's invite link leads: who invites, and how to accept."""
    invite = links.find_invite(session, token)
    return render(
        page.with_section("invitations"), "invite_landing.html", invite=invite, token=token
    )


@router.post("/invitations/{token}")
def accept_invite(
    token: str,
    form: Annotated[AcceptInviteForm, Form()],
    athlete: CurrentAthlete,
    session: SessionDep,
) -> Response:
    try:
        athletes.accept_invite_token(session, athlete, token, form.share_symptoms)
    except AppError as exc:
        return see_other(f"/invitations?error={exc.code}")
    return see_other("/invitations?done=link_accepted")
