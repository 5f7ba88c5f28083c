"""The account page: the address and its confirmation, the password, the signed-in browsers and
the API tokens, each of which the person can end here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from service.accounts import queries as account_queries
from service.accounts import service as accounts
from service.accounts.deps import session_cookie_name
from service.accounts.emails import send_signup_mail
from service.accounts.schemas import PasswordChangeIn
from service.dashboard.deps import SignedInPage
from service.dashboard.pages.auth import field_message
from service.dashboard.render import render, see_other
from service.dashboard.schemas import FormIn, PasswordChangeForm
from service.deps import RowId, SessionDep, SettingsDep
from service.errors import AppError, TooManyRequests, Unauthorized
from service.mail_limits import account_mail_allowed
from service.throttle import LoginThrottle

router = APIRouter()


def _account_page(
    page: SignedInPage, session: SessionDep, status: int = 200, password_error: str | None = None
) -> Response:
    reader = page.reader
    return render(
        page.with_section("account"),
        "account.html",
        status,
        sessions=accounts.list_web_sessions(session, reader),
        tokens=account_queries.list_api_tokens(session, reader.id),
        current_session=page.csrf_token,
        password_error=password_error,
    )


@router.get("/account")
def account(page: SignedInPage, session: SessionDep) -> Response:
    return _account_page(page, session)


@router.post("/account/verification")
def resend_verification(
    request: Request,
    _form: Annotated[FormIn, Form()],
    page: SignedInPage,
    settings: SettingsDep,
    tasks: BackgroundTasks,
) -> Response:
    user = page.reader
    client = request.client.host if request.client else "unknown"
    if user.email_verified_at is None and account_mail_allowed(settings, user.email, client):
        tasks.add_task(send_signup_mail, settings, accounts.verification_mail(settings, user))
    return see_other("/account?done=verification_sent")


@router.post("/account/password")
def change_password(
    request: Request,
    form: Annotated[PasswordChangeForm, Form()],
    page: SignedInPage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Every session ends with the old password, this one too: sign in again."""
    user = page.reader
    try:
        data = PasswordChangeIn(current_password=form.current, new_password=form.new)
        with LoginThrottle.for_request(settings, request, user.email):
            try:
                accounts.change_password(session, user, data.current_password, data.new_password)
            except AppError:
                raise Unauthorized("password_wrong") from None
    except ValidationError as exc:
        error = page._(field_message({**exc.errors()[0], "loc": ("password",)}))
        return _account_page(page, session, 422, error)
    except (Unauthorized, TooManyRequests) as exc:
        wrong = (
            page._("Too many failed attempts. Wait a few minutes and try again.")
            if isinstance(exc, TooManyRequests)
            else page._("The current password is wrong. Nothing is changed.")
        )
        return _account_page(page, session, exc.status_code, wrong)
    response = see_other("/sign-in?done=password_changed")
    response.delete_cookie(session_cookie_name(settings), path="/")
    return response


@router.post("/account/sessions/{session_id}/end")
def end_session(
    session_id: RowId, _form: Annotated[FormIn, Form()], page: SignedInPage, session: SessionDep
) -> Response:
    try:
        accounts.end_other_web_session(session, page.reader, session_id)
    except AppError as exc:
        return see_other(f"/account?error={exc.code}")
    return see_other("/account?done=session_ended")


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    token_id: RowId, _form: Annotated[FormIn, Form()], page: SignedInPage, session: SessionDep
) -> Response:
    try:
        accounts.revoke_api_token(session, page.reader, token_id)
    except AppError as exc:
        return see_other(f"/account?error={exc.code}")
    return see_other("/account?done=token_revoked")
