"""Google OAuth 2.0 (authorization code + PKCE + ``state``) for the Google Health API.

The legacy Fitbit OAuth endpoints were switched off on 2026-11-02; a Fitbit connection now
authorises against Google's own endpoints (developers.google.com/health/migration/data-access):
authorize ``https://accounts.google.com/o/oauth2/v2/auth``, token
``https://oauth2.googleapis.com/token``. The base URLs live in ``GoogleClient`` so the demo and the
tests point at the loopback fake.

Refresh tokens: Google returns one only for ``access_type=offline``, and a refresh answer may or
may not carry a new one; ``refresh`` keeps the old token when none comes back. The service refreshes
under its per-connection lock and stores the returned ``TokenSet`` (``to_json``) encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from service.clock import utcnow
from service.integrations import google_http
from service.integrations.base import AuthExpired, RateLimited, Unavailable

SCOPE_PREFIX = "https://www.googleapis.com/auth/googlehealth."
ACTIVITY_READ_SCOPE = SCOPE_PREFIX + "activity_and_fitness.readonly"
PROFILE_READ_SCOPE = SCOPE_PREFIX + "profile.readonly"
#: What a Fitbit connection asks for: workouts (``exercise``) and the identity behind the webhooks.
FITBIT_SCOPES = (ACTIVITY_READ_SCOPE, PROFILE_READ_SCOPE)
GOOGLE_AUTH_URL = "https://accounts.google.com/o/oauth2/v2/auth"
GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"  # noqa: S105 - a public URL
GOOGLE_HEALTH_API_BASE = "https://health.googleapis.com/v4"


@dataclass(frozen=True, slots=True)
class GoogleClient:
    """An OAuth client registered in Google Cloud, and where Google (or the fake) lives."""

    client_id: str
    client_secret: str
    auth_url: str = GOOGLE_AUTH_URL
    token_url: str = GOOGLE_TOKEN_URL
    api_base: str = GOOGLE_HEALTH_API_BASE


@dataclass(frozen=True, slots=True)
class TokenSet:
    """Access and refresh token of one connection; ``expires_at`` is an aware UTC instant."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: datetime
    scope: str

    def __post_init__(self) -> None:
        if self.expires_at.tzinfo is None:
            raise ValueError("expires_at must be timezone-aware")

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset(self.scope.split())

    def expires_within(self, now: datetime, margin: timedelta = timedelta(minutes=2)) -> bool:
        """True when the access token is expired or will be within ``margin``: refresh first."""
        return self.expires_at - margin <= now

    def missing_scopes(self, required: Iterable[str]) -> frozenset[str]:
        """Scopes the user unticked on the consent screen (Google allows partial consent)."""
        return frozenset(required) - self.scopes

    def to_json(self) -> str:
        return json.dumps(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at.astimezone(UTC).isoformat(),
                "scope": self.scope,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> TokenSet:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a stored token set must be a JSON object")
        return cls(
            access_token=str(data["access_token"]),
            refresh_token=str(data["refresh_token"]),
            expires_at=datetime.fromisoformat(str(data["expires_at"])),
            scope=str(data.get("scope", "")),
        )


def new_code_verifier() -> str:
    """A PKCE verifier: 86 characters from the unreserved set (RFC 7636 §4.1 asks 43-128)."""
    return secrets.token_urlsafe(64)


def code_challenge(code_verifier: str) -> str:
    """``BASE64URL(SHA256(verifier))`` without padding: the S256 method of RFC 7636 §4.2."""
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_url(
    client: GoogleClient, redirect_uri: str, scopes: Iterable[str]
) -> tuple[str, str, str]:
    """Where to send the athlete's browser; returns ``(url, state, code_verifier)``.

    Keep ``state`` and ``code_verifier`` server-side (session) until the callback: the callback's
    ``state`` must equal it (CSRF), and the verifier proves the code is ours at exchange time.
    ``access_type=offline`` + ``prompt=consent`` make Google issue a refresh token every time.
    """
    state = secrets.token_urlsafe(32)
    verifier = new_code_verifier()
    query = {
        "client_id": client.client_id,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": " ".join(scopes),
        "state": state,
        "code_challenge": code_challenge(verifier),
        "code_challenge_method": "S256",
        "access_type": "offline",
        "prompt": "consent",
        "include_granted_scopes": "true",
    }
    return f"{client.auth_url}?{urlencode(query)}", state, verifier


def exchange_code(
    client: GoogleClient,
    code: str,
    code_verifier: str,
    redirect_uri: str,
    *,
    http: httpx.Client | None = None,
    now: datetime | None = None,
) -> TokenSet:
    """Trade the callback's ``code`` for tokens. A refused code raises ``AuthExpired``."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "code_verifier": code_verifier,
        "redirect_uri": redirect_uri,
    }
    body = _token_request(client, form, http)
    refresh_token = body.get("refresh_token")
    if not isinstance(refresh_token, str) or not refresh_token:
        raise Unavailable("Google issued no refresh token; the consent must ask for offline access")
    return _token_set(body, refresh_token, now)


def refresh(
    client: GoogleClient,
    refresh_token: str,
    *,
    http: httpx.Client | None = None,
    now: datetime | None = None,
) -> TokenSet:
    """A new access token; a rotated refresh token replaces the old one, else the old one stays.

    ``invalid_grant`` (revoked, expired or already-rotated token) raises ``AuthExpired``: the
    athlete must connect again.
    """
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    body = _token_request(client, form, http)
    rotated = body.get("refresh_token")
    kept = rotated if isinstance(rotated, str) and rotated else refresh_token
    return _token_set(body, kept, now)


def revoke(client: GoogleClient, token: str, *, http: httpx.Client | None = None) -> bool:
    """Revoke the grant behind ``token`` (RFC 7009; a refresh token ends the whole grant).

    Google's revocation endpoint sits beside its token endpoint (``oauth2.googleapis.com/token``
    and ``/revoke``). True when Google revoked it; False when Google says the token is no longer
    valid anyway (``invalid_token``); ``Unavailable`` or ``RateLimited`` when it did not answer.
    """
    url = client.token_url.rsplit("/", 1)[0] + "/revoke"
    owned = http is None
    session = google_http.new_http_client() if http is None else http
    try:
        request = session.build_request("POST", url, data={"token": token})
        response = google_http.send(session, request)
    finally:
        if owned:
            session.close()
    if response.status_code < 300:
        return True
    if response.status_code == 400 and google_http.describe_error(response) == "invalid_token":
        return False
    _raise_for_token_status(response)
    raise Unavailable(f"Google's revocation endpoint answered {response.status_code}")


def _token_request(
    client: GoogleClient, form: dict[str, str], http: httpx.Client | None
) -> dict[str, Any]:
    form = {**form, "client_id": client.client_id, "client_secret": client.client_secret}
    owned = http is None
    session = google_http.new_http_client() if http is None else http
    try:
        request = session.build_request("POST", client.token_url, data=form)
        response = google_http.send(session, request)
    finally:
        if owned:
            session.close()
    _raise_for_token_status(response)
    return google_http.json_object(response)


def _raise_for_token_status(response: httpx.Response) -> None:
    """The token endpoint speaks RFC 6749 §5.2 errors; only ``invalid_grant`` is the user's."""
    status = response.status_code
    if status < 300:
        return
    reason = google_http.describe_error(response)
    if status == 429:
        retry_after = google_http.parse_retry_after(response.headers.get("Retry-After"))
        raise RateLimited(f"Google's token endpoint asked us to slow down: {reason}", retry_after)
    if status < 500 and reason == "invalid_grant":
        raise AuthExpired("Google refused the grant (invalid_grant): the athlete must reconnect")
    raise Unavailable(f"Google's token endpoint answered {status}: {reason}")


def _token_set(body: dict[str, Any], refresh_token: str, now: datetime | None) -> TokenSet:
    access_token = body.get("access_token")
    expires_in = body.get("expires_in")
    if not isinstance(access_token, str) or not access_token:
        raise Unavailable("Google's token answer has no access_token")
    if not isinstance(expires_in, int | float) or isinstance(expires_in, bool):
        raise Unavailable("Google's token answer has no numeric expires_in")
    issued_at = now or utcnow()
    scope = body.get("scope")
    return TokenSet(
        access_token=access_token,
        refresh_token=refresh_token,
        expires_at=issued_at + timedelta(seconds=float(expires_in)),
        scope=scope if isinstance(scope, str) else "",
    )
