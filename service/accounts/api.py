"""Account routes under ``/api/v1/auth`` and ``/api/v1/me``.

Signing up is a route of the athletes feature (a new coach or physio account takes over the
invitations that waited for its email); deleting the account is one of the privacy package.
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request, Response, status

from service.accounts import queries, service
from service.accounts.deps import CurrentCaller, CurrentUser, session_cookie_name
from service.accounts.emails import send_password_reset
from service.accounts.schemas import (
    LoginIn,
    MeUpdateIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    SessionOut,
    TokenCreatedOut,
    TokenCreateIn,
    TokenOut,
    UserOut,
)
from service.deps import RowId, SessionDep, SettingsDep
from service.throttle import LoginThrottle

router = APIRouter(tags=["accounts"])


@router.post("/auth/login")
def log_in(
    data: LoginIn, request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> SessionOut:
    with LoginThrottle.for_request(settings, request, str(data.email)):
        user = service.authenticate(session, str(data.email), data.password)
    secret, web_session = service.start_web_session(session, user)
    response.set_cookie(
        session_cookie_name(settings),
        secret.plain,
        max_age=int(service.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    return SessionOut(
        user=UserOut.model_validate(user, from_attributes=True), csrf_token=web_session.csrf_token
    )


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def log_out(
    caller: CurrentCaller,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> None:
    cookie = request.cookies.get(session_cookie_name(settings))
    if caller.web_session is not None and cookie:
        service.end_web_session(session, cookie)
    response.delete_cookie(session_cookie_name(settings), path="/")


@router.post("/auth/tokens", status_code=status.HTTP_201_CREATED)
def create_token(
    data: TokenCreateIn, request: Request, session: SessionDep, settings: SettingsDep
) -> TokenCreatedOut:
    """Exchange email and password for a personal API token (shown once)."""
    with LoginThrottle.for_request(settings, request, str(data.email)):
        user = service.authenticate(session, str(data.email), data.password)
    secret, row = service.issue_api_token(session, user, data.name)
    return TokenCreatedOut(
        id=row.id,
        name=row.name,
        prefix=row.prefix,
        created_at=row.created_at,
        last_used_at=None,
        token=secret.plain,
    )


@router.get("/me/tokens")
def list_tokens(user: CurrentUser, session: SessionDep) -> list[TokenOut]:
    return [
        TokenOut.model_validate(t, from_attributes=True)
        for t in queries.list_api_tokens(session, user.id)
    ]


@router.delete("/me/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: RowId, user: CurrentUser, session: SessionDep) -> None:
    service.revoke_api_token(session, user, token_id)


@router.post("/auth/password-reset", status_code=status.HTTP_202_ACCEPTED)
def request_password_reset(
    data: PasswordResetIn, session: SessionDep, settings: SettingsDep, tasks: BackgroundTasks
) -> dict[str, str]:
    """Always answers the same, whether or not the email has an account."""
    issued = service.request_password_reset(session, str(data.email))
    if issued is not None:
        user, secret = issued
        tasks.add_task(
            send_password_reset, settings, user.email, user.display_name, user.locale, secret.plain
        )
    return {"status": "if this email has an account, a reset link is on its way"}


@router.post("/auth/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
def confirm_password_reset(data: PasswordResetConfirmIn, session: SessionDep) -> None:
    service.reset_password(session, data.token, data.password)


@router.get("/me")
def read_me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user, from_attributes=True)


@router.patch("/me")
def update_me(data: MeUpdateIn, user: CurrentUser, session: SessionDep) -> UserOut:
    for field, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(user, field, value)
    session.flush()
    return UserOut.model_validate(user, from_attributes=True)
