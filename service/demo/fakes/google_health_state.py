"""The fake Google's accounts and grants: what its OAuth and Health API routes read and change.

``FakeGoogleHealth`` serves this state over HTTP; the routes (``google_health_routes``) take it
with the fake's lock held.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.demo.fakes.google_health_contract import Contract, contract
from service.demo.fakes.google_health_data import FakeUser, SigningKey, demo_users
from service.demo.fakes.google_health_subscribers import Verifier, post_verification

#: The scope ``projects.subscribers`` needs (the operator's, not an athlete's).
CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"


@dataclass
class Grant:
    user_id: str
    scope: str
    expires_at: float = float("inf")


@dataclass
class GoogleHealthState:
    users: list[FakeUser] = field(default_factory=demo_users)
    client_id: str = "loadwatch-test.apps.googleusercontent.com"
    client_secret: str = "fake-client-secret"  # noqa: S105 - the fake's
    rotate_refresh_tokens: bool = False
    access_token_lifetime_s: int = 3599
    login_user: str | None = None
    signing_key: SigningKey = field(default_factory=SigningKey)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: A JSON file keeping the refresh tokens across restarts (the demo); access tokens are
    #: not kept: a client refreshes after a 401.
    token_store: Path | None = None
    #: How the fake reaches a subscriber endpoint to verify it (tests may answer in-process).
    verify_endpoint: Verifier = post_verification
    contract: Contract = field(default_factory=contract)

    def __post_init__(self) -> None:
        self.subscribers: dict[str, dict[str, Any]] = {}
        self.codes: dict[str, dict[str, str]] = {}
        self.access_tokens: dict[str, Grant] = {}
        self.refresh_tokens: dict[str, Grant] = {}
        if self.token_store is not None and self.token_store.exists():
            kept = json.loads(self.token_store.read_text(encoding="utf-8"))
            self.refresh_tokens = {token: Grant(**grant) for token, grant in kept.items()}

    def user(self, health_user_id: str) -> FakeUser:
        return next(u for u in self.users if u.health_user_id == health_user_id)

    def keep_tokens(self) -> None:
        """Write the refresh tokens to ``token_store`` (call with the lock held); atomic."""
        if self.token_store is None:
            return
        kept = {
            token: {"user_id": g.user_id, "scope": g.scope}
            for token, g in self.refresh_tokens.items()
        }
        partial = self.token_store.with_name(f".{self.token_store.name}.{os.getpid()}")
        partial.write_text(json.dumps(kept), encoding="utf-8")
        partial.replace(self.token_store)

    # called with the lock held
    def new_access_token(self, user_id: str, scope: str) -> str:
        token = "ya29.fake-" + secrets.token_urlsafe(24)
        expires_at = time.monotonic() + self.access_token_lifetime_s
        self.access_tokens[token] = Grant(user_id, scope, expires_at)
        return token

    def new_refresh_token(self, user_id: str, scope: str) -> str:
        token = "1//fake-" + secrets.token_urlsafe(32)
        self.refresh_tokens[token] = Grant(user_id, scope)
        return token

    def keyset_json(self) -> str:
        return self.signing_key.keyset_json()
