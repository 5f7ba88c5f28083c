"""Request handling for ``FakeGoogleHealth``: OAuth endpoints and the Health API routes.

Called with the fake's lock held; returns an ``Answer``. Error bodies follow Google's shapes:
RFC 6749 ``{"error", "error_description"}`` at the token endpoint, ``{"error": {"code",
"message", "status"}}`` on the API (developers.google.com/health/reference/rest/v4/errors).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from service.demo.fakes.google_health_answer import Answer, api_error, one
from service.demo.fakes.google_health_contract import Clause, ContractError
from service.demo.fakes.google_health_state import GoogleHealthState, Grant
from service.demo.fakes.google_health_subscribers import (
    create_subscriber,
    delete_subscriber,
    list_subscribers,
    patch_subscriber,
)

MAX_EXERCISE_PAGE = 25


def route(
    fake: GoogleHealthState,
    method: str,
    path: str,
    query: dict[str, list[str]],
    headers: dict[str, str],
    form: dict[str, list[str]],
    body: bytes = b"",
) -> Answer:
    if (method, path) == ("GET", "/o/oauth2/v2/auth"):
        return authorize(fake, query)
    if (method, path) == ("POST", "/token"):
        return token(fake, form, headers)
    if (method, path) == ("POST", "/revoke"):
        return revoke(fake, form)
    if (method, path) == ("GET", "/webhooks/public_keyset.json"):
        return Answer(200, json.loads(fake.keyset_json()))
    if path.startswith("/v4/"):
        return api(fake, method, path, query, headers, body)
    return api_error(404, "NOT_FOUND", f"{method} {path} is not part of this fake")


def api(
    fake: GoogleHealthState,
    method: str,
    path: str,
    query: dict[str, list[str]],
    headers: dict[str, str],
    body: bytes,
) -> Answer:
    """A Health API call, checked against the discovery document's contract first: a request
    the real API refuses (unknown path or parameter, a filter field its description does not
    allow, a value outside an enum, a body that does not fit its schema) is refused here too."""
    contract = fake.contract
    try:
        called = contract.route(method, path)
        contract.check_query(called.method_id, query)
    except ContractError as exc:
        return api_error(exc.http, exc.status, str(exc))
    grant = _bearer_grant(fake, headers)
    if grant is None:
        return api_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
    spec = contract.methods[called.method_id]
    if not set(grant.scope.split()) & set(spec["scopes"]):
        return api_error(
            403, "PERMISSION_DENIED", "Request had insufficient authentication scopes."
        )
    payload: Any = None
    if "request" in spec:
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            return api_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        problems = contract.check_body(spec["request"], payload, request=True)
        if problems:
            return api_error(400, "INVALID_ARGUMENT", "; ".join(problems))
    handler = _HANDLERS.get(called.method_id)
    if handler is None:
        return api_error(501, "UNIMPLEMENTED", f"{called.method_id} is not part of this fake")
    return handler(fake, grant, called.path_values, query, payload)


def _user_call(fake: GoogleHealthState, grant: Grant, values: dict[str, str]) -> Answer | None:
    """Users' data is the caller's own: ``users/me`` or their own id."""
    if not grant.user_id or values.get("usersId") not in ("me", grant.user_id):
        return api_error(403, "PERMISSION_DENIED", "The caller does not have permission")
    return None


def get_identity(
    fake: GoogleHealthState, grant: Grant, values: dict[str, str], query: Any, payload: Any
) -> Answer:
    return _user_call(fake, grant, values) or Answer(200, fake.user(grant.user_id).identity())


def authorize(fake: GoogleHealthState, query: dict[str, list[str]]) -> Answer:
    """Google's consent screen, approved at once as ``login_user`` (or the first user)."""
    redirect_uri = one(query, "redirect_uri")
    if one(query, "client_id") != fake.client_id or not redirect_uri:
        return Answer(400, "Error 401: invalid_client (unknown client or no redirect_uri)")
    if one(query, "response_type") != "code":
        return Answer(400, "Error 400: unsupported_response_type")
    challenge = one(query, "code_challenge")
    if one(query, "code_challenge_method") != "S256" or not challenge:
        return Answer(400, "Error 400: invalid_request (this client must use PKCE with S256)")
    code = "4/fake-" + secrets.token_urlsafe(24)
    fake.codes[code] = {
        "user": fake.login_user or fake.users[0].health_user_id,
        "redirect_uri": redirect_uri,
        "challenge": challenge,
        "scope": one(query, "scope") or "",
        "offline": str(one(query, "access_type") == "offline"),
    }
    params = {"code": code, "state": one(query, "state") or "", "scope": one(query, "scope") or ""}
    separator = "&" if "?" in redirect_uri else "?"
    return Answer(302, None, {"Location": f"{redirect_uri}{separator}{urlencode(params)}"})


def token(fake: GoogleHealthState, form: dict[str, list[str]], headers: dict[str, str]) -> Answer:
    if _client_credentials(form, headers) != (fake.client_id, fake.client_secret):
        return oauth_error(401, "invalid_client", "The OAuth client was not found.")
    grant_type = one(form, "grant_type")
    if grant_type == "authorization_code":
        return _exchange(fake, form)
    if grant_type == "refresh_token":
        return _refresh(fake, form)
    return oauth_error(400, "unsupported_grant_type", f"Invalid grant_type: {grant_type}")


def revoke(fake: GoogleHealthState, form: dict[str, list[str]]) -> Answer:
    """RFC 7009 as Google answers: 200 for a live token (a refresh token takes the access tokens
    of its user with it), 400 ``invalid_token`` for anything else."""
    token = one(form, "token") or ""
    grant = fake.refresh_tokens.pop(token, None) or fake.access_tokens.pop(token, None)
    if grant is None:
        return oauth_error(400, "invalid_token", "Token expired or revoked")
    for access, held in list(fake.access_tokens.items()):
        if held.user_id == grant.user_id:
            del fake.access_tokens[access]
    fake.keep_tokens()
    return Answer(200, {})


def _exchange(fake: GoogleHealthState, form: dict[str, list[str]]) -> Answer:
    grant = fake.codes.pop(one(form, "code") or "", None)
    if grant is None:
        return oauth_error(400, "invalid_grant", "Malformed auth code.")
    if one(form, "redirect_uri") != grant["redirect_uri"]:
        return oauth_error(400, "invalid_grant", "Bad Request: redirect_uri mismatch.")
    verifier = one(form, "code_verifier")
    if verifier is None:
        return oauth_error(400, "invalid_grant", "Missing code verifier.")
    digest = hashlib.sha256(verifier.encode()).digest()
    if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
        return oauth_error(400, "invalid_grant", "Invalid code verifier.")
    body = _access_body(fake, grant["user"], grant["scope"])
    if grant["offline"] == "True":
        body["refresh_token"] = fake.new_refresh_token(grant["user"], grant["scope"])
    return Answer(200, body)


def _refresh(fake: GoogleHealthState, form: dict[str, list[str]]) -> Answer:
    refresh_token = one(form, "refresh_token") or ""
    grant = fake.refresh_tokens.get(refresh_token)
    if grant is None:
        return oauth_error(400, "invalid_grant", "Token has been expired or revoked.")
    body = _access_body(fake, grant.user_id, grant.scope)
    if fake.rotate_refresh_tokens:
        del fake.refresh_tokens[refresh_token]
        body["refresh_token"] = fake.new_refresh_token(grant.user_id, grant.scope)
    return Answer(200, body)


def _access_body(fake: GoogleHealthState, user_id: str, scope: str) -> dict[str, Any]:
    return {
        "access_token": fake.new_access_token(user_id, scope),
        "expires_in": fake.access_token_lifetime_s,
        "scope": scope,
        "token_type": "Bearer",
    }


def list_data_points(
    fake: GoogleHealthState,
    grant: Grant,
    values: dict[str, str],
    query: dict[str, list[str]],
    payload: Any,
) -> Answer:
    """Newest first, as the ``filter`` description says; ``exercise`` pages hold at most 25."""
    refused = _user_call(fake, grant, values)
    if refused is not None:
        return refused
    data_type = values["dataTypesId"]
    try:
        clauses = fake.contract.parse_filter(data_type, one(query, "filter") or "")
    except ContractError as exc:
        return api_error(exc.http, exc.status, str(exc))
    size_text = one(query, "pageSize") or "0"
    limit = MAX_EXERCISE_PAGE if data_type in ("exercise", "sleep") else 10000
    size = min(limit, int(size_text)) if int(size_text) > 0 else min(limit, 1440)
    fingerprint = hashlib.sha256((one(query, "filter") or "").encode()).hexdigest()[:12]
    offset = _page_offset(one(query, "pageToken"), fingerprint)
    if offset is None:
        return api_error(400, "INVALID_ARGUMENT", "Invalid page token.")
    user = fake.user(grant.user_id)
    exercises = user.exercises if data_type == "exercise" else []
    chosen = sorted(
        (e for e in exercises if all(_holds(c, e.civil_start) for c in clauses)),
        key=lambda e: (e.start, e.point_id),
        reverse=True,
    )
    page = chosen[offset : offset + size]
    body: dict[str, Any] = {"dataPoints": [e.data_point(user.health_user_id) for e in page]}
    if offset + size < len(chosen):
        raw = json.dumps({"offset": offset + size, "filter": fingerprint}).encode()
        body["nextPageToken"] = base64.urlsafe_b64encode(raw).decode()
    return Answer(200, body)


def _holds(clause: Clause, civil_start: datetime) -> bool:
    bound = clause.value
    if not isinstance(bound, datetime):
        bound = datetime.combine(bound, datetime.min.time())
    if bound.tzinfo is not None:  # a physical-time field; exercise has none, kept for others
        return False
    return civil_start >= bound if clause.operator == ">=" else civil_start < bound


def _page_offset(page_token: str | None, fingerprint: str) -> int | None:
    if not page_token:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(page_token.encode()))
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("filter") != fingerprint:
        return None
    offset = data.get("offset")
    return offset if isinstance(offset, int) and offset >= 0 else None


_HANDLERS: dict[str, Callable[..., Answer]] = {
    "health.users.getIdentity": get_identity,
    "health.users.dataTypes.dataPoints.list": list_data_points,
    "health.projects.subscribers.create": create_subscriber,
    "health.projects.subscribers.list": list_subscribers,
    "health.projects.subscribers.patch": patch_subscriber,
    "health.projects.subscribers.delete": delete_subscriber,
}


def _bearer_grant(fake: GoogleHealthState, headers: dict[str, str]) -> Grant | None:
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    scheme, _, access_token = value.partition(" ")
    grant = fake.access_tokens.get(access_token) if scheme.lower() == "bearer" else None
    if grant is None or grant.expires_at <= time.monotonic():
        return None
    return grant


def _client_credentials(form: dict[str, list[str]], headers: dict[str, str]) -> tuple[str, str]:
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    if value.lower().startswith("basic "):
        client_id, _, secret = base64.b64decode(value[6:]).decode().partition(":")
        return client_id, secret
    return one(form, "client_id") or "", one(form, "client_secret") or ""


def oauth_error(status: int, error: str, description: str) -> Answer:
    return Answer(status, {"error": error, "error_description": description})
