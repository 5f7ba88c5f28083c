"""The Google Health webhook over HTTP: verification handshake, signatures, size cap, and one
sync per notification however often it is delivered."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.config import Settings, get_settings
from service.demo.fakes.google_health import FakeGoogleHealth, notification_body
from service.models import Connection
from tests.api.conftest import Api
from tests.integration.sync.support import HEALTH_USER, WEBHOOK_SECRET, google_users, settings_for

WEBHOOK = "/api/v1/webhooks/google-health"


@pytest.fixture
def google() -> Iterator[FakeGoogleHealth]:
    with FakeGoogleHealth(users=google_users()) as server:
        yield server


@pytest.fixture
def use_settings(client: TestClient) -> Any:
    def use(settings: Settings) -> Settings:
        client.app.dependency_overrides[get_settings] = lambda: settings  # type: ignore[attr-defined]
        return settings

    return use


def _fitbit_connection(db_session, client, headers, google) -> int:
    url = client.post("/api/v1/connections/fitbit/authorize", headers=headers).json()["url"]
    back = parse_qs(urlsplit(httpx.get(url).headers["location"]).query)
    params = {"code": back["code"][0], "state": back["state"][0]}
    connection_id = client.get(
        "/api/v1/connections/fitbit/callback", params=params, headers=headers
    ).json()["id"]
    connection = db_session.get(Connection, connection_id)
    connection.external_user_id = HEALTH_USER  # learned on the first sync
    db_session.commit()
    return int(connection_id)


def test_google_verification_handshake(client: TestClient, google, use_settings):
    use_settings(settings_for(google=google))
    verification = json.dumps({"type": "verification"})

    with_secret = client.post(
        WEBHOOK, content=verification, headers={"Authorization": WEBHOOK_SECRET}
    )
    without = client.post(WEBHOOK, content=verification)
    wrong = client.post(WEBHOOK, content=verification, headers={"Authorization": "Bearer nope"})

    assert (with_secret.status_code, without.status_code, wrong.status_code) == (201, 401, 403)
    assert without.json()["error"] == "webhook_unauthorized" and without.json()["detail"]["nl"]


def test_the_same_notification_twice_queues_one_sync(
    api: Api, client: TestClient, db_session: Session, google, use_settings, sent_tasks
):
    use_settings(settings_for(google=google))
    _, headers = api.user("ann@example.com")
    connection_id = _fitbit_connection(db_session, client, headers, google)
    sent_tasks.clear()
    start = datetime.now(UTC) - timedelta(days=20)
    raw = json.dumps(notification_body(HEALTH_USER, start, start + timedelta(hours=1))).encode()
    signed = {
        "Authorization": WEBHOOK_SECRET,
        "X-HEALTHAPI-SIGNATURE": google.signing_key.sign(raw),
        "Content-Type": "application/json",
    }

    first = client.post(WEBHOOK, content=raw, headers=signed)
    again = client.post(WEBHOOK, content=raw, headers=signed)

    assert (first.status_code, again.status_code) == (204, 204)
    assert sent_tasks == [("connections.sync", {"connection_id": connection_id})]
    connection = db_session.get(Connection, connection_id)
    db_session.refresh(connection)
    assert connection.cursor["resync_from"] == (start.date() - timedelta(days=1)).isoformat()
    stranger = json.dumps(notification_body("9990001111", start, start)).encode()
    signed["X-HEALTHAPI-SIGNATURE"] = google.signing_key.sign(stranger)
    assert client.post(WEBHOOK, content=stranger, headers=signed).status_code == 204
    assert len(sent_tasks) == 1


def test_refused_webhook_deliveries(client: TestClient, google, use_settings, sent_tasks):
    use_settings(settings_for(google=google))
    start = datetime.now(UTC) - timedelta(hours=2)
    raw = json.dumps(notification_body(HEALTH_USER, start, start + timedelta(hours=1))).encode()
    good = google.signing_key.sign(raw)
    other_key = type(google.signing_key)(key_id=google.signing_key.key_id)
    cases = [
        (
            {"Authorization": WEBHOOK_SECRET, "X-HEALTHAPI-SIGNATURE": other_key.sign(raw)},
            raw,
            401,
            "webhook_bad_signature",
        ),
        ({"Authorization": WEBHOOK_SECRET}, raw, 401, "webhook_bad_signature"),
        (
            {"Authorization": WEBHOOK_SECRET, "X-HEALTHAPI-SIGNATURE": good},
            raw.replace(b'"1"', b'"2"'),
            401,
            "webhook_bad_signature",
        ),
        (
            {"Authorization": "Bearer nope", "X-HEALTHAPI-SIGNATURE": good},
            raw,
            403,
            "webhook_forbidden",
        ),
        ({"Authorization": WEBHOOK_SECRET}, b"x" * (300 * 1024), 413, "payload_too_large"),
    ]
    for headers, body, status, code in cases:
        answer = client.post(WEBHOOK, content=body, headers=headers)
        assert (answer.status_code, answer.json()["error"]) == (status, code), headers
    assert sent_tasks == []


def test_webhooks_answer_404_until_a_secret_is_configured(client: TestClient, use_settings):
    use_settings(settings_for())
    answer = client.post(WEBHOOK, content=b"{}", headers={"Authorization": WEBHOOK_SECRET})
    assert answer.status_code == 404 and answer.json()["error"] == "webhooks_not_configured"
