"""Client-side pacing for the Google Health API's per-user quota.

Google's default quota is 300 requests per user per minute (developers.google.com/health/
rate-limits); above it the API answers 429. A token bucket of capacity ``C`` refilled at ``r``
tokens per second admits at most ``C + 60·r`` requests in any 60-second window, so
``for_quota(q)`` picks ``C = q/5`` and ``r = (q − C)/60``: for q = 300, a burst of 60 and then
4 requests per second, never more than 300 in a minute.

The interface is deliberately narrow — ``acquire(now) -> wait_seconds`` — so the service can put
the same contract on Redis (one bucket per connection, shared by all workers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

GOOGLE_HEALTH_REQUESTS_PER_USER_PER_MINUTE = 300
#: Rounding slack: a waiter who slept exactly the returned time must get its token.
_EPSILON = 1e-9


class RequestLimiter(Protocol):
    def acquire(self, now: float) -> float:
        """Take one request slot at ``now`` (seconds, monotonic) and return 0, or return how
        many seconds to wait before asking again (nothing is taken then)."""
        ...


@dataclass(slots=True)
class TokenBucket:
    """A pure token bucket; the caller supplies the clock (``now`` in monotonic seconds)."""

    capacity: float
    refill_per_s: float
    tokens: float = field(init=False)
    updated_at: float | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.capacity < 1 or self.refill_per_s <= 0:
            raise ValueError("a token bucket needs capacity >= 1 and a positive refill rate")
        self.tokens = self.capacity

    @classmethod
    def for_quota(
        cls, requests_per_minute: int = GOOGLE_HEALTH_REQUESTS_PER_USER_PER_MINUTE
    ) -> TokenBucket:
        """A bucket that can never exceed ``requests_per_minute`` in any 60-second window."""
        burst = max(1.0, requests_per_minute / 5)
        return cls(capacity=burst, refill_per_s=(requests_per_minute - burst) / 60)

    def acquire(self, now: float) -> float:
        self._refill(now)
        if self.tokens >= 1 - _EPSILON:
            self.tokens = max(0.0, self.tokens - 1)
            return 0.0
        return (1 - self.tokens) / self.refill_per_s

    def _refill(self, now: float) -> None:
        if self.updated_at is not None and now > self.updated_at:
            elapsed = now - self.updated_at
            self.tokens = min(self.capacity, self.tokens + elapsed * self.refill_per_s)
        if self.updated_at is None or now > self.updated_at:
            self.updated_at = now
