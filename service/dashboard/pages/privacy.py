"""Privacy: who sees what, symptom sharing per link, ending a link, the access log, the export
(JSON, or a ZIP of CSV files) and deleting the account with everything stored about it."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import Response

from service.accounts import service as accounts
from service.accounts.deps import CurrentAthlete, CurrentUser, session_cookie_name
from service.athletes import service as athletes
from service.dashboard import links
from service.dashboard.csv_export import export_zip
from service.dashboard.deps import SignedInPage
from service.dashboard.render import render, see_other
from service.dashboard.schemas import DeleteAccountForm, SharingForm
from service.deps import RowId, SessionDep, SettingsDep
from service.errors import AppError, TooManyRequests, Unauthorized
from service.privacy.erasure import erase_user, remove_files
from service.privacy.export import export_user
from service.throttle import LoginThrottle

router = APIRouter()


@router.get("/privacy")
def privacy(page: SignedInPage, session: SessionDep) -> Response:
    reader = page.reader
    views = [v for v in links.link_views(session, reader) if v.is_active]
    access = links.recent_visits(session, reader) if page.is_athlete else []
    return render(page.with_section("privacy"), "privacy.html", links=views, access=access)


@router.post("/privacy/links/{link_id}/sharing")
def set_sharing(
    link_id: RowId,
    request: Request,
    form: Annotated[SharingForm, Form()],
    athlete: CurrentAthlete,
    page: SignedInPage,
    session: SessionDep,
) -> Response:
    """With htmx the changed row comes back in place; without it, the page is reloaded."""
    try:
        link = athletes.set_symptom_sharing(session, athlete, link_id, form.share_symptoms)
    except AppError as exc:
        return see_other(f"/privacy?error={exc.code}")
    if request.headers.get("hx-request"):
        view = next(v for v in links.link_views(session, athlete) if v.link.id == link.id)
        return render(page, "privacy_link_row.html", view=view, changed=True)
    return see_other(f"/privacy?done={'sharing_on' if form.share_symptoms else 'sharing_off'}")


def _download(body: bytes | str, media_type: str, filename: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/privacy/export.json")
def export(user: CurrentUser, session: SessionDep) -> Response:
    """Everything stored about the reader, as the ``loadwatch export`` command writes it."""
    body = json.dumps(export_user(session, user), indent=2, ensure_ascii=False, sort_keys=True)
    return _download(body, "application/json", f"loadwatch-export-{user.id}.json")


@router.get("/privacy/export.zip")
def export_csv(user: CurrentUser, session: SessionDep) -> Response:
    """The same export as one CSV file per table, in a ZIP."""
    body = export_zip(export_user(session, user))
    return _download(body, "application/zip", f"loadwatch-export-{user.id}.zip")


@router.get("/privacy/delete")
def delete_page(page: SignedInPage) -> Response:
    return render(page.with_section("privacy"), "privacy_delete.html", error=None)


@router.post("/privacy/delete")
def delete_account(
    request: Request,
    form: Annotated[DeleteAccountForm, Form()],
    page: SignedInPage,
    session: SessionDep,
    settings: SettingsDep,
    tasks: BackgroundTasks,
) -> Response:
    """Needs the password again; then the account and everything of it goes (GDPR Art. 17)."""
    user = page.reader
    try:
        with LoginThrottle.for_request(settings, request, user.email):
            accounts.authenticate(session, user.email, form.password)
    except (Unauthorized, TooManyRequests) as exc:
        message = (
            page._("Too many failed attempts. Wait a few minutes and try again.")
            if isinstance(exc, TooManyRequests)
            else page._("The password is wrong. Nothing is deleted.")
        )
        return render(page, "privacy_delete.html", 403, error=message)
    tasks.add_task(remove_files, erase_user(session, settings, user))
    response = see_other("/sign-in?done=account_deleted")
    response.delete_cookie(session_cookie_name(settings), path="/")
    return response
