"""People for the security tests: a shared password, an API token each, links between them."""

from __future__ import annotations

import base64
import itertools
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.orm import Session

from service.accounts.service import issue_api_token
from service.models import AthleteProfile, CoachLink, LinkStatus, Role, User
from tests.support.passwords import CHEAP_HASHER

PASSWORD = "correct-horse-battery"
_numbers = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    """One argon2id hash of :data:`PASSWORD` (the suite's cheap parameters), shared by every
    person of every world."""
    return CHEAP_HASHER.hash(PASSWORD)


@dataclass
class Person:
    user: User
    token: str

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def add_person(session: Session, role: Role, name: str = "") -> Person:
    n = next(_numbers)
    user = User(
        email=f"{role.value}{n}-{secrets.token_hex(3)}@example.com",
        password_hash=password_hash(),
        role=role.value,
        display_name=name or f"{role.value.title()} {n}",
        locale="en",
        timezone="Europe/Amsterdam",
        email_verified_at=datetime.now(UTC),
    )
    session.add(user)
    session.flush()
    if role is Role.ATHLETE:
        session.add(AthleteProfile(user_id=user.id, flags=[], sex="female", hr_max_bpm=190))
    plain, _row = issue_api_token(session, user, "security")
    return Person(user, plain.plain)


def add_link(
    session: Session, athlete: Person, staff: Person, status: LinkStatus, share: bool = True
) -> CoachLink:
    now = datetime.now(UTC)
    link = CoachLink(
        athlete_id=athlete.id,
        staff_id=staff.id,
        invited_by_id=athlete.id,
        status=status,
        share_symptoms=share,
        accepted_at=now if status != LinkStatus.PENDING else None,
        revoked_at=now if status == LinkStatus.REVOKED else None,
    )
    session.add(link)
    session.flush()
    return link


def push_keys() -> dict[str, str]:
    """A browser's Web Push keys: a P-256 public point and a 16-byte auth secret."""
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    return {"p256dh": b64(point), "auth": b64(bytes(16))}
