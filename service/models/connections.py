"""Data-source connections (Garmin, Fitbit via Google Health) and their sync state."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, Timestamped


class ConnectionState(StrEnum):
    CONNECTING = "connecting"
    MFA_REQUIRED = "mfa_required"
    OK = "ok"
    SYNCING = "syncing"
    RATE_LIMITED = "rate_limited"
    NEEDS_REAUTH = "needs_reauth"
    ERROR = "error"
    DISCONNECTED = "disconnected"


class Connection(Timestamped, Base):
    """Credentials are AES-GCM ciphertext bound to this row; never a password.

    ``pending_secret`` carries what a background step needs once and briefly (the Garmin password
    on its way to the login task, Garmin's MFA client state, the OAuth ``state`` and PKCE
    verifier), sealed like the credentials and void after ``pending_expires_at``.

    A sync holds the connection through a lease: ``lease_token`` is unique per run and fences its
    writes; ``lease_owner`` is the task id, so a redelivery of the same message (its worker died)
    may take over; ``lease_expires_at`` frees it when nobody comes back. ``queued_at`` is when a
    sync message was last sent, so sweeps do not send it again while it waits in the queue.
    """

    __tablename__ = "connections"
    __table_args__ = (
        UniqueConstraint("athlete_id", "provider"),
        CheckConstraint("provider IN ('garmin', 'fitbit')", name="provider"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default=ConnectionState.CONNECTING)
    credentials: Mapped[bytes | None] = mapped_column(LargeBinary)
    credentials_key_id: Mapped[int | None] = mapped_column(BigInteger)  # a 32-bit fingerprint
    external_user_id: Mapped[str | None] = mapped_column(String(128), index=True)
    cursor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    last_success_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    pending_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    pending_expires_at: Mapped[datetime | None]
    lease_token: Mapped[str | None] = mapped_column(String(32))
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]
    queued_at: Mapped[datetime | None]
