"""Sealing a connection's secrets in its own row (``service.crypto``, AES-GCM + row binding).

Two sealed columns, each with associated data naming the row, the athlete, the provider and the
column, so a ciphertext copied to another row or column does not open:

* ``credentials`` — Garmin's token blob, or the Google ``TokenSet`` JSON;
* ``pending_secret`` — a short-lived handover to a background step (Garmin password or MFA
  state, OAuth ``state`` + PKCE verifier), JSON, void after ``pending_expires_at``.

This is how the Garmin password reaches the login task in both deployment modes (PostgreSQL and
the embedded SQLite default, which has no Redis): sealed in the row the task loads by id, never
in the task's arguments, removed as soon as the login has an outcome, and purged by the sweeper
when it expires unused.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from service import crypto
from service.models import Connection

CREDENTIALS = "credentials"
PENDING = "pending"


def associated_data(connection: Connection, column: str) -> bytes:
    row = f"connections:{connection.id}:{connection.athlete_id}:{connection.provider}"
    return f"{row}:{column}".encode()


def store_credentials(connection: Connection, secret: str, keys: list[bytes]) -> None:
    sealed = crypto.seal(secret.encode(), associated_data(connection, CREDENTIALS), keys)
    connection.credentials = sealed
    connection.credentials_key_id = crypto.sealed_fingerprint(sealed)


def open_credentials(connection: Connection, keys: list[bytes]) -> str | None:
    """The plaintext secret, or ``None`` when the connection holds none.

    Raises ``crypto.DecryptionFailed`` when the value was not sealed for this row.
    """
    if connection.credentials is None:
        return None
    return crypto.open_sealed(
        connection.credentials, associated_data(connection, CREDENTIALS), keys
    ).decode()


def forget_credentials(connection: Connection) -> None:
    connection.credentials = None
    connection.credentials_key_id = None


def store_pending(
    connection: Connection,
    payload: dict[str, Any],
    keys: list[bytes],
    expires_at: datetime,
) -> None:
    plain = json.dumps(payload, separators=(",", ":")).encode()
    connection.pending_secret = crypto.seal(plain, associated_data(connection, PENDING), keys)
    connection.pending_expires_at = expires_at


def open_pending(connection: Connection, keys: list[bytes], now: datetime) -> dict[str, Any] | None:
    """The handover, or ``None`` when there is none, it expired, or it does not open."""
    sealed, expires_at = connection.pending_secret, connection.pending_expires_at
    if sealed is None or expires_at is None or expires_at <= now:
        return None
    try:
        plain = crypto.open_sealed(sealed, associated_data(connection, PENDING), keys)
    except crypto.DecryptionFailed:
        return None
    payload = json.loads(plain)
    return payload if isinstance(payload, dict) else None


def forget_pending(connection: Connection) -> None:
    connection.pending_secret = None
    connection.pending_expires_at = None
