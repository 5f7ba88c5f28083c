"""Builders for alert tests: people, links, findings, settings, push keys, sessions."""

from __future__ import annotations

import base64
import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.orm import Session

from service.config import AlertSettings, PushSettings, Settings, SmtpSettings
from service.db import Transactions
from service.models import CoachLink, Finding, LinkStatus, Role, User

_ids = itertools.count(1)
BASE_URL = "http://loadwatch.test"


def add_user(
    session: Session,
    role: Role = Role.ATHLETE,
    *,
    name: str = "",
    locale: str = "en",
    timezone: str = "Europe/Amsterdam",
) -> User:
    """A user without a usable password (these tests never sign in); fast, no argon2."""
    n = next(_ids)
    user = User(
        email=f"{role.value}{n}-{os.getpid()}@example.com",
        password_hash="!",
        role=role.value,
        display_name=name or f"{role.value.title()} {n}",
        locale=locale,
        timezone=timezone,
    )
    session.add(user)
    session.flush()
    return user


def link(
    session: Session, athlete: User, staff: User, *, share: bool, active: bool = True
) -> CoachLink:
    row = CoachLink(
        athlete_id=athlete.id,
        staff_id=staff.id,
        invited_by_id=athlete.id,
        status=LinkStatus.ACTIVE if active else LinkStatus.PENDING,
        share_symptoms=share,
    )
    session.add(row)
    session.flush()
    return row


def add_finding(
    session: Session,
    athlete: User,
    rule: str = "volume.weekly_progression",
    severity: str = "caution",
    day: date = date(2026, 3, 9),
) -> Finding:
    finding = Finding(
        athlete_id=athlete.id,
        rule=rule,
        severity=severity,
        day=day,
        region="achilles" if rule.startswith(("pain.", "referral.")) else "",
        period_key=day,
        values={"week_change_pct": 36.0},
        message_en="Your running distance rose 36% this week. Repeat this week's load.",
        message_nl="Je loopafstand steeg deze week met 36%. Herhaal de belasting van deze week.",
        source="Jandacka et al. 2025",
    )
    session.add(finding)
    session.flush()
    return finding


def alert_settings(
    smtp_port: int | None = None,
    database_url: str | None = None,
    push: PushSettings | None = None,
    **alerts: Any,
) -> Settings:
    options: dict[str, Any] = {
        "base_url": BASE_URL,
        "push": push or PushSettings(),
        "smtp": SmtpSettings(host="127.0.0.1" if smtp_port else None, port=smtp_port or 25),
        "alerts": AlertSettings(**{"backoff_base_s": 1.0, "backoff_max_s": 4.0, **alerts}),
    }
    if database_url is not None:
        options["database_url"] = database_url
    return Settings(**options)


def session_scope_of(session: Session) -> Transactions:
    """``transactions`` for delivery that reuses the test's session: each "transaction" is a
    savepoint, so the test still rolls everything back at the end."""

    @contextmanager
    def scope() -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    return scope


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass(frozen=True)
class BrowserKeys:
    """What a browser holds for one push subscription: its key pair and auth secret."""

    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @classmethod
    def generate(cls) -> BrowserKeys:
        return cls(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return _b64(point)

    @property
    def auth_b64(self) -> str:
        return _b64(self.auth)

    def decrypt(self, body: bytes) -> bytes:
        import http_ece

        return bytes(
            http_ece.decrypt(
                body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
            )
        )


def vapid_private_key() -> str:
    """A fresh VAPID key in the form operators configure (raw 32 bytes, base64url)."""
    key = ec.generate_private_key(ec.SECP256R1())
    return _b64(key.private_numbers().private_value.to_bytes(32, "big"))
