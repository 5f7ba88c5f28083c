"""The Google Health API's per-user quota (300 requests a minute), shared by every worker.

With Redis configured, one token bucket per connection lives in Redis and a Lua script takes a
token atomically, on Redis's clock, so all workers and hosts draw from the same bucket. On the
embedded default (no Redis, one worker process) an in-process ``TokenBucket`` per connection does
the same job. Both follow ``google_rate_limit.RequestLimiter``: ``acquire(now) -> seconds to
wait`` (the Redis bucket ignores ``now`` and uses the server's time).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import lru_cache

import redis

from service.config import Settings
from service.integrations.google_rate_limit import RequestLimiter, TokenBucket

_TAKE = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * rate)
  at = now
end
local wait = 0
if tokens >= 1 - 1e-9 then
  tokens = math.max(0, tokens - 1)
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 60)
return tostring(wait)
"""


class RedisTokenBucket:
    """A token bucket in a Redis hash; capacity and rate as ``TokenBucket.for_quota`` picks."""

    def __init__(self, client: redis.Redis, key: str, capacity: float, refill_per_s: float) -> None:
        self._client = client
        self._key = key
        self._capacity = capacity
        self._refill_per_s = refill_per_s
        self._take = client.register_script(_TAKE)

    @classmethod
    def for_quota(cls, client: redis.Redis, key: str, requests_per_minute: int) -> RedisTokenBucket:
        shape = TokenBucket.for_quota(requests_per_minute)
        return cls(client, key, shape.capacity, shape.refill_per_s)

    def acquire(self, now: float) -> float:
        del now  # Redis's clock is the one all workers share
        wait = self._take(keys=[self._key], args=[self._capacity, self._refill_per_s])
        return float(wait.decode() if isinstance(wait, bytes) else wait)


_local_buckets: dict[str, TokenBucket] = {}
_local_lock = threading.Lock()


class _LockedBucket:
    """A process-local bucket behind a lock (the embedded worker runs threads)."""

    def __init__(self, bucket: TokenBucket) -> None:
        self._bucket = bucket

    def acquire(self, now: float) -> float:
        with _local_lock:
            return self._bucket.acquire(now)


def limiter_key(name: str, settings: Settings) -> str:
    return f"{settings.redis_namespace}:limiter:{name}"


def limiter_for(name: str, settings: Settings, requests_per_minute: int) -> RequestLimiter:
    """The shared limiter called ``name`` (e.g. ``fitbit:42``)."""
    if settings.redis_url:
        key = limiter_key(name, settings)
        return RedisTokenBucket.for_quota(_redis(settings.redis_url), key, requests_per_minute)
    with _local_lock:
        bucket = _local_buckets.setdefault(name, TokenBucket.for_quota(requests_per_minute))
    return _LockedBucket(bucket)


def forget_limiter(name: str, settings: Settings) -> None:
    """Drop the limiter called ``name`` (a connection that is erased)."""
    if settings.redis_url:
        _redis(settings.redis_url).delete(limiter_key(name, settings))
        return
    with _local_lock:
        _local_buckets.pop(name, None)


@lru_cache(maxsize=4)
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)


def spacing_limiter(name: str, settings: Settings, spacing_s: float) -> RequestLimiter:
    """The shared limiter called ``name`` that lets one request through every ``spacing_s``
    seconds (no burst): Garmin credential logins of the whole server, one at a time."""
    if settings.redis_url:
        client = _redis(settings.redis_url)
        return RedisTokenBucket(client, limiter_key(name, settings), 1.0, 1.0 / spacing_s)
    with _local_lock:
        bucket = _local_buckets.setdefault(name, TokenBucket(1.0, 1.0 / spacing_s))
    return _LockedBucket(bucket)


def wait_for_slot(
    limiter: RequestLimiter,
    *,
    max_wait_s: float,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> bool:
    """Take a slot of ``limiter``, sleeping as it says; ``False`` (nothing taken) when that
    would mean waiting longer than ``max_wait_s`` in all."""
    waited = 0.0
    while True:
        wait = limiter.acquire(clock())
        if wait <= 0:
            return True
        if waited + wait > max_wait_s:
            return False
        sleep(wait)
        waited += wait
