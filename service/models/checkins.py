"""Symptom check-ins: one row per athlete, local day, kind and body region."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, Timestamped


class Checkin(Timestamped, Base):
    """``region`` is ``""`` for answers that belong to no region (red flags, feeling ill).

    ``onset`` (``sudden`` or ``gradual``) says how a region's problem started; ``feeling_ill`` is
    the answer of an ``illness`` check-in (DOMAIN §1.6.5).

    Ranges are enforced here as well as in the pure validation, so a bad row cannot exist.
    """

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("athlete_id", "day", "kind", "region"),
        CheckConstraint(
            "kind IN ('daily', 'post_run', 'weekly', 'red_flag', 'illness')", name="kind"
        ),
        CheckConstraint("onset IN ('sudden', 'gradual')", name="onset"),
        CheckConstraint("morning_pain BETWEEN 0 AND 10", name="morning_pain"),
        CheckConstraint("morning_stiffness_min >= 0", name="morning_stiffness_min"),
        CheckConstraint("pain_during BETWEEN 0 AND 10", name="pain_during"),
        CheckConstraint("pain_after BETWEEN 0 AND 10", name="pain_after"),
        CheckConstraint("pain_week BETWEEN 0 AND 10", name="pain_week"),
        CheckConstraint("visa_a BETWEEN 0 AND 100", name="visa_a"),
        CheckConstraint("ostrc_severity BETWEEN 0 AND 100", name="ostrc_severity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date]
    kind: Mapped[str] = mapped_column(String(10))
    region: Mapped[str] = mapped_column(String(16), default="")
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL")
    )
    morning_pain: Mapped[float | None]
    morning_stiffness_min: Mapped[float | None]
    pain_during: Mapped[float | None]
    pain_after: Mapped[float | None]
    pain_week: Mapped[float | None]
    ostrc: Mapped[list[Any] | None]  # the four answers as given; null where skipped
    ostrc_severity: Mapped[int | None]
    visa_a: Mapped[int | None]
    visa_a_items: Mapped[dict[str, Any] | None]
    red_flags: Mapped[list[str]] = mapped_column(default=list)
    onset: Mapped[str | None] = mapped_column(String(8))
    feeling_ill: Mapped[bool | None]
