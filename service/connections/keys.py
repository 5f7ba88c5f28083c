"""``loadwatch rotate-keys``: re-seal every stored secret under the primary encryption key.

Rotation: put the new key first in ``LOADWATCH_ENCRYPTION_KEYS`` (old keys after it), run this,
then drop the old keys. Values already under the primary key are left alone, so running it twice
changes nothing the second time. A value no configured key opens is counted, never destroyed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from service import crypto
from service.connections import queries
from service.connections.credentials import CREDENTIALS, PENDING, associated_data

#: Sealed columns of ``connections`` and the associated-data label each is bound to.
SEALED_COLUMNS = {"credentials": CREDENTIALS, "pending_secret": PENDING}


@dataclass(frozen=True, slots=True)
class RotationCounts:
    resealed: int
    already_current: int
    unreadable: int


def rotate_keys(session: Session, keys: list[bytes]) -> RotationCounts:
    """Re-seal under ``keys[0]`` every value another configured key opens (caller commits)."""
    resealed = current = unreadable = 0
    for connection in queries.list_sealed_connections(session):
        for attribute, label in SEALED_COLUMNS.items():
            sealed: bytes | None = getattr(connection, attribute)
            if sealed is None:
                continue
            try:
                fresh = crypto.reseal(sealed, associated_data(connection, label), keys)
            except crypto.DecryptionFailed:
                unreadable += 1
                continue
            if fresh is None:
                current += 1
                continue
            setattr(connection, attribute, fresh)
            if attribute == "credentials":
                connection.credentials_key_id = crypto.sealed_fingerprint(fresh)
            resealed += 1
    session.flush()
    return RotationCounts(resealed, current, unreadable)
