"""Login throttling: sign-ins counted per account (or known browser) and per address.

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
ACCOUNT_WINDOW_S = 60 * 60
#: Attempts on one account (or from one known browser) before each further one waits.
FREE_ATTEMPTS = 5
FIRST_DELAY_S = 15
MAX_DELAY_S = 15 * 60
MAX_FAILURES_PER_ADDRESS = 50


class CounterStore(Protocol):
    def incr(self, key: str, window_s: int) -> int: ...
    def decr(self, key: str) -> None: ...
    def claim(self, key: str, seconds: int) -> bool: ...
    def clear(self, key: str) -> None: ...


class MemoryCounters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def incr(self, key: str, window_s: int) -> int:
        with self._lock:
            value, until = self._counts.get(key, (0, 0.0))
            now = time.monotonic()
            value, until = (value + 1, until) if until > now else (1, now + window_s)
            self._counts[key] = (value, until)
            return value

    def decr(self, key: str) -> None:
        with self._lock:
            value, until = self._counts.get(key, (0, 0.0))
            if value > 0:
                self._counts[key] = (value - 1, until)

    def claim(self, key: str, seconds: int) -> bool:
        with self._lock:
            _value, until = self._counts.get(key, (0, 0.0))
            now = time.monotonic()
            if until > now:
                return False
            self._counts[key] = (1, now + seconds)
            return True

    def clear(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)


class RedisCounters:
    def __init__(self, client: redis.Redis) -> None:
        self._client = client

    def incr(self, key: str, window_s: int) -> int:
        pipe = self._client.pipeline()
        pipe.incr(key)
        pipe.expire(key, window_s, nx=True)
        value, _ = pipe.execute()
        return int(value)

    def decr(self, key: str) -> None:
        self._client.decr(key)

    def claim(self, key: str, seconds: int) -> bool:
        return bool(self._client.set(key, "1", nx=True, ex=seconds))

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
    """The counter of one account's sign-ins (keyed by a digest, not the email)."""
    digest = hashlib.sha256(account.lower().encode()).hexdigest()[:32]
    return f"{namespace}:login:acct:{digest}"


def delay_s(attempt: int) -> int:
    """Seconds that attempt number ``attempt`` of an account holds the next one back: none for
    the first :data:`FREE_ATTEMPTS`, then 15, 30, 60, ... up to :data:`MAX_DELAY_S`."""
    if attempt <= FREE_ATTEMPTS:
        return 0
    return int(min(FIRST_DELAY_S * 2 ** (attempt - FREE_ATTEMPTS - 1), MAX_DELAY_S))


class LoginThrottle:
    """Counts an attempt *before* the password is checked (atomically), so parallel guesses
    cannot all pass a check that none of them has counted yet. Past the free attempts each
    further one needs its own slot after a growing delay, and only one attempt gets a slot.
    A success clears the account's count; a browser that signed in to the account before (its
    device cookie, see :mod:`service.devices`) has a count of its own, so an attack on the
    account does not lock its owner out."""

    def __init__(self, store: CounterStore, account: str, address: str, namespace: str) -> None:
        self._store = store
        self._account = account
        self._address = f"{namespace}:login:addr:{address}"

    @classmethod
    def for_request(cls, settings: Settings, request: Request, account: str) -> LoginThrottle:
        from service.devices import known_device

        address = request.client.host if request.client else "unknown"
        namespace = settings.redis_namespace
        device = known_device(settings.secret(), request, account)
        key = f"{namespace}:login:dev:{device}" if device else account_key(namespace, account)
        return cls(counters_for(settings), key, address, namespace)

    def __enter__(self) -> LoginThrottle:
        try:
            self._reserve()
        except redis.RedisError:
            log.warning("login.throttle.unavailable")
        return self

    def _reserve(self) -> None:
        if self._store.incr(self._address, WINDOW_S) > MAX_FAILURES_PER_ADDRESS:
            self._store.decr(self._address)
            raise TooManyRequests("too_many_attempts", "too many failed sign-ins; try again later")
        attempt = self._store.incr(self._account, ACCOUNT_WINDOW_S)
        wait = delay_s(attempt)
        if wait and not self._store.claim(f"{self._account}:slot", wait):
            self._store.decr(self._account)
            self._store.decr(self._address)
            raise TooManyRequests("too_many_attempts", "too many failed sign-ins; try again later")

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc is None:
                self._store.clear(self._account)
                self._store.decr(self._address)
            elif not isinstance(exc, Unauthorized):  # not a guess that failed: not counted
                self._store.decr(self._account)
                self._store.decr(self._address)
        except redis.RedisError:
            log.warning("login.throttle.unavailable")
