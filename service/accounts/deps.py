"""Who is calling: the signed-in person, by API token or by web session (with its CSRF check),
and the role a route needs, as ``Annotated`` aliases (``CurrentUser``, ``CurrentAthlete``, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

from service.accounts import service as accounts
from service.config import Settings
from service.deps import SessionDep, SettingsDep
from service.errors import Forbidden, Unauthorized
from service.models import STAFF_ROLES, Role, User, WebSession
from service.security import same_secret

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "x-csrf-token"


def session_cookie_name(settings: Settings) -> str:
    # The __Host- prefix needs Secure, which a plain-http local install cannot set.
    return "__Host-lw_session" if settings.secure_cookies else "lw_session"


@dataclass(frozen=True)
class Caller:
    user: User
    web_session: WebSession | None  # None when authenticated by an API token


async def _caller(request: Request, session: SessionDep, settings: SettingsDep) -> Caller:
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        user = accounts.user_for_bearer(session, authorization[7:].strip())
        if user is None:
            raise Unauthorized("invalid_token", "the API token is unknown or revoked")
        return Caller(user, None)
    cookie = request.cookies.get(session_cookie_name(settings))
    found = accounts.user_for_cookie(session, cookie) if cookie else None
    if found is None:
        raise Unauthorized("not_authenticated", "sign in or send an API token")
    user, web_session = found
    if request.method not in SAFE_METHODS:
        await _check_csrf(request, web_session, settings)
    return Caller(user, web_session)


async def _check_csrf(request: Request, web_session: WebSession, settings: Settings) -> None:
    origin = request.headers.get("origin")
    if origin and _origin(origin) != _origin(settings.base_url) and not _same_host(request, origin):
        raise Forbidden("csrf_failed", "request from another site")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        form_value = (await request.form()).get("csrf_token")
        sent = form_value if isinstance(form_value, str) else None
    if not sent or not same_secret(sent, web_session.csrf_token):
        raise Forbidden("csrf_failed", "missing or wrong CSRF token")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _same_host(request: Request, origin: str) -> bool:
    return urlsplit(origin).netloc == request.headers.get("host", "")


CurrentCaller = Annotated[Caller, Depends(_caller)]


def _current_user(caller: CurrentCaller) -> User:
    return caller.user


CurrentUser = Annotated[User, Depends(_current_user)]


def _current_athlete(user: CurrentUser) -> User:
    if user.role != Role.ATHLETE:
        raise Forbidden("athletes_only", "only an athlete can do this")
    return user


def _current_staff(user: CurrentUser) -> User:
    if user.role not in STAFF_ROLES:
        raise Forbidden("staff_only", "only a coach or physiotherapist can do this")
    return user


def _current_admin(user: CurrentUser) -> User:
    if user.role != Role.ADMIN:
        raise Forbidden("admins_only", "only an administrator can do this")
    return user


CurrentAthlete = Annotated[User, Depends(_current_athlete)]
CurrentStaff = Annotated[User, Depends(_current_staff)]
CurrentAdmin = Annotated[User, Depends(_current_admin)]
