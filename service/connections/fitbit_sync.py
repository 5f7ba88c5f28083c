"""Fitbit (the Google Health API) for one sync run, and token refresh under the row lock.

Refresh (``refreshed_access_token``): lock the connection row, reload the stored ``TokenSet``;
if it no longer holds the token Google refused, another worker already refreshed: use theirs.
Otherwise refresh at Google while still holding the lock and store the new set before the lock
is released, so two workers never spend the same refresh token.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from functools import partial

import httpx

from service.clock import utcnow
from service.config import Settings
from service.connections import queries, runs
from service.connections.credentials import open_credentials, store_credentials
from service.connections.limits import limiter_for
from service.connections.runs import Batch, Claim
from service.db import Transactions
from service.integrations import google_http, google_oauth
from service.integrations.base import AuthExpired, Unavailable
from service.integrations.fitbit import GoogleHealthClient
from service.integrations.google_oauth import GoogleClient, TokenSet
from service.integrations.google_rate_limit import GOOGLE_HEALTH_REQUESTS_PER_USER_PER_MINUTE

CALLBACK_PATH = "/api/v1/connections/fitbit/callback"

_http: httpx.Client | None = None
_http_lock = threading.Lock()


def shared_http() -> httpx.Client:
    """One HTTP client per process (created lazily, so after a prefork worker forks)."""
    global _http
    with _http_lock:
        if _http is None:
            _http = google_http.new_http_client()
        return _http


def google_client(settings: Settings) -> GoogleClient | None:
    """The operator's Google OAuth client, or ``None`` when none is configured."""
    google = settings.google
    if not google.configured or google.client_id is None or google.client_secret is None:
        return None
    return GoogleClient(
        client_id=google.client_id,
        client_secret=google.client_secret.get_secret_value(),
        auth_url=google.auth_url,
        token_url=google.token_url,
        api_base=google.api_base,
    )


def redirect_uri(settings: Settings) -> str:
    return settings.base_url.rstrip("/") + CALLBACK_PATH


def read_tokens(secret: str | None) -> TokenSet:
    if secret is None:
        raise AuthExpired("the connection holds no Google tokens")
    try:
        return TokenSet.from_json(secret)
    except (ValueError, KeyError) as err:
        raise AuthExpired("the stored Google tokens are unreadable") from err


def refreshed_access_token(
    refused: str,
    *,
    connection_id: int,
    transactions: Transactions,
    client: GoogleClient,
    keys: list[bytes],
) -> str:
    """A working access token after ``refused`` was rejected or is about to expire."""
    with transactions() as session:
        connection = queries.lock_connection(session, connection_id)
        if connection is None:
            raise AuthExpired("the connection was removed")
        tokens = read_tokens(open_credentials(connection, keys))
        if tokens.access_token != refused and not tokens.expires_within(utcnow()):
            return tokens.access_token
        fresh = google_oauth.refresh(client, tokens.refresh_token, http=shared_http())
        store_credentials(connection, fresh.to_json(), keys)
        return fresh.access_token


class FitbitProvider:
    def __init__(self, client: GoogleHealthClient, health_user_id: str | None):
        self._client = client
        self._health_user_id = health_user_id

    def fetch(self, first: date, last: date) -> Batch:
        # Civil times: the athlete's local days, as Google's filter for sessions expects.
        start, end = first, last + timedelta(days=1)
        return Batch(activities=self._client.list_exercises(start, end))

    def learn_identity(self, transactions: Transactions, claim: Claim) -> None:
        """Ask Google who this is and store it at once, before anything is listed."""
        if self._health_user_id is not None:
            return
        self._health_user_id = self._client.identity()
        with transactions() as session:
            runs.store_external_user_id(session, claim, self._health_user_id)

    def current_credentials(self) -> None:
        """Refreshed tokens are stored by ``refreshed_access_token`` itself, under the lock."""

    def close(self) -> None:
        self._client.close()


def open_fitbit(
    claim: Claim, transactions: Transactions, settings: Settings, keys: list[bytes]
) -> FitbitProvider:
    client = google_client(settings)
    if client is None:
        raise Unavailable("no Google OAuth client is configured")
    refresh = partial(
        refreshed_access_token,
        connection_id=claim.connection_id,
        transactions=transactions,
        client=client,
        keys=keys,
    )
    tokens = read_tokens(claim.secret)
    access_token = tokens.access_token
    if tokens.expires_within(utcnow()):
        access_token = refresh(access_token)
    limiter = limiter_for(
        f"fitbit:{claim.connection_id}", settings, GOOGLE_HEALTH_REQUESTS_PER_USER_PER_MINUTE
    )
    health = GoogleHealthClient(
        access_token,
        api_base=client.api_base,
        http=shared_http(),
        on_unauthorized=refresh,
        limiter=limiter,
    )
    provider = FitbitProvider(health, claim.external_user_id)
    try:
        provider.learn_identity(transactions, claim)
    except BaseException:
        provider.close()
        raise
    return provider
