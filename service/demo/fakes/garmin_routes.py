"""What the fake Garmin Connect answers: SSO, the DI token endpoint and the connectapi tier.

One server plays the three hosts; their paths do not overlap. Answers come from the recordings
where one exists (SSO bodies, profile, settings, recorded activities, 404/403 bodies) and are
synthesised from the account otherwise. Invented shapes are marked where they are defined.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from service.demo.fakes.garmin_accounts import FakeAccount
from service.demo.fakes.garmin_api import api_answer
from service.demo.fakes.garmin_state import Answer, Request, State

DI_TOKEN_PATH = "/di-oauth2-service/oauth/token"  # noqa: S105 - a path
DI_SERVICE_TICKET_GRANT = (
    "https://connectapi.garmin.com/di-oauth2-service/oauth/grant/service_ticket"
)
_MFA_PATHS = ("/mobile/api/mfa/verifyCode", "/portal/api/mfa/verifyCode")
_SIGN_IN_PATHS = ("/mobile/sso/en_US/sign-in", "/portal/sso/en-US/sign-in")
_SSO_ROOTS = ("/mobile/", "/portal/", "/sso/")
SERVICE_PATHS = ("/gcm/ios", "/gcm/android", "/app")
"""The SSO service URLs, under ``GarminEndpoints.service_root``: the library's JWT_WEB fallback
consumes the ticket there when the DI exchange fails."""


def answer(state: State, request: Request) -> tuple[Answer, str | None]:
    """The answer to one request, and the email of the account it concerned (for the log)."""
    with state.lock:
        if request.path.startswith(_SSO_ROOTS):
            return _sso(state, request)
        if request.path == DI_TOKEN_PATH and request.method == "POST":
            return _di_token(state, request), None
        if request.path in SERVICE_PATHS and request.method == "GET":
            return _consume_ticket(state, request)
        return api_answer(state, request)


def _sso(state: State, request: Request) -> tuple[Answer, str | None]:
    if state.login_block_status is not None:
        return Answer(
            state.login_block_status, b"<html><title>Blocked</title></html>", "text/html"
        ), None
    if request.method == "GET" and request.path in _SIGN_IN_PATHS:
        session = request.cookie("SESSION") or secrets.token_hex(16)
        cookie = f"SESSION={session}; Path=/; HttpOnly"
        page = b"<html><title>GARMIN Authentication Application</title></html>"
        return Answer(200, page, "text/html", {"Set-Cookie": cookie}), None
    if request.method == "POST" and request.path == "/mobile/api/login":
        return _credentials(state, request)
    if request.method == "POST" and request.path in _MFA_PATHS:
        return _mfa_code(state, request)
    return Answer.json(404, state.shapes.json("activity_404_after_delete.json")), None


def _credentials(state: State, request: Request) -> tuple[Answer, str | None]:
    session = request.cookie("SESSION")
    if session is None:
        # Garmin answers a credential POST made without the sign-in page's cookies with 429.
        return Answer(429, b"", "text/html"), None
    body = request.json() if isinstance(request.json(), dict) else {}
    account = state.account(str(body.get("username", "")))
    if account is None or body.get("password") != account.password:
        refused = "sso_mobile_api_login_401_invalid_password.json"
        return Answer(state.shapes.status(refused), state.shapes.raw(refused)), None
    if account.mfa_code:
        state.mfa_pending[session] = account.email
        challenge = state.shapes.json("sso_mobile_api_login_mfa_required.json")
        challenge["customerMfaInfo"]["email"] = _masked(account.email)
        return Answer.json(200, challenge), account.email
    return Answer.json(200, _ticket_body(state, account, request, "login_success")), account.email


def _mfa_code(state: State, request: Request) -> tuple[Answer, str | None]:
    email = state.mfa_pending.get(request.cookie("SESSION") or "")
    account = state.account(email) if email else None
    body = request.json() if isinstance(request.json(), dict) else {}
    if account is None or str(body.get("mfaVerificationCode")) != account.mfa_code:
        # Invented shape: no recording of a rejected code exists.
        rejected = {"responseStatus": {"type": "INVALID_MFA_CODE", "httpStatus": "BAD_REQUEST"}}
        return Answer.json(400, rejected), email
    del state.mfa_pending[request.cookie("SESSION") or ""]
    return Answer.json(200, _ticket_body(state, account, request, "mfa_verifyCode_success")), email


def _ticket_body(
    state: State, account: FakeAccount, request: Request, recording: str
) -> dict[str, Any]:
    ticket = f"ST-{secrets.randbelow(10**7):07d}-{secrets.token_urlsafe(15)}-sso"
    state.tickets[ticket] = account.email
    body: dict[str, Any] = state.shapes.json(f"sso_mobile_api_{recording}.json")
    body["serviceTicketId"] = ticket
    body["serviceURL"] = request.query.get("service", [body["serviceURL"]])[0]
    return body


def _di_token(state: State, request: Request) -> Answer:
    form = {key: values[0] for key, values in _form(request).items()}
    client_id = form.get("client_id", "")
    if request.header("authorization") != _basic(client_id):
        return Answer.json(401, {"error": "invalid_client"})
    invalid = {"error": "invalid_grant", "error_description": "Invalid refresh token"}
    if form.get("grant_type") == DI_SERVICE_TICKET_GRANT:
        if state.refuse_di_exchange:
            # Invented shape (no recording of a refused exchange); the ticket stays valid.
            return Answer.json(400, {"error": "invalid_grant"})
        email = state.tickets.pop(form.get("service_ticket", ""), None)
        account = state.account(email) if email else None
        if account is None:
            return Answer.json(400, {"error": "invalid_grant"})
        return Answer.json(200, state.tokens.issue(account.email, client_id, account.access_ttl_s))
    if form.get("grant_type") == "refresh_token":
        pair = state.tokens.refresh(form.get("refresh_token", ""), client_id, _ttl_for(state))
        return Answer.json(200, pair) if pair else Answer.json(400, invalid)
    return Answer.json(400, {"error": "unsupported_grant_type"})


def _consume_ticket(state: State, request: Request) -> tuple[Answer, str | None]:
    """The browser-cookie session the library falls back to: the ticket buys a ``JWT_WEB`` cookie
    (invented: no recording of this exchange exists; only the cookie's name is known)."""
    email = state.tickets.pop(request.query.get("ticket", [""])[0], None)
    if email is None:
        return Answer(400, b"<html><title>Bad ticket</title></html>", "text/html"), None
    cookie = secrets.token_urlsafe(32)
    state.jwt_web[cookie] = email
    page = b"<html><title>Garmin Connect</title></html>"
    return Answer(200, page, "text/html", {"Set-Cookie": f"JWT_WEB={cookie}; Path=/"}), email


def _ttl_for(state: State) -> Callable[[str], float]:
    def ttl(email: str) -> float:
        account = state.account(email)
        return account.access_ttl_s if account else 3600.0

    return ttl


def _form(request: Request) -> dict[str, list[str]]:
    return parse_qs(request.body.decode("utf-8", "replace"))


def _basic(client_id: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:".encode()).decode()


def _masked(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:2]}*****@{domain}"
