"""Accounts: users, the athlete's profile, browser sessions, API tokens and password resets."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.models.base import Base, Timestamped


class Role(StrEnum):
    ATHLETE = "athlete"
    COACH = "coach"
    PHYSIO = "physio"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.COACH, Role.PHYSIO})
LOCALES = ("en", "nl")


class User(Timestamped, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('athlete', 'coach', 'physio', 'admin')", name="role"),
        CheckConstraint("locale IN ('en', 'nl')", name="locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(120), default="")
    #: The language of the person's emails, and of their pages once they chose it.
    locale: Mapped[str] = mapped_column(String(2), default="en")
    #: Whether the person chose ``locale`` (the language switch, the API, ``--locale``). Until
    #: then their pages follow the browser's language, and ``locale`` is the one the browser
    #: asked for at sign-up (or the seeded or default one).
    locale_chosen: Mapped[bool] = mapped_column(default=False, server_default=false())
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Amsterdam")
    is_active: Mapped[bool] = mapped_column(default=True)
    #: When the person proved the address is theirs (the link in the verification email);
    #: until then the account links with nobody and gets no health data by email.
    email_verified_at: Mapped[datetime | None]

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class AthleteProfile(Timestamped, Base):
    """What the load and symptom rules need to know about an athlete."""

    __tablename__ = "athlete_profiles"
    __table_args__ = (CheckConstraint("sex IN ('male', 'female')", name="sex"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    sex: Mapped[str | None] = mapped_column(String(8))
    hr_max_bpm: Mapped[int | None]
    hr_rest_bpm: Mapped[int | None]
    heart_rates_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    """Who last entered the sex and heart rates: the athlete or a linked coach or physio."""
    heart_rates_at: Mapped[datetime | None]
    flags: Mapped[list[str]] = mapped_column(default=list)
    series_start: Mapped[date | None]


class WebSession(Base):
    """A signed-in browser. Only the SHA-256 of the cookie value is stored."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A personal token for the JSON API; shown once, stored as its SHA-256."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class PasswordReset(Base):
    """A single-use, expiring reset link; only its SHA-256 is stored."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
