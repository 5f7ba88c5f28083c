"""Login throttling: failed sign-ins counted per account and per address in a fixed window.

Counts live in Redis when it is configured (shared by every API process), else in this
process's memory (the embedded default runs one). The same limits apply to known and unknown
emails, so the answer never tells whether an account exists.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from functools import lru_cache
from types import TracebackType
from typing import Protocol

import redis
from fastapi import Request

from service.config import Settings
from service.errors import TooManyRequests, Unauthorized

log = logging.getLogger(__name__)

WINDOW_S = 15 * 60
MAX_FAILURES_PER_ACCOUNT = 10
MAX_FAILURES_PER_ADDRESS = 50


class CounterStore(Protocol):
    def count(self, key: str) -> int: ...
    def add(self, key: str, window_s: int) -> None: ...
    def clear(self, key: str) -> None: ...


class MemoryCounters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def count(self, key: str) -> int:
        with self._lock:
            value, until = self._counts.get(key, (0, 0.0))
            return value if until > time.monotonic() else 0

    def add(self, key: str, window_s: int) -> None:
        with self._lock:
            value, until = self._counts.get(key, (0, 0.0))
            now = time.monotonic()
            self._counts[key] = (value + 1, until) if until > now else (1, now + window_s)

    def clear(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)


class RedisCounters:
    def __init__(self, client: redis.Redis) -> None:
        self._client = client

    def count(self, key: str) -> int:
        value = self._client.get(key)
        return int(value) if value is not None else 0

    def add(self, key: str, window_s: int) -> None:
        pipe = self._client.pipeline()
        pipe.incr(key)
        pipe.expire(key, window_s, nx=True)
        pipe.execute()

    def clear(self, key: str) -> None:
        self._client.delete(key)


@lru_cache(maxsize=1)
def _memory() -> MemoryCounters:
    return MemoryCounters()


@lru_cache(maxsize=4)
def _redis_counters(url: str) -> RedisCounters:
    return RedisCounters(
        redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2, decode_responses=True)
    )


def counters_for(settings: Settings) -> CounterStore:
    return _redis_counters(settings.redis_url) if settings.redis_url else _memory()


def account_key(namespace: str, account: str) -> str:
    """The counter of one account's failed sign-ins (keyed by a digest, not the email)."""
    digest = hashlib.sha256(account.lower().encode()).hexdigest()[:32]
    return f"{namespace}:login:acct:{digest}"


class LoginThrottle:
    def __init__(self, store: CounterStore, account: str, address: str, namespace: str) -> None:
        self._store = store
        self._keys = (account_key(namespace, account), f"{namespace}:login:addr:{address}")

    @classmethod
    def for_request(cls, settings: Settings, request: Request, account: str) -> LoginThrottle:
        address = request.client.host if request.client else "unknown"
        return cls(counters_for(settings), account, address, settings.redis_namespace)

    def __enter__(self) -> LoginThrottle:
        account_key, address_key = self._keys
        try:
            blocked = (
                self._store.count(account_key) >= MAX_FAILURES_PER_ACCOUNT
                or self._store.count(address_key) >= MAX_FAILURES_PER_ADDRESS
            )
        except redis.RedisError:
            log.warning("login.throttle.unavailable")
            return self
        if blocked:
            raise TooManyRequests("too_many_attempts", "too many failed sign-ins; try again later")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if isinstance(exc, Unauthorized):
                for key in self._keys:
                    self._store.add(key, WINDOW_S)
            elif exc is None:
                self._store.clear(self._keys[0])
        except redis.RedisError:
            log.warning("login.throttle.unavailable")
