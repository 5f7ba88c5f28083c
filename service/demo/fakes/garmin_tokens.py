"""The fake's DI OAuth2 token authority (diauth.garmin.com): JWT-shaped tokens, rotating refresh.

No real recording of the DI token endpoint exists (SOURCES.md); the shape follows what
garminconnect 0.3.20 reads: ``access_token`` (a JWT whose payload carries ``exp`` and
``client_id``; the header must not say ``alg: none``) and ``refresh_token``.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt_shaped(payload: dict[str, object]) -> str:
    """Three base64url parts; the signature is random bytes (clients cannot check it anyway)."""
    header = {"alg": "RS256", "typ": "JWT", "kid": "fake-garmin"}
    parts = [json.dumps(header).encode(), json.dumps(payload).encode(), secrets.token_bytes(32)]
    return ".".join(_b64url(part) for part in parts)


def jwt_payload(token: str) -> dict[str, object]:
    """The decoded payload of a token made by ``jwt_shaped`` (for assertions)."""
    part = token.split(".")[1]
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


@dataclass
class _Grant:
    email: str
    client_id: str
    expires_at: float


class TokenAuthority:
    """Issues access/refresh pairs per account; every refresh burns the refresh token it used.

    With ``store`` (a JSON file) the live tokens outlive the process: the demo's fake, started
    again on the same data folder, still honours the tokens its database holds.
    """

    def __init__(self, clock: Callable[[], float] = time.time, store: Path | None = None) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._access: dict[str, _Grant] = {}
        self._refresh: dict[str, _Grant] = {}
        self._store = store
        self.refreshes = 0
        if store is not None and store.exists():
            kept = json.loads(store.read_text(encoding="utf-8"))
            self._access = {token: _Grant(**grant) for token, grant in kept["access"].items()}
            self._refresh = {token: _Grant(**grant) for token, grant in kept["refresh"].items()}

    def _keep(self) -> None:
        """Write the live tokens to ``store`` (call with the lock held); atomic."""
        if self._store is None:
            return
        tables = {"access": self._access, "refresh": self._refresh}
        kept = {name: {t: asdict(g) for t, g in table.items()} for name, table in tables.items()}
        partial = self._store.with_name(f".{self._store.name}.{os.getpid()}")
        partial.write_text(json.dumps(kept), encoding="utf-8")
        partial.replace(self._store)

    def issue(self, email: str, client_id: str, access_ttl_s: float) -> dict[str, object]:
        """A token response as the DI endpoint answers a service-ticket exchange."""
        now = self._clock()
        access = jwt_shaped(
            {
                "client_id": client_id,
                "exp": int(now + access_ttl_s),
                "iat": int(now),
                "jti": secrets.token_hex(8),
                "scope": ["CONNECT_READ", "CONNECT_WRITE"],
            }
        )
        refresh = secrets.token_urlsafe(32)
        with self._lock:
            self._access[access] = _Grant(email, client_id, now + access_ttl_s)
            self._refresh[refresh] = _Grant(email, client_id, now + 90 * 86400)
            self._keep()
        return {
            "access_token": access,
            "refresh_token": refresh,
            "token_type": "Bearer",
            "expires_in": int(access_ttl_s),
            "refresh_token_expires_in": 90 * 86400,
        }

    def refresh(
        self, refresh_token: str, client_id: str, ttl_for: Callable[[str], float]
    ) -> dict[str, object] | None:
        """A new pair for a live refresh token of ``client_id``; ``None`` if unknown or used."""
        with self._lock:
            grant = self._refresh.pop(refresh_token, None)
            self._keep()
        if grant is None or grant.client_id != client_id or grant.expires_at < self._clock():
            return None
        self.refreshes += 1
        return self.issue(grant.email, grant.client_id, ttl_for(grant.email))

    def account_for(self, access_token: str) -> str | None:
        """The email behind a live access token, ``None`` if unknown, revoked or expired."""
        with self._lock:
            grant = self._access.get(access_token)
        if grant is None or grant.expires_at <= self._clock():
            return None
        return grant.email

    def is_live_refresh_token(self, refresh_token: str) -> bool:
        with self._lock:
            return refresh_token in self._refresh

    def revoke(self, email: str) -> None:
        """Forget every token of the account, as when the person removes the app at Garmin."""
        with self._lock:
            for table in (self._access, self._refresh):
                for token in [t for t, grant in table.items() if grant.email == email]:
                    del table[token]
            self._keep()

    def expire_access_tokens(self, email: str) -> None:
        """Make the account's access tokens dead now (refresh tokens stay valid)."""
        with self._lock:
            for grant in self._access.values():
                if grant.email == email:
                    grant.expires_at = 0.0
            self._keep()
