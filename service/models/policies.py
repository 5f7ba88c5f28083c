"""Per-athlete advice policy: the overrides in force and the log of every change to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.models.base import Base, Timestamped


class AthletePolicy(Timestamped, Base):
    """One athlete's overrides, rule id → parameter → value (DOMAIN §1.5); no row = defaults."""

    __tablename__ = "athlete_policies"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    overrides: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PolicyChange(Base):
    """Who changed which parameters of an athlete's policy, and when. Rows are only ever added.

    ``changes`` lists ``{"rule", "name", "old", "new"}`` for every parameter whose value changed;
    ``changed_by_role`` keeps the role at the time, should the account later go.
    """

    __tablename__ = "policy_changes"
    __table_args__ = (Index("ix_policy_changes_athlete_at", "athlete_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_by_role: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changes: Mapped[list[Any]] = mapped_column(default=list)
