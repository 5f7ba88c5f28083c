"""Request body limits, enforced before a route reads the body (OWASP API4, resource use).

Every request body is capped by its route: file uploads at ``LOADWATCH_MAX_UPLOAD_BYTES``, the
Google Health webhook at its own cap, everything else (JSON and forms) small. A declared
``Content-Length`` over the cap is answered 413 without reading a byte; a body without one
(chunked) is counted while it is read and refused the moment it passes the cap, so a 400 MB
POST never sits in memory.
"""

from __future__ import annotations

import json
import re
from typing import Final

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KiB: Final = 1024
#: JSON and form bodies: a policy, a check-in, a training plan are a few KiB.
DEFAULT_LIMIT_BYTES: Final = 256 * KiB
WEBHOOK_LIMIT_BYTES: Final = 256 * KiB
UPLOAD_PATHS: Final = (
    re.compile(r"^/api/v1/athletes/\d+/activities/files$"),
    re.compile(r"^/connections/upload$"),
)
WEBHOOK_PATHS: Final = (re.compile(r"^/api/v1/webhooks/"),)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")


def limit_for(path: str, upload_limit: int) -> int:
    if any(pattern.match(path) for pattern in UPLOAD_PATHS):
        return upload_limit
    if any(pattern.match(path) for pattern in WEBHOOK_PATHS):
        return WEBHOOK_LIMIT_BYTES
    return DEFAULT_LIMIT_BYTES


class BodyLimit:
    """ASGI middleware: the route's cap on the request body, checked before the app reads it."""

    def __init__(self, app: ASGIApp, upload_limit: int) -> None:
        self.app = app
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"], self.upload_limit)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        {"error": "payload_too_large", "detail": f"the request body is larger than {limit} bytes"}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
