"""Page dependencies: the signed-in page (cookie session + its CSRF token) and the visitor's page.

Signed-in pages use the API's own ``CurrentCaller``, so a page form is checked exactly like an
API call: the session cookie, the origin and the ``csrf_token`` field. Pages for visitors (sign
in, sign up, password reset) have no session yet; their forms carry a random token that must
equal the ``lw_form`` cookie (double submit), so another site cannot post them.
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

from service.accounts import service as accounts
from service.accounts.deps import Caller, CurrentCaller, session_cookie_name
from service.dashboard.i18n import request_locale
from service.dashboard.page import Page, notices_for
from service.dashboard.render import FORM_COOKIE
from service.deps import SessionDep, SettingsDep
from service.errors import Forbidden
from service.models import User
from service.security import same_secret

FORM_TOKEN_MIN_LENGTH = 32


def _page(
    request: Request, locale: str, user: User | None, token: str, fresh: bool = False
) -> Page:
    notices, problems = notices_for(request, locale)
    return Page(request, locale, user, token, "", fresh, notices, problems)


def _signed_in_page(request: Request, caller: CurrentCaller) -> Page:
    web_session = caller.web_session
    if web_session is None:  # an API token is not a browser session
        raise Forbidden("browser_session_required", "sign in with the browser to use the pages")
    locale = request_locale(request, caller.user)
    return _page(request, locale, caller.user, web_session.csrf_token)


SignedInPage = Annotated[Page, Depends(_signed_in_page)]


def _browser_session(request: Request, session: SessionDep, settings: SettingsDep) -> Caller | None:
    """The signed-in browser, if any; never an error (visitors are welcome on these pages)."""
    cookie = request.cookies.get(session_cookie_name(settings))
    found = accounts.user_for_cookie(session, cookie) if cookie else None
    return Caller(*found) if found is not None else None


BrowserSession = Annotated[Caller | None, Depends(_browser_session)]


def _visitor_page(request: Request, caller: BrowserSession) -> Page:
    """A page for someone not signed in (a signed-in reader only lends it their language)."""
    token = request.cookies.get(FORM_COOKIE) or ""
    fresh = len(token) < FORM_TOKEN_MIN_LENGTH
    if fresh:
        token = secrets.token_urlsafe(FORM_TOKEN_MIN_LENGTH)
    locale = request_locale(request, caller.user if caller else None)
    return _page(request, locale, None, token, fresh)


VisitorPage = Annotated[Page, Depends(_visitor_page)]


def _open_page(request: Request, caller: BrowserSession) -> Page:
    """A page anyone may open: signed in, it is theirs (menu, session token); else a visitor's."""
    if caller is not None and caller.web_session is not None:
        locale = request_locale(request, caller.user)
        token = caller.web_session.csrf_token
        return _page(request, locale, caller.user, token)
    return _visitor_page(request, None)


OpenPage = Annotated[Page, Depends(_open_page)]


def check_visitor_form(request: Request, submitted: str, base_url: str) -> None:
    """The double-submit check of a visitor's form, and that it was posted from this site."""
    check_origin(request, base_url)
    cookie = request.cookies.get(FORM_COOKIE) or ""
    if not cookie or not submitted or not same_secret(cookie, submitted):
        raise Forbidden("csrf_failed", "the form expired; reload the page and try again")


def check_origin(request: Request, base_url: str) -> None:
    origin = request.headers.get("origin")
    if origin:
        netloc = urlsplit(origin).netloc
        if netloc not in (urlsplit(base_url).netloc, request.headers.get("host", "")):
            raise Forbidden("csrf_failed", "request from another site")
