"""/healthz reports the database and the broker, and says so when one is down."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.config import get_settings
from tests.support.processes import free_port


@pytest.fixture
def settings_cache() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_healthy(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "mode": "server", "database": "ok", "broker": "ok"}


def test_broker_down_is_reported(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, settings_cache: None
) -> None:
    monkeypatch.setenv("LOADWATCH_REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded" and body["database"] == "ok"
    assert body["broker"].startswith("error")


def test_openapi_is_served_under_the_api_prefix(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/athletes/{athlete_id}" in schema["paths"]
