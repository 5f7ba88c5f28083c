"""Sign in, sign up, sign out, forgotten password and reset: the API's accounts, as forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from service.accounts import service as accounts
from service.accounts.deps import CurrentCaller, session_cookie_name
from service.accounts.emails import send_password_reset
from service.accounts.schemas import PasswordResetConfirmIn, PasswordResetIn, SignupIn
from service.athletes import service as athletes
from service.config import Settings
from service.dashboard.deps import BrowserSession, VisitorPage, check_visitor_form
from service.dashboard.i18n import N_
from service.dashboard.page import Page, home_path, safe_next
from service.dashboard.render import render, see_other
from service.dashboard.schemas import ForgotForm, ResetForm, SignInForm, SignUpForm
from service.deps import SessionDep, SettingsDep
from service.errors import AppError, Conflict, TooManyRequests, Unauthorized
from service.models import User
from service.throttle import LoginThrottle

router = APIRouter()

FIELD_MESSAGES = {
    "email": N_("Enter a valid email address."),
    "password": N_("Use 10 to 256 characters."),
    "display_name": N_("Use at most 120 characters."),
    "timezone": N_("Enter a time zone such as Europe/Amsterdam."),
    "role": N_("Choose runner, coach or physiotherapist."),
    "locale": N_("Choose English or Dutch."),
}
ROLES = (
    ("athlete", N_("runner"), N_("I train and want to see my load and warnings")),
    ("coach", N_("coach"), N_("I follow the runners who invite me")),
    ("physio", N_("physiotherapist"), N_("I follow runners' load and symptoms")),
)


def start_browser_session(
    user: User, response: Response, session: SessionDep, settings: Settings
) -> None:
    secret, _web_session = accounts.start_web_session(session, user)
    response.set_cookie(
        session_cookie_name(settings),
        secret.plain,
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )


@router.get("/sign-in")
def sign_in_page(page: VisitorPage, caller: BrowserSession, next: str = "") -> Response:
    if caller is not None:
        return see_other(safe_next(next, home_path(caller.user)))
    return render(page, "auth/sign_in.html", next=safe_next(next, "/"), email="", errors=[])


@router.post("/sign-in")
def sign_in(
    request: Request,
    form: Annotated[SignInForm, Form()],
    page: VisitorPage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    check_visitor_form(request, form.csrf_token, settings.base_url)
    try:
        with LoginThrottle.for_request(settings, request, form.email):
            user = accounts.authenticate(session, form.email, form.password)
    except (Unauthorized, TooManyRequests) as exc:
        message = (
            N_("Too many failed attempts. Wait a few minutes and try again.")
            if isinstance(exc, TooManyRequests)
            else N_("The email or the password is wrong.")
        )
        values = {"next": safe_next(form.next, "/"), "email": form.email}
        return render(
            page, "auth/sign_in.html", exc.status_code, errors=[page._(message)], **values
        )
    response = see_other(safe_next(form.next, home_path(user)))
    start_browser_session(user, response, session, settings)
    return response


@router.get("/sign-up")
def sign_up_page(page: VisitorPage, caller: BrowserSession, next: str = "") -> Response:
    if caller is not None:
        return see_other(home_path(caller.user))
    return _sign_up_form(page, SignUpForm(locale=page.locale, next=safe_next(next, "/")), {})


def _sign_up_form(
    page: Page, form: SignUpForm, errors: dict[str, str], status: int = 200
) -> Response:
    roles = [(value, page._(label), page._(hint)) for value, label, hint in ROLES]
    summary = [page._(N_("Check the marked fields."))] if errors else []
    values = {"form": form, "field_errors": errors, "roles": roles, "next": form.next}
    return render(page, "auth/sign_up.html", status, errors=summary, **values)


@router.post("/sign-up")
def sign_up(
    request: Request,
    form: Annotated[SignUpForm, Form()],
    page: VisitorPage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    check_visitor_form(request, form.csrf_token, settings.base_url)
    fields = form.model_dump(exclude={"csrf_token", "next"})
    try:
        user = athletes.sign_up(session, SignupIn.model_validate(fields))
    except ValidationError as exc:
        errors = {_field(e["loc"]): page._(_field_message(e["loc"])) for e in exc.errors()}
        return _sign_up_form(page, form, errors, 422)
    except Conflict:
        errors = {
            "email": page._(N_("An account with this email already exists. Sign in instead."))
        }
        return _sign_up_form(page, form, errors, 409)
    response = see_other(safe_next(form.next, home_path(user)))
    start_browser_session(user, response, session, settings)
    return response


def _field(loc: tuple[int | str, ...]) -> str:
    return str(loc[0]) if loc else ""


def _field_message(loc: tuple[int | str, ...]) -> str:
    return FIELD_MESSAGES.get(_field(loc), N_("Check this field."))


@router.post("/sign-out")
def sign_out(
    caller: CurrentCaller, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    cookie = request.cookies.get(session_cookie_name(settings))
    if caller.web_session is not None and cookie:
        accounts.end_web_session(session, cookie)
    response = see_other("/sign-in?done=signed_out")
    response.delete_cookie(session_cookie_name(settings), path="/")
    return response


@router.get("/forgot-password")
def forgot_page(page: VisitorPage) -> Response:
    return render(page, "auth/forgot.html", sent=False, email="", errors=[])


@router.post("/forgot-password")
def forgot(
    request: Request,
    form: Annotated[ForgotForm, Form()],
    page: VisitorPage,
    session: SessionDep,
    settings: SettingsDep,
    tasks: BackgroundTasks,
) -> Response:
    """Answers the same whether or not the email has an account, like the API."""
    check_visitor_form(request, form.csrf_token, settings.base_url)
    try:
        email = str(PasswordResetIn(email=form.email).email)
    except ValidationError:
        invalid = FIELD_MESSAGES["email"]
        errors = [page._(invalid)]
        return render(page, "auth/forgot.html", 422, sent=False, email=form.email, errors=errors)
    issued = accounts.request_password_reset(session, email)
    if issued is not None:
        user, secret = issued
        tasks.add_task(
            send_password_reset, settings, user.email, user.display_name, user.locale, secret.plain
        )
    return render(page, "auth/forgot.html", sent=True, email="", errors=[])


@router.get("/reset-password")
def reset_page(page: VisitorPage, token: str = "") -> Response:
    errors = [] if token else [page._(N_("This reset link is incomplete."))]
    return render(page, "auth/reset.html", token=token, errors=errors, field_error=None)


@router.post("/reset-password")
def reset(
    request: Request,
    form: Annotated[ResetForm, Form()],
    page: VisitorPage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    check_visitor_form(request, form.csrf_token, settings.base_url)
    values: dict[str, object] = {"token": form.token, "errors": [], "field_error": None}
    try:
        data = PasswordResetConfirmIn(token=form.token, password=form.password)
        accounts.reset_password(session, data.token, data.password)
    except ValidationError as exc:
        if any(e["loc"][0] == "token" for e in exc.errors()):
            values |= {"token": "", "errors": [page._(N_("This reset link is incomplete."))]}
        else:
            too_short = FIELD_MESSAGES["password"]
            values["field_error"] = page._(too_short)
        return render(page, "auth/reset.html", 422, **values)
    except AppError:
        expired = page._(N_("This reset link is unknown, already used or expired."))
        return render(page, "auth/reset.html", 422, **(values | {"token": "", "errors": [expired]}))
    return see_other("/sign-in?done=password_changed")
