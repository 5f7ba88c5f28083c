"""Device cookies: a browser that signed in to an account before is known to it.

After a successful sign-in the browser gets ``lw_device``: a random nonce and an HMAC of it with
the account's email, keyed by the installation's secret. The login throttle counts a known
browser's attempts apart from the account's, so an attacker's guesses (from anywhere else) slow
down the account but never lock its owner out of their own browser. The cookie proves nothing
but an earlier sign-in; the password is still checked.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Final

from fastapi import Request, Response

DEVICE_COOKIE: Final = "lw_device"
DEVICE_LIFETIME_S: Final = 365 * 24 * 3600
_PURPOSE: Final = b"loadwatch.devices.v1"


def _mac(secret: str, email: str, nonce: str) -> str:
    key = hmac.new(secret.encode(), _PURPOSE, hashlib.sha256).digest()
    message = f"{email.strip().lower()}|{nonce}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def known_device(secret: str, request: Request, email: str) -> str | None:
    """The browser's nonce when its cookie was issued for ``email`` (signed with the
    installation's ``secret``), else None."""
    nonce, _, mac = (request.cookies.get(DEVICE_COOKIE) or "").partition(".")
    if not nonce or not mac or not hmac.compare_digest(mac, _mac(secret, email, nonce)):
        return None
    return nonce


def remember_device(secret: str, secure: bool, response: Response, email: str) -> None:
    """Mark this browser as one that signed in to ``email`` (``secure``: https only)."""
    nonce = secrets.token_urlsafe(16)
    response.set_cookie(
        DEVICE_COOKIE,
        f"{nonce}.{_mac(secret, email, nonce)}",
        max_age=DEVICE_LIFETIME_S,
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/",
    )
