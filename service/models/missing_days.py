"""Days an athlete marked as "no data": missing (NaN) in the daily series, never a rest day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.models.base import Base


class MissingDay(Base):
    """A local day without device data: the watch was not worn, or the athlete confirmed a gap."""

    __tablename__ = "missing_days"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
