"""Request bodies are capped per route before they are read (OWASP API4, resource use).

Item 3 of the hardening round: one 400 MB POST to ``/auth/signup`` took the server from 232 MB to
1.35 GB, because the whole body was read before anything looked at its size. Now a declared size
over the route's cap is refused without reading, and a body of undeclared size is refused as soon
as the part read passes the cap; uploads keep their own, configured, cap.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient

from service.config import get_settings
from service.main import create_app

CHUNK = 64 * 1024
SMALL_LIMIT_BYTES = 256 * 1024  # JSON and forms
CHUNKS = 64  # 4 MiB in all


def _signup_body() -> bytes:
    padding = b"x" * (CHUNK * CHUNKS)
    return b'{"email": "big@example.com", "password": "' + padding + b'"}'


def test_a_declared_oversize_body_is_refused_with_413(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/auth/signup",
        content=_signup_body(),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json()["error"] == "payload_too_large"


def _post_in_chunks(path: str, body: bytes, content_type: bytes) -> tuple[int, int]:
    """POST ``body`` to the whole app without a Content-Length, as chunks; returns the status
    and how many chunks the app asked for."""
    app = create_app()
    chunks = [body[i : i + CHUNK] for i in range(0, len(body), CHUNK)]
    asked = 0
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if asked < len(chunks):
            asked += 1
            return {"type": "http.request", "body": chunks[asked - 1], "more_body": True}
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", content_type)],
        "client": ("10.9.8.7", 50000),
        "server": ("testserver", 80),
    }
    # A thread of its own: a test before this one in the same process may have left an event
    # loop running in this thread (Playwright's sync API does), and anyio.run refuses to nest.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(anyio.run, app, scope, receive, send).result()  # type: ignore[arg-type]
    return status[0], asked


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/v1/auth/signup", b"application/json"),
        ("/sign-up", b"application/x-www-form-urlencoded"),
        ("/api/v1/webhooks/google-health", b"application/json"),
    ],
)
def test_a_chunked_oversize_body_is_refused_before_it_is_read_whole(
    database_url: str, path: str, content_type: bytes
) -> None:
    status, asked = _post_in_chunks(path, _signup_body(), content_type)
    assert status == 413
    assert asked <= SMALL_LIMIT_BYTES // CHUNK + 1, f"read {asked} of {CHUNKS} chunks"


def test_uploads_have_the_configured_cap_and_others_a_small_one() -> None:
    from service.body_limits import DEFAULT_LIMIT_BYTES, limit_for

    upload = get_settings().max_upload_bytes
    assert limit_for("/api/v1/athletes/7/activities/files", upload) == upload
    assert limit_for("/connections/upload", upload) == upload
    assert limit_for("/api/v1/auth/signup", upload) == DEFAULT_LIMIT_BYTES < upload
