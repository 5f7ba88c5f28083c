"""Malformed bodies are refused with a 4xx, never a 500 (OWASP API8, security misconfiguration).

Item 10 of the hardening round: ``'[' * 200000`` posted, unauthenticated, to the Google Health
webhook made Python's JSON parser raise RecursionError, which surfaced as a 500. The webhook
now refuses every body it cannot read (400), before and after authentication.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from service.config import GoogleSettings, get_settings

WEBHOOK = "/api/v1/webhooks/google-health"
SECRET = "webhook-secret-for-malformed-bodies"
DEEP = 200_000

MALFORMED = {
    "open_arrays": b"[" * DEEP,
    "open_objects": b'{"a":' * (DEEP // 5),
    "closed_arrays": b"[" * (DEEP // 2) + b"]" * (DEEP // 2),
    "verification_inside_arrays": b"[" * 5000 + b'{"type": "verification"}' + b"]" * 5000,
    "not_utf8": b"\xff\xfe\x00[",
    "empty": b"",
    "null": b"null",
    "empty_list": b"[]",
    "data_not_object": b'{"data": 1}',
    "deep_intervals": b'{"data": {"healthUserId": "u1", "dataType": "steps", "intervals": '
    + b"[" * 50_000
    + b"]" * 50_000
    + b"}}",
}


@pytest.fixture
def webhook_on(client: TestClient) -> Iterator[None]:
    google = GoogleSettings(webhook_secret=SecretStr(SECRET), webhook_keyset_url="")
    settings = get_settings().model_copy(update={"google": google})
    client.app.dependency_overrides[get_settings] = lambda: settings  # type: ignore[attr-defined]
    yield
    client.app.dependency_overrides.pop(get_settings, None)  # type: ignore[attr-defined]


@pytest.mark.parametrize("authorized", [False, True], ids=["anonymous", "with_secret"])
@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_every_malformed_webhook_body_is_a_4xx(
    client: TestClient, webhook_on: None, name: str, authorized: bool
) -> None:
    headers = {"Content-Type": "application/json"}
    if authorized:
        headers["Authorization"] = SECRET
    answer = client.post(WEBHOOK, content=MALFORMED[name], headers=headers)
    assert 400 <= answer.status_code < 500, (name, answer.status_code, answer.text[:200])
    assert answer.json()["error"].startswith("webhook_"), answer.json()


def test_deeply_nested_json_to_an_api_route_is_a_4xx(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/auth/login", content=b"[" * DEEP, headers={"Content-Type": "application/json"}
    )
    assert 400 <= answer.status_code < 500
