"""Request handling for ``FakeGoogleHealth``: OAuth endpoints and the Health API routes.

Called with the fake's lock held; returns an ``Answer``. Error bodies follow Google's shapes:
RFC 6749 ``{"error", "error_description"}`` at the token endpoint, ``{"error": {"code",
"message", "status"}}`` on the API (developers.google.com/health/reference/rest/v4/errors).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from service.demo.fakes.google_health_state import GoogleHealthState, Grant

MAX_EXERCISE_PAGE = 25
_CLAUSE = re.compile(r'^\s*exercise\.interval\.start_time\s*(>=|<)\s*"([^"]+)"\s*$')


@dataclass
class Answer:
    status: int
    body: dict[str, Any] | str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def payload(self) -> bytes:
        if self.body is None:
            return b""
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()

    def content_headers(self) -> dict[str, str]:
        if self.body is None:
            return {}
        kind = "text/plain" if isinstance(self.body, str) else "application/json"
        return {"Content-Type": f"{kind}; charset=utf-8"}


def route(
    fake: GoogleHealthState,
    method: str,
    path: str,
    query: dict[str, list[str]],
    headers: dict[str, str],
    form: dict[str, list[str]],
) -> Answer:
    if (method, path) == ("GET", "/o/oauth2/v2/auth"):
        return authorize(fake, query)
    if (method, path) == ("POST", "/token"):
        return token(fake, form, headers)
    if (method, path) == ("POST", "/revoke"):
        return revoke(fake, form)
    if (method, path) == ("GET", "/webhooks/public_keyset.json"):
        return Answer(200, json.loads(fake.keyset_json()))
    if method == "GET" and path.startswith("/v4/"):
        grant = _bearer_grant(fake, headers)
        if grant is None:
            return api_error(
                401, "UNAUTHENTICATED", "Request had invalid authentication credentials."
            )
        if path == "/v4/users/me/identity":
            return Answer(200, fake.user(grant.user_id).identity())
        if path == "/v4/users/me/dataTypes/exercise/dataPoints":
            return list_exercises(fake, grant, query)
    return api_error(404, "NOT_FOUND", f"{method} {path} is not part of this fake")


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


def list_exercises(fake: GoogleHealthState, grant: Grant, query: dict[str, list[str]]) -> Answer:
    try:
        lower, upper = _parse_filter(one(query, "filter") or "")
    except ValueError as exc:
        return api_error(400, "INVALID_ARGUMENT", f"Invalid filter: {exc}")
    size_text = one(query, "pageSize", "page_size") or str(MAX_EXERCISE_PAGE)
    size = min(MAX_EXERCISE_PAGE, int(size_text)) if size_text.isdigit() else MAX_EXERCISE_PAGE
    size = size or MAX_EXERCISE_PAGE
    fingerprint = hashlib.sha256((one(query, "filter") or "").encode()).hexdigest()[:12]
    offset = _page_offset(one(query, "pageToken", "page_token"), fingerprint)
    if offset is None:
        return api_error(400, "INVALID_ARGUMENT", "Invalid page token.")
    user = fake.user(grant.user_id)
    chosen = sorted(
        (e for e in user.exercises if _within(e.start, lower, upper)),
        key=lambda e: (e.start, e.point_id),
    )
    page = chosen[offset : offset + size]
    body: dict[str, Any] = {"dataPoints": [e.data_point(user.health_user_id) for e in page]}
    if offset + size < len(chosen):
        raw = json.dumps({"offset": offset + size, "filter": fingerprint}).encode()
        body["nextPageToken"] = base64.urlsafe_b64encode(raw).decode()
    return Answer(200, body)


def _parse_filter(text: str) -> tuple[datetime | None, datetime | None]:
    lower = upper = None
    for clause in filter(None, text.split(" AND ")):
        match = _CLAUSE.match(clause)
        if match is None:
            raise ValueError(f"unsupported clause {clause!r}")
        moment = datetime.fromisoformat(match.group(2))
        if moment.tzinfo is None:
            raise ValueError("timestamps must be RFC 3339 with an offset")
        if match.group(1) == ">=":
            lower = moment
        else:
            upper = moment
    return lower, upper


def _within(start: datetime, lower: datetime | None, upper: datetime | None) -> bool:
    return (lower is None or start >= lower) and (upper is None or start < upper)


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


def one(values: dict[str, list[str]], *names: str) -> str | None:
    """The first value of the first name present."""
    for name in names:
        if values.get(name):
            return values[name][0]
    return None


def oauth_error(status: int, error: str, description: str) -> Answer:
    return Answer(status, {"error": error, "error_description": description})


def api_error(status: int, code: str, message: str) -> Answer:
    headers = {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'}
    return Answer(
        status,
        {"error": {"code": status, "message": message, "status": code}},
        headers if status == 401 else {},
    )
