"""Coach–athlete links: the athlete's consent for a coach or physio to see their data."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, Timestamped


class LinkStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    REVOKED = "revoked"
    DECLINED = "declined"


class CoachLink(Timestamped, Base):
    """One athlete and one coach or physio.

    Created *pending* by whoever invites: an athlete names a coach's email (``staff_id`` is set
    when that account exists, else ``invite_email`` waits for it), or a coach makes a link invite
    (``athlete_id`` empty until an athlete accepts the link's token). It becomes *active* only when
    the other side accepts; the athlete can revoke it at any time.
    """

    __tablename__ = "coach_links"
    __table_args__ = (
        UniqueConstraint("athlete_id", "staff_id"),
        CheckConstraint("status IN ('pending', 'active', 'revoked', 'declined')", name="status"),
        CheckConstraint(
            "status = 'pending' OR (athlete_id IS NOT NULL AND staff_id IS NOT NULL)",
            name="parties_when_settled",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    invite_email: Mapped[str | None] = mapped_column(String(254), index=True)
    invite_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(10), default=LinkStatus.PENDING)
    share_symptoms: Mapped[bool] = mapped_column(default=False)
    expires_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
