"""Short notes by an athlete, their coach or their physio, on a warning or on a day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.models.base import Base

NOTE_MAX_LENGTH = 500


class Note(Base):
    """About exactly one of a finding (``finding_id``) or a local day (``day``) of the athlete.

    The author's notes go with the author's account, the athlete's with the athlete's; a note on
    a warning goes with the warning."""

    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint("(finding_id IS NULL) <> (day IS NULL)", name="finding_or_day"),
        CheckConstraint(f"length(body) BETWEEN 1 AND {NOTE_MAX_LENGTH}", name="body_length"),
        Index("ix_notes_athlete_id_day", "athlete_id", "day"),
        Index("ix_notes_finding_id", "finding_id"),
        Index("ix_notes_author_id", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"))
    day: Mapped[date | None]
    body: Mapped[str] = mapped_column(String(NOTE_MAX_LENGTH))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
