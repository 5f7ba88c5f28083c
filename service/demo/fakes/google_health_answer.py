"""What a route of the fake Google answers, and Google's error envelope for the Health API."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Answer:
    status: int
    body: dict[str, Any] | str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def payload(self) -> bytes:
        if self.body is None:
            return b""
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()

    def content_headers(self) -> dict[str, str]:
        if self.body is None:
            return {}
        kind = "text/plain" if isinstance(self.body, str) else "application/json"
        return {"Content-Type": f"{kind}; charset=utf-8"}


def one(values: dict[str, list[str]], *names: str) -> str | None:
    """The first value of the first name present."""
    for name in names:
        if values.get(name):
            return values[name][0]
    return None


def api_error(status: int, code: str, message: str) -> Answer:
    headers = {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'}
    return Answer(
        status,
        {"error": {"code": status, "message": message, "status": code}},
        headers if status == 401 else {},
    )
