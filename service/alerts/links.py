"""Signed, expiring links in emails: acknowledge a finding, snooze it, unsubscribe.

A token is ``base64url(json payload) "." base64url(HMAC-SHA256)``, keyed by the installation's
secret through a purpose-specific derivation, so a token of another feature (or a tampered one)
never verifies. The payload names the action, the person, and the finding or topic; it is not
secret (only ids), it is unforgeable. Opening a link shows a confirmation page (GET) and only the
button (POST) acts, so a mail scanner that follows links changes nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from service.clock import utcnow
from service.config import Settings

Action = Literal["acknowledge", "snooze", "unsubscribe"]
Topic = Literal["alerts", "digest", "reminders"]
ACTIONS: tuple[Action, ...] = ("acknowledge", "snooze", "unsubscribe")
TOPICS: tuple[Topic, ...] = ("alerts", "digest", "reminders")

FINDING_LINK_LIFETIME = timedelta(days=14)
UNSUBSCRIBE_LINK_LIFETIME = timedelta(days=90)
_PURPOSE = b"loadwatch.alerts.links.v1"


class InvalidLink(Exception):
    """The token is malformed, tampered with, or expired."""


@dataclass(frozen=True, slots=True)
class LinkClaim:
    action: Action
    user_id: int
    finding_id: int | None = None
    topic: Topic | None = None


def _key(settings: Settings) -> bytes:
    return hmac.new(settings.secret().encode(), _PURPOSE, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(settings: Settings, claim: LinkClaim, expires_at: datetime) -> str:
    payload = {
        "a": claim.action,
        "u": claim.user_id,
        "f": claim.finding_id,
        "t": claim.topic,
        "e": int(expires_at.timestamp()),
    }
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    mac = hmac.new(_key(settings), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def verify(settings: Settings, token: str, now: datetime | None = None) -> LinkClaim:
    body, _, mac = token.partition(".")
    try:
        expected = hmac.new(_key(settings), body.encode(), hashlib.sha256).digest()
        if not mac or not hmac.compare_digest(expected, _unb64(mac)):
            raise InvalidLink("signature does not match")
        payload = json.loads(_unb64(body))
        expires = int(payload["e"])
    except (binascii.Error, ValueError, UnicodeError, KeyError, TypeError) as exc:
        raise InvalidLink("malformed link") from exc
    if expires < int((now or utcnow()).timestamp()):
        raise InvalidLink("link expired")
    return _claim(payload)


def _claim(payload: dict[str, object]) -> LinkClaim:
    action, topic = payload.get("a"), payload.get("t")
    user_id, finding_id = payload.get("u"), payload.get("f")
    if action not in ACTIONS or not isinstance(user_id, int):
        raise InvalidLink("unknown link")
    if topic is not None and topic not in TOPICS:
        raise InvalidLink("unknown topic")
    if finding_id is not None and not isinstance(finding_id, int):
        raise InvalidLink("unknown finding")
    if (action == "unsubscribe") != (topic is not None) or (topic is None) == (finding_id is None):
        raise InvalidLink("incomplete link")
    return LinkClaim(action, user_id, finding_id, topic)


def link_url(settings: Settings, token: str) -> str:
    return f"{settings.base_url.rstrip('/')}/alerts/links/{token}"


def finding_link(settings: Settings, action: Action, user_id: int, finding_id: int) -> str:
    claim = LinkClaim(action, user_id, finding_id=finding_id)
    return link_url(settings, sign(settings, claim, utcnow() + FINDING_LINK_LIFETIME))


def unsubscribe_link(settings: Settings, user_id: int, topic: Topic) -> str:
    claim = LinkClaim("unsubscribe", user_id, topic=topic)
    return link_url(settings, sign(settings, claim, utcnow() + UNSUBSCRIBE_LINK_LIFETIME))


def finding_url(settings: Settings, athlete_id: int, finding_id: int) -> str:
    """Where the dashboard shows a finding."""
    return f"{settings.base_url.rstrip('/')}/athletes/{athlete_id}/findings/{finding_id}"
