"""What a physio or the athlete recorded about an injury episode (DOMAIN §1.6.2).

An episode itself is derived from the check-ins every time (it opens on the first pain report of a
region and closes when the pain settles); a row here is the human decision about the episode of
``region`` open on ``opened``: its ``kind``, the day it was ``closed`` by hand, a suspected rupture
cleared (``not_a_rupture``) or the day the athlete was ``cleared_to_run``. ``recorded_by_id`` is
who made the latest change; every change is also in the audit trail.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, Timestamped


class EpisodeRecord(Timestamped, Base):
    __tablename__ = "episode_records"
    __table_args__ = (
        UniqueConstraint("athlete_id", "region", "opened"),
        CheckConstraint("closed IS NULL OR closed >= opened", name="closed_after_opened"),
        CheckConstraint(
            "cleared_to_run IS NULL OR cleared_to_run >= opened", name="cleared_after_opened"
        ),
        CheckConstraint(
            "kind IS NULL OR kind IN ('tendinopathy', 'rupture', 'plantar_heel_pain', 'sprain',"
            " 'muscle_strain', 'other')",
            name="kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    region: Mapped[str] = mapped_column(String(16))
    opened: Mapped[date]
    closed: Mapped[date | None]
    kind: Mapped[str | None] = mapped_column(String(20))
    cleared_to_run: Mapped[date | None]
    not_a_rupture: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
