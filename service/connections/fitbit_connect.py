"""Connecting Fitbit through Google OAuth 2.0 (authorization code, PKCE S256, ``state``).

``start_fitbit_authorization`` keeps ``state`` and the PKCE verifier sealed in the athlete's own
connection row for a few minutes and returns Google's consent URL. ``finish_fitbit_authorization``
(the callback, in the same athlete's browser) accepts only that exact ``state``, once: it forgets
the handover before anything else, then exchanges the code, stores the ``TokenSet`` sealed and
starts the backfill. A refused or incomplete consent is recorded on the connection with a message.
"""

from __future__ import annotations

import hmac
import logging
from datetime import datetime

from sqlalchemy.orm import Session

from service.config import Settings
from service.connections import queries
from service.connections.credentials import forget_pending, open_pending, store_pending
from service.connections.fitbit_sync import google_client, redirect_uri, shared_http
from service.connections.messages import message
from service.connections.policy import DEFAULT_POLICY, SyncPolicy
from service.connections.service import mark_connected
from service.errors import BadRequest, Conflict
from service.integrations import google_oauth
from service.integrations.base import ProviderError
from service.integrations.google_oauth import ACTIVITY_READ_SCOPE, FITBIT_SCOPES, GoogleClient
from service.models import Connection, ConnectionState

log = logging.getLogger(__name__)

OAUTH = "oauth"


def configured_client(settings: Settings) -> GoogleClient:
    client = google_client(settings)
    if client is None:
        raise Conflict(
            "fitbit_not_configured",
            message("fitbit_not_configured", "fitbit", redirect_uri=redirect_uri(settings)),
        )
    return client


def start_fitbit_authorization(
    session: Session,
    athlete_id: int,
    settings: Settings,
    *,
    now: datetime,
    policy: SyncPolicy = DEFAULT_POLICY,
) -> str:
    """Google's consent URL for this athlete; ``state`` and verifier stay sealed server-side."""
    client = configured_client(settings)
    url, state, verifier = google_oauth.authorization_url(
        client, redirect_uri(settings), FITBIT_SCOPES
    )
    connection = queries.get_or_create_connection(session, athlete_id, "fitbit")
    payload = {"kind": OAUTH, "state": state, "verifier": verifier}
    store_pending(connection, payload, settings.encryption_key_list(), now + policy.pending_ttl)
    if connection.credentials is None:
        connection.state = ConnectionState.CONNECTING
        connection.last_error = None
    return url


def finish_fitbit_authorization(
    session: Session,
    athlete_id: int,
    settings: Settings,
    *,
    code: str | None,
    state: str,
    error: str | None,
    now: datetime,
    policy: SyncPolicy = DEFAULT_POLICY,
) -> Connection:
    """Google's redirect back: check ``state``, then connect or record why not."""
    client = configured_client(settings)
    keys = settings.encryption_key_list()
    connection = queries.get_athlete_connection(session, athlete_id, "fitbit")
    pending = open_pending(connection, keys, now) if connection is not None else None
    if connection is None or pending is None or not _same_state(pending, state):
        raise BadRequest("oauth_state_mismatch", message("oauth_state_mismatch", "fitbit"))
    forget_pending(connection)
    if error is not None or not code:
        return _not_connected(connection, "oauth_denied")
    try:
        tokens = google_oauth.exchange_code(
            client, code, str(pending["verifier"]), redirect_uri(settings), http=shared_http()
        )
    except ProviderError as err:
        log.info("fitbit.connect.exchange_failed", extra={"code": err.code})
        return _not_connected(connection, "oauth_exchange_failed")
    if tokens.missing_scopes([ACTIVITY_READ_SCOPE]):
        return _not_connected(connection, "oauth_scope_missing")
    mark_connected(session, connection, tokens.to_json(), now=now, keys=keys, policy=policy)
    return connection


def _same_state(pending: dict[str, object], state: str) -> bool:
    expected = pending.get("state")
    if pending.get("kind") != OAUTH or not isinstance(expected, str):
        return False
    return hmac.compare_digest(expected.encode(), state.encode())


def _not_connected(connection: Connection, code: str) -> Connection:
    """Keep working credentials if there are any (a re-consent that failed changes nothing)."""
    if connection.credentials is None:
        connection.state = ConnectionState.NEEDS_REAUTH
    connection.last_error = code
    return connection
