"""The start page, the language switch and old addresses that lead to a page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from service.accounts.service import choose_locale
from service.dashboard.deps import BrowserSession, check_origin
from service.dashboard.i18n import LOCALE_COOKIE
from service.dashboard.page import home_path, safe_next
from service.dashboard.render import FORM_COOKIE, see_other
from service.dashboard.schemas import LanguageForm
from service.deps import SessionDep, SettingsDep
from service.errors import Forbidden
from service.security import same_secret

router = APIRouter()
ONE_YEAR_S = 365 * 24 * 3600


@router.get("/")
def start(caller: BrowserSession) -> Response:
    return see_other(home_path(caller.user if caller else None))


@router.get("/links")
def links() -> Response:
    """The address invitation emails point to."""
    return see_other("/invitations")


@router.post("/language")
def switch_language(
    request: Request,
    form: Annotated[LanguageForm, Form()],
    caller: BrowserSession,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Signed in, the choice is stored on the account (emails follow it too); else in a cookie."""
    check_origin(request, settings.base_url)
    tokens = [request.cookies.get(FORM_COOKIE) or ""]
    if caller is not None and caller.web_session is not None:
        tokens.append(caller.web_session.csrf_token)
    if not form.csrf_token or not any(t and same_secret(t, form.csrf_token) for t in tokens):
        raise Forbidden("csrf_failed", "the form expired; reload the page and try again")
    if caller is not None:
        choose_locale(caller.user, form.locale)
        session.flush()
    response = see_other(safe_next(form.next, "/"))
    response.set_cookie(
        LOCALE_COOKIE,
        form.locale,
        max_age=ONE_YEAR_S,
        samesite="lax",
        path="/",
        secure=settings.secure_cookies,
    )
    return response
