"""Response headers (OWASP API8, security misconfiguration): a policy and no framing on JSON and
on the pages behind email links, HSTS in production, and no public API docs in production.

Part of the hardening round's "also harden" list: JSON answers and the alert-link pages carried
no Content-Security-Policy (so they could be framed), production sent no HSTS, and production
served the Swagger page (scripts from a CDN) and the schema to anyone.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from service.config import Settings, get_settings
from service.main import create_app
from tests.security.world import World


def test_json_answers_may_not_be_framed_and_allow_nothing(client: TestClient) -> None:
    for answer in (client.get("/api/v1/me"), client.get("/healthz")):
        policy = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_alert_link_pages_have_a_policy_and_may_not_be_framed(client: TestClient) -> None:
    answer = client.get("/alerts/links/not-a-real-token.x")
    assert answer.headers["content-type"].startswith("text/html")
    policy = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert "script-src" not in policy  # no script may run there


def _production() -> Settings:
    current = get_settings()
    key = base64.urlsafe_b64encode(current.encryption_key_list()[0]).decode()
    return current.model_copy(
        update={
            "environment": "production",
            "secret_key": SecretStr("s" * 48),
            "encryption_keys": SecretStr(key),
        }
    )


@pytest.fixture
def production_app(monkeypatch: pytest.MonkeyPatch, client: TestClient) -> Iterator[TestClient]:
    settings = _production()
    monkeypatch.setattr("service.main.get_settings", lambda: settings)
    app = create_app()
    app.dependency_overrides = dict(client.app.dependency_overrides)  # type: ignore[attr-defined]
    app.dependency_overrides[get_settings] = lambda: settings
    with TestClient(app, raise_server_exceptions=False) as production_client:
        yield production_client


def test_production_sends_hsts_and_development_does_not(
    client: TestClient, production_app: TestClient
) -> None:
    assert "strict-transport-security" not in client.get("/healthz").headers
    hsts = production_app.get("/healthz").headers["strict-transport-security"]
    assert hsts.startswith("max-age=") and int(hsts.split("=")[1].split(";")[0]) >= 15_552_000


def test_production_has_no_public_api_docs(production_app: TestClient, world: World) -> None:
    assert production_app.get("/api/v1/docs").status_code == 404
    assert production_app.get("/api/v1/openapi.json").status_code == 401
    signed_in = production_app.get("/api/v1/openapi.json", headers=world.victim.headers)
    assert signed_in.status_code == 200 and "paths" in signed_in.json()
