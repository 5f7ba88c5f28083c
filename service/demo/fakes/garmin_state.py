"""Request, answer and remembered state of the fake Garmin Connect (shared by its route modules)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from service.demo.fakes.garmin_accounts import FakeAccount
from service.demo.fakes.garmin_shapes import RECORDED, Shapes
from service.demo.fakes.garmin_tokens import TokenAuthority


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def cookie(self, name: str) -> str | None:
        jar: SimpleCookie = SimpleCookie()
        jar.load(self.header("cookie") or "")
        return jar[name].value if name in jar else None

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Answer:
        return cls(status, json.dumps(payload).encode(), "application/json", headers or {})


@dataclass
class State:
    """Everything the fake remembers between requests; guarded by ``lock``."""

    accounts: dict[str, FakeAccount] = field(default_factory=dict)
    tokens: TokenAuthority = field(default_factory=TokenAuthority)
    tickets: dict[str, str] = field(default_factory=dict)
    mfa_pending: dict[str, str] = field(default_factory=dict)
    login_block_status: int | None = None
    refuse_di_exchange: bool = False
    jwt_web: dict[str, str] = field(default_factory=dict)
    shapes: Shapes = RECORDED
    lock: threading.RLock = field(default_factory=threading.RLock)

    def account(self, email: str) -> FakeAccount | None:
        return self.accounts.get(email.strip().lower())
