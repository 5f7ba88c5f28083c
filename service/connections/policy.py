"""How often, how far back and how patiently connections are synced; the retry delay.

Retry delay after the n-th failed attempt in a row (n ≥ 1), in seconds::

    backoff(n) = min(cap, base · 2^(n−1))
    delay      = max(retry_after, uniform(backoff(n) / 2, backoff(n)))

"Equal jitter": spread enough that rate-limited connections do not return as a herd, never less
than half the backoff, and never earlier than the provider's ``Retry-After``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import timedelta

from service.config import Settings
from service.queue import TASK_TIME_LIMIT_S


@dataclass(frozen=True, slots=True)
class SyncPolicy:
    backfill_days: int = 90
    overlap_days: int = 3
    chunk_days: int = 30
    max_resync_days: int = 365
    interval: timedelta = timedelta(hours=1)
    #: A lease not renewed for this long is free (its worker died). A sync run renews it every
    #: ``LOADWATCH_RECOVERY__HEARTBEAT_S`` and takes ``LOADWATCH_RECOVERY__LEASE_S``
    #: (:func:`sync_policy`); a Garmin login, which does not renew, outlives the task time limit.
    lease: timedelta = timedelta(seconds=TASK_TIME_LIMIT_S + 60)
    #: A sync message not picked up by then is sent again (the broker may have lost it).
    requeue_after: timedelta = timedelta(minutes=5)
    #: The sealed password, MFA state or OAuth verifier is void after this.
    pending_ttl: timedelta = timedelta(minutes=15)
    backoff_base_s: float = 60.0
    backoff_cap_s: float = 6 * 3600.0
    #: A 429 without ``Retry-After`` from one of these providers pauses all their connections
    #: this long: Garmin limits per IP, and every connection syncs from the same one.
    provider_pause: timedelta = timedelta(minutes=15)
    paused_providers: frozenset[str] = frozenset({"garmin"})
    #: Deliveries of one message that may die with their worker before it is given up.
    max_deliveries: int = 3
    receipts_kept: timedelta = timedelta(days=1)

    def __post_init__(self) -> None:
        if self.chunk_days < 1 or self.backfill_days < 1 or self.overlap_days < 0:
            raise ValueError("chunk and backfill need at least one day; overlap cannot be negative")
        if self.backoff_base_s <= 0 or self.backoff_cap_s < self.backoff_base_s:
            raise ValueError("backoff needs 0 < base <= cap")


DEFAULT_POLICY = SyncPolicy()


def sync_policy(settings: Settings) -> SyncPolicy:
    """The policy of sync runs and the sweep: the lease and the resend wait from
    ``LOADWATCH_RECOVERY__LEASE_S`` and ``..._SYNC_RESEND_AFTER_S``."""
    recovery = settings.recovery
    return replace(
        DEFAULT_POLICY,
        lease=timedelta(seconds=recovery.lease_s),
        requeue_after=timedelta(seconds=recovery.sync_resend_after_s),
    )


def backoff_s(attempt: int, policy: SyncPolicy) -> float:
    """``min(cap, base · 2^(attempt−1))`` for the ``attempt``-th failure in a row (1-based)."""
    exponent = min(max(attempt, 1) - 1, 62)
    return min(policy.backoff_cap_s, policy.backoff_base_s * 2.0**exponent)


def retry_delay_s(
    attempt: int,
    retry_after_s: float | None,
    policy: SyncPolicy,
    rng: random.Random | None = None,
) -> float:
    """Seconds until the next attempt: jittered backoff, never below ``retry_after_s``."""
    ceiling = backoff_s(attempt, policy)
    jittered = (rng or random.SystemRandom()).uniform(ceiling / 2, ceiling)
    return max(retry_after_s or 0.0, jittered)
