"""How much mail one person can make loadwatch send to others (OWASP API4, resource use).

Password-reset mail and invitations go to addresses someone typed in: unbounded, they are a way
to flood a mailbox in loadwatch's name (an invitation carries the inviter's display name). Each
is counted per target address and per sender (the signed-in account, or for a reset the client
address) in a window, in the login throttle's counters (Redis, or memory on the embedded
default). Over a limit, a reset request still gets the usual answer but no mail goes out; an
invitation is refused with 429.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Final

import redis

from service.config import Settings
from service.throttle import counters_for

log = logging.getLogger(__name__)

HOUR: Final = 3600
DAY: Final = 24 * HOUR
RESETS_PER_ADDRESS: Final = 3  # per hour
RESETS_PER_CLIENT: Final = 10  # per hour
INVITES_PER_ACCOUNT: Final = 20  # per day
INVITES_PER_ADDRESS: Final = 3  # per day, whoever sends them


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def _within(settings: Settings, checks: list[tuple[str, int, int]]) -> bool:
    """Count one more against each ``(key, limit, window)``; False when any is over."""
    store = counters_for(settings)
    try:
        counts = [(store.incr(key, window), limit) for key, limit, window in checks]
    except redis.RedisError:
        log.warning("mail.limits.unavailable")
        return True
    return all(count <= limit for count, limit in counts)


def reset_mail_allowed(settings: Settings, email: str, client: str) -> bool:
    ns = settings.redis_namespace
    return _within(
        settings,
        [
            (f"{ns}:mail:reset:to:{_digest(email)}", RESETS_PER_ADDRESS, HOUR),
            (f"{ns}:mail:reset:from:{client}", RESETS_PER_CLIENT, HOUR),
        ],
    )


def account_mail_allowed(settings: Settings, email: str, client: str) -> bool:
    """Sign-up and verification mail: as many as reset mail, counted on their own."""
    ns = settings.redis_namespace
    return _within(
        settings,
        [
            (f"{ns}:mail:account:to:{_digest(email)}", RESETS_PER_ADDRESS, HOUR),
            (f"{ns}:mail:account:from:{client}", RESETS_PER_CLIENT, HOUR),
        ],
    )


def invite_mail_allowed(settings: Settings, inviter_id: int, email: str) -> bool:
    ns = settings.redis_namespace
    return _within(
        settings,
        [
            (f"{ns}:mail:invite:from:{inviter_id}", INVITES_PER_ACCOUNT, DAY),
            (f"{ns}:mail:invite:to:{_digest(email)}", INVITES_PER_ADDRESS, DAY),
        ],
    )
