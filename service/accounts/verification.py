"""Email verification: a signed, expiring link proves that an address belongs to the account.

The token is ``base64url(payload) "." base64url(HMAC-SHA256)`` keyed by the installation's secret
for this purpose only; the payload names the account and the address it was sent to, so a token
for an address the account no longer has verifies nothing. Until an account is verified it links
with nobody (it can neither send, accept nor be bound to an invitation) and no alert with health
data goes to its address. Verifying (``athletes.service.verify_email``) also attaches the
invitations that waited for the address.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from service.accounts import queries
from service.clock import utcnow
from service.config import Settings
from service.errors import Forbidden, Unprocessable
from service.models import User

VERIFY_LIFETIME = timedelta(days=2)
_PURPOSE = b"loadwatch.accounts.verify.v1"


def _key(settings: Settings) -> bytes:
    return hmac.new(settings.secret().encode(), _PURPOSE, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_token(settings: Settings, user: User, now: datetime | None = None) -> str:
    expires = int(((now or utcnow()) + VERIFY_LIFETIME).timestamp())
    payload = {"u": user.id, "e": user.email.lower(), "x": expires}
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    mac = hmac.new(_key(settings), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def _invalid() -> Unprocessable:
    return Unprocessable(
        "verification_link_invalid", "this verification link is unknown or expired"
    )


def verify_email(session: Session, settings: Settings, token: str) -> User:
    """The account the token verifies, now marked verified (a second use changes nothing)."""
    body, _, mac = token.partition(".")
    try:
        expected = hmac.new(_key(settings), body.encode(), hashlib.sha256).digest()
        if not mac or not hmac.compare_digest(expected, _unb64(mac)):
            raise _invalid()
        payload = json.loads(_unb64(body))
        user_id, email, expires = int(payload["u"]), str(payload["e"]), int(payload["x"])
    except (binascii.Error, ValueError, UnicodeError, KeyError, TypeError) as exc:
        raise _invalid() from exc
    user = queries.get_user(session, user_id)
    if expires < int(utcnow().timestamp()) or user is None or user.email.lower() != email:
        raise _invalid()
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def require_verified(user: User) -> None:
    if user.email_verified_at is None:
        raise Forbidden(
            "email_unverified", "confirm your email address first (the link in our email)"
        )


def verify_link(settings: Settings, token: str) -> str:
    return f"{settings.base_url.rstrip('/')}/verify-email?token={token}"
