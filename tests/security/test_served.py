"""The real server, as ``loadwatch serve`` starts it: what its access log keeps, and whose
``X-Forwarded-For`` it believes (OWASP API8, security misconfiguration).

Item 2 of the hardening round: uvicorn's access log recorded whole URLs, and a reset token copied
from it reset a password; invitation and alert-link tokens travel in paths. Item 6, in part:
uvicorn believed ``X-Forwarded-For`` from any loopback client, so one address could pose as many
and never meet the per-address login limit.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.throttle import MAX_FAILURES_PER_ADDRESS
from tests.support.processes import free_port, healthy, running, wait_until


@pytest.fixture
def served(database_url: str, redis_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``loadwatch serve`` on the tests' PostgreSQL and Redis; its log file."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LOADWATCH_BASE_URL": base}
    env.pop("LOADWATCH_TRUSTED_PROXIES", None)
    env.pop("FORWARDED_ALLOW_IPS", None)
    log = tmp_path / "serve.log"
    # ``loadwatch serve``, from this checkout's code
    cli = "from service.cli import app; app()"
    argv = [sys.executable, "-c", cli, "serve", "--port", str(port)]
    with running(argv, env, log):
        wait_until(lambda: healthy(base), 60, "loadwatch serve to answer /healthz")
        yield base, log


def test_tokens_never_reach_the_access_log(served: tuple[str, Path]) -> None:
    base, log = served
    reset = f"reset_{secrets.token_urlsafe(32)}"
    invite = f"inv_{secrets.token_urlsafe(32)}"
    alert = f"eyJhIjoiYWNrbm93bGVkZ2UifQ.{secrets.token_urlsafe(32)}"
    with httpx.Client(base_url=base, timeout=10) as client:
        client.get(f"/reset-password?token={reset}")
        client.get(f"/invitations/{invite}")
        client.get(f"/alerts/links/{alert}")
        client.get("/healthz")
    written = log.read_text()
    assert "GET /reset-password?token=" in written  # the requests are logged
    for secret in (reset, invite, alert, reset[6:], invite[4:]):
        assert secret not in written


def test_x_forwarded_for_from_loopback_is_not_believed(served: tuple[str, Path]) -> None:
    base, _log = served
    statuses = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for n in range(MAX_FAILURES_PER_ADDRESS + 1):
            body = {"email": f"spray{n}-{secrets.token_hex(3)}@example.com", "password": "x1"}
            headers = {"X-Forwarded-For": f"203.0.113.{n % 250 + 1}"}
            statuses.append(
                client.post("/api/v1/auth/login", json=body, headers=headers).status_code
            )
    assert statuses[-1] == 429, statuses
