"""Request dependencies as ``Annotated`` aliases: the session, the caller, whom they may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from service.accounts import service as accounts
from service.athletes import queries as athlete_queries
from service.audit import record_access
from service.config import Settings, get_settings
from service.db import get_session
from service.errors import Forbidden, NotFound, Unauthorized
from service.models import STAFF_ROLES, CoachLink, Role, User, WebSession
from service.security import same_secret

SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]

#: The largest id a row can have (PostgreSQL ``integer``); larger ids in a path are refused (422)
#: before they reach the database, where they would overflow.
MAX_ROW_ID = 2_147_483_647
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]

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


@dataclass(frozen=True)
class AthleteAccess:
    """An athlete the caller may see, and how much: symptoms only when shared (or their own)."""

    athlete: User
    viewer: User
    link: CoachLink | None

    @property
    def is_self(self) -> bool:
        return self.link is None

    @property
    def sees_symptoms(self) -> bool:
        return self.link is None or self.link.share_symptoms


def _visible_athlete(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    athlete_id: RowId,
) -> AthleteAccess:
    """The one answer to "may this caller see this athlete": self, or an active link; else 404."""
    athlete = session.get(User, athlete_id)
    if athlete is None or athlete.role != Role.ATHLETE or not athlete.is_active:
        raise NotFound("athlete_not_found")
    if viewer.id == athlete.id:
        return AthleteAccess(athlete, viewer, None)
    link = athlete_queries.get_active_link(session, athlete_id=athlete.id, staff_id=viewer.id)
    if link is None:
        raise NotFound("athlete_not_found")
    record_access(
        session,
        actor_id=viewer.id,
        athlete_id=athlete.id,
        action=request.method.lower(),
        resource=request.url.path,
    )
    return AthleteAccess(athlete, viewer, link)


VisibleAthlete = Annotated[AthleteAccess, Depends(_visible_athlete)]


def require_symptom_access(access: AthleteAccess) -> None:
    if not access.sees_symptoms:
        raise NotFound("symptoms_not_shared", "this athlete does not share symptom data with you")
