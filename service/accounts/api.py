"""Account routes under ``/api/v1/auth`` and ``/api/v1/me``.

Signing up is a route of the athletes feature (a new coach or physio account takes over the
invitations that waited for its email); deleting the account is one of the privacy package.
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request, Response, status

from service.accounts import queries, service
from service.accounts.deps import CurrentCaller, CurrentUser, session_cookie_name
from service.accounts.emails import send_password_reset, send_signup_mail
from service.accounts.schemas import (
    LoginIn,
    MeUpdateIn,
    PasswordChangeIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    SessionOut,
    SignupOut,
    TokenCreatedOut,
    TokenCreateIn,
    TokenOut,
    UserOut,
    WebSessionOut,
)
from service.deps import RowId, SessionDep, SettingsDep
from service.devices import remember_device
from service.errors import Forbidden, Unauthorized
from service.mail_limits import account_mail_allowed, reset_mail_allowed
from service.throttle import LoginThrottle

router = APIRouter(tags=["accounts"])


@router.post("/me/verification-email", status_code=status.HTTP_202_ACCEPTED)
def resend_verification(
    user: CurrentUser,
    request: Request,
    settings: SettingsDep,
    tasks: BackgroundTasks,
) -> SignupOut:
    """The verification email again (a few an hour)."""
    if user.email_verified_at is None and account_mail_allowed(
        settings, user.email, _client(request)
    ):
        tasks.add_task(send_signup_mail, settings, service.verification_mail(settings, user))
    return SignupOut()


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


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
    remember_device(settings.secret(), settings.secure_cookies, response, user.email)
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
    data: PasswordResetIn,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    tasks: BackgroundTasks,
) -> dict[str, str]:
    """Always answers the same, whether or not the email has an account (or a mail went out:
    a few per address and per client an hour)."""
    client = request.client.host if request.client else "unknown"
    allowed = reset_mail_allowed(settings, str(data.email), client)
    issued = service.request_password_reset(session, str(data.email)) if allowed else None
    if issued is not None:
        user, secret = issued
        tasks.add_task(
            send_password_reset, settings, user.email, user.display_name, user.locale, secret.plain
        )
    return {"status": "if this email has an account, a reset link is on its way"}


@router.post("/auth/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
def confirm_password_reset(data: PasswordResetConfirmIn, session: SessionDep) -> None:
    service.reset_password(session, data.token, data.password)


@router.post("/me/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(
    data: PasswordChangeIn,
    user: CurrentUser,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> None:
    """A new password ends every session and API token, this one too: sign in again."""
    with LoginThrottle.for_request(settings, request, user.email):
        try:
            service.change_password(session, user, data.current_password, data.new_password)
        except Forbidden:
            raise Unauthorized("password_wrong", "the current password is wrong") from None
    response.delete_cookie(session_cookie_name(settings), path="/")


@router.get("/me/sessions")
def list_sessions(caller: CurrentCaller, session: SessionDep) -> list[WebSessionOut]:
    """The browsers signed in to this account, newest first."""
    current = caller.web_session.id if caller.web_session else None
    return [
        WebSessionOut(
            id=row.id,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            expires_at=row.expires_at,
            current=row.id == current,
        )
        for row in service.list_web_sessions(session, caller.user)
    ]


@router.delete("/me/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def end_session(session_id: RowId, user: CurrentUser, session: SessionDep) -> None:
    service.end_other_web_session(session, user, session_id)


@router.get("/me")
def read_me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user, from_attributes=True)


@router.patch("/me")
def update_me(data: MeUpdateIn, user: CurrentUser, session: SessionDep) -> UserOut:
    service.update_profile(session, user, data)
    return UserOut.model_validate(user, from_attributes=True)
