"""Connections over HTTP: connect Garmin (with MFA), Fitbit consent, status, sync now, disconnect,
the coach's view, and the Google Health webhook."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service import queue
from service.clock import utcnow
from service.config import Settings, get_settings
from service.connections.garmin_connect import complete_garmin_login, complete_garmin_mfa
from service.connections.policy import DEFAULT_POLICY
from service.connections.sweeper import sweep
from service.connections.sync import sync_connection
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.demo.fakes.google_health import FakeGoogleHealth
from service.models import Connection
from tests.api.conftest import Api
from tests.integration.sync.support import (
    MFA_CODE,
    MFA_PASSWORD,
    MFA_RUNNER,
    RUNNER,
    RUNNER_PASSWORD,
    garmin_accounts,
    google_users,
    savepoint_transactions,
    settings_for,
)
from tests.support.garmin_sleeps import library_sleeps_skipped

WEBHOOK = "/api/v1/webhooks/google-health"
REAL_SEND_NOW = queue.send_now
SECRET_WORDS = ("credential", "token", "secret", "password", "pending", "lease")


@pytest.fixture
def garmin() -> Iterator[FakeGarminConnect]:
    with library_sleeps_skipped(), FakeGarminConnect(garmin_accounts()) as server:
        yield server


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


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _mine(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/v1/connections", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_garmin_connects_in_the_background_and_shows_its_progress(
    api: Api, client: TestClient, db_session: Session, garmin, use_settings, sent_tasks
):
    settings = use_settings(settings_for(garmin))
    _, headers = api.user("ann@example.com")
    body = {"email": RUNNER, "password": RUNNER_PASSWORD}

    accepted = client.post("/api/v1/connections/garmin", json=body, headers=headers)

    assert accepted.status_code == 202
    out = accepted.json()
    assert (out["provider"], out["state"], out["connected"]) == ("garmin", "connecting", False)
    assert out["message"]["code"] == "connecting" and out["message"]["nl"]
    assert RUNNER_PASSWORD not in accepted.text
    assert sent_tasks == [("connections.garmin_login", {"connection_id": out["id"]})]
    tx = savepoint_transactions(db_session)

    assert complete_garmin_login(out["id"], tx, settings=settings) == "ok"
    connected = _mine(client, headers)["connections"][0]
    assert (connected["state"], connected["connected"], connected["backfill"]["percent"]) == (
        "ok", True, 0.0
    )  # fmt: skip
    assert sync_connection(out["id"], tx, settings=settings) == "ok"

    synced = _mine(client, headers)["connections"][0]
    assert synced["backfill"]["complete"] and synced["backfill"]["percent"] == 100.0
    assert synced["last_run"]["created"] == 12 and synced["last_run"]["status"] == "succeeded"
    assert synced["last_success_at"] and synced["next_attempt_at"] > synced["last_success_at"]
    assert not any(word in key for key in _keys(synced) for word in SECRET_WORDS)


def test_garmin_mfa_over_http_wrong_code_then_right_code(
    api: Api, client: TestClient, db_session: Session, garmin, use_settings, sent_tasks
):
    settings = use_settings(settings_for(garmin))
    _, headers = api.user("ann@example.com")
    body = {"email": MFA_RUNNER, "password": MFA_PASSWORD}
    connection_id = client.post("/api/v1/connections/garmin", json=body, headers=headers).json()[
        "id"
    ]
    tx = savepoint_transactions(db_session)
    assert complete_garmin_login(connection_id, tx, settings=settings) == "mfa_required"
    waiting = _mine(client, headers)["connections"][0]
    assert waiting["state"] == "mfa_required" and waiting["message"]["code"] == "mfa_required"

    bad = client.post("/api/v1/connections/garmin/mfa", json={"code": "12"}, headers=headers)
    assert bad.status_code == 422
    wrong = client.post("/api/v1/connections/garmin/mfa", json={"code": "999999"}, headers=headers)
    assert wrong.status_code == 202 and wrong.json()["state"] == "connecting"
    assert sent_tasks[-1] == ("connections.garmin_mfa", {"connection_id": connection_id})
    assert complete_garmin_mfa(connection_id, tx, settings=settings) == "mfa_required"
    told = _mine(client, headers)["connections"][0]["message"]
    assert told["code"] == "provider_mfa_code_rejected" and "verificatiecode" in told["nl"]

    right = client.post("/api/v1/connections/garmin/mfa", json={"code": MFA_CODE}, headers=headers)
    assert right.status_code == 202
    assert complete_garmin_mfa(connection_id, tx, settings=settings) == "ok"
    assert _mine(client, headers)["connections"][0]["state"] == "ok"


def test_connect_inputs_are_checked_and_never_echoed(api: Api, client: TestClient):
    _, headers = api.user("ann@example.com")
    cases = [
        {"email": RUNNER},
        {"email": RUNNER, "password": "x" * 300},
        {"email": RUNNER, "password": "p4ss-word!", "remember": True},
    ]
    for body in cases:
        answer = client.post("/api/v1/connections/garmin", json=body, headers=headers)
        assert answer.status_code == 422 and "p4ss-word!" not in answer.text
    unexpected = client.post(
        "/api/v1/connections/garmin/mfa", json={"code": "123456"}, headers=headers
    )
    assert unexpected.status_code == 409
    assert unexpected.json()["error"] == "mfa_not_expected"
    assert set(unexpected.json()["detail"]) == {"code", "en", "nl"}


def test_fitbit_is_offered_only_with_a_google_client(api: Api, client: TestClient, use_settings):
    use_settings(settings_for())
    _, headers = api.user("ann@example.com")

    providers = {p["provider"]: p for p in _mine(client, headers)["providers"]}

    assert providers["garmin"]["available"] is True
    assert providers["fitbit"]["available"] is False
    assert "LOADWATCH_GOOGLE__CLIENT_ID" in providers["fitbit"]["message"]["en"]
    assert "LOADWATCH_GOOGLE__CLIENT_SECRET" in providers["fitbit"]["message"]["nl"]
    refused = client.post("/api/v1/connections/fitbit/authorize", headers=headers)
    assert refused.status_code == 409 and refused.json()["error"] == "fitbit_not_configured"


def test_fitbit_consent_round_trip_and_a_forged_state(
    api: Api, client: TestClient, google, use_settings, sent_tasks
):
    use_settings(settings_for(google=google))
    _, headers = api.user("ann@example.com")
    assert {p["provider"]: p["available"] for p in _mine(client, headers)["providers"]} == {
        "garmin": True, "fitbit": True
    }  # fmt: skip
    url = client.post("/api/v1/connections/fitbit/authorize", headers=headers).json()["url"]
    consent = httpx.get(url)
    back = parse_qs(urlsplit(consent.headers["location"]).query)
    callback = "/api/v1/connections/fitbit/callback"

    forged = client.get(callback, params={"code": back["code"][0], "state": "x"}, headers=headers)
    assert forged.status_code == 400 and forged.json()["error"] == "oauth_state_mismatch"
    done = client.get(
        callback, params={"code": back["code"][0], "state": back["state"][0]}, headers=headers
    )
    assert done.status_code == 200 and done.json()["state"] == "ok"
    assert sent_tasks[-1] == ("connections.sync", {"connection_id": done.json()["id"]})
    again = client.get(
        callback, params={"code": back["code"][0], "state": back["state"][0]}, headers=headers
    )
    assert again.status_code == 400


def _connected(db_session: Session, client: TestClient, headers, garmin, settings) -> int:
    body = {"email": RUNNER, "password": RUNNER_PASSWORD}
    connection_id = client.post("/api/v1/connections/garmin", json=body, headers=headers).json()[
        "id"
    ]
    complete_garmin_login(connection_id, savepoint_transactions(db_session), settings=settings)
    return int(connection_id)


def test_sync_now_and_disconnect_only_for_the_owner(
    api: Api, client: TestClient, db_session: Session, garmin, use_settings, sent_tasks
):
    settings = use_settings(settings_for(garmin))
    _, headers = api.user("ann@example.com")
    _, other = api.user("bob@example.com")
    connection_id = _connected(db_session, client, headers, garmin, settings)
    sent_tasks.clear()

    assert (
        client.post(f"/api/v1/connections/{connection_id}/sync", headers=other).status_code == 404
    )
    now = client.post(f"/api/v1/connections/{connection_id}/sync", headers=headers)
    assert now.status_code == 202
    assert sent_tasks == [("connections.sync", {"connection_id": connection_id})]

    assert client.delete(f"/api/v1/connections/{connection_id}", headers=other).status_code == 404
    assert client.delete(f"/api/v1/connections/{connection_id}", headers=headers).status_code == 204
    stored = db_session.get(Connection, connection_id)
    db_session.refresh(stored)
    assert (stored.state, stored.credentials, stored.next_attempt_at) == (
        "disconnected",
        None,
        None,
    )
    refused = client.post(f"/api/v1/connections/{connection_id}/sync", headers=headers)
    assert refused.status_code == 409 and refused.json()["error"] == "connection_not_syncable"


def test_a_linked_coach_sees_states_but_never_credentials(
    api: Api, client: TestClient, db_session: Session, garmin, use_settings
):
    settings = use_settings(settings_for(garmin))
    ann, ann_headers = api.user("ann@example.com")
    _, coach_headers = api.user("coach@example.com", "coach")
    _connected(db_session, client, ann_headers, garmin, settings)
    path = f"/api/v1/athletes/{ann['id']}/connections"

    assert client.get(path, headers=coach_headers).status_code == 404
    assert client.get("/api/v1/connections", headers=coach_headers).status_code == 403
    link = client.post("/api/v1/links", json={"email": "coach@example.com"}, headers=ann_headers)
    client.post(f"/api/v1/links/{link.json()['id']}/accept", headers=coach_headers)
    seen = client.get(path, headers=coach_headers)

    assert seen.status_code == 200 and [c["state"] for c in seen.json()] == ["ok"]
    assert not any(word in key for key in _keys(seen.json()) for word in SECRET_WORDS)


class _DeadBroker:
    def send_task(self, *_args: Any, **_kwargs: Any) -> None:
        raise ConnectionRefusedError("the broker is down")


def test_sync_now_during_a_broker_outage_is_kept_by_the_database(
    api: Api, client: TestClient, db_session: Session, garmin, use_settings, monkeypatch
):
    settings = use_settings(settings_for(garmin))
    _, headers = api.user("ann@example.com")
    connection_id = _connected(db_session, client, headers, garmin, settings)
    monkeypatch.setattr(queue, "send_now", REAL_SEND_NOW)
    monkeypatch.setattr(queue, "producer", lambda settings=None: _DeadBroker())

    answer = client.post(f"/api/v1/connections/{connection_id}/sync", headers=headers)

    assert answer.status_code == 202
    connection = db_session.get(Connection, connection_id)
    db_session.refresh(connection)
    assert connection.next_attempt_at <= utcnow() and connection.queued_at is not None
    later = sweep(db_session, utcnow() + DEFAULT_POLICY.requeue_after + timedelta(seconds=1))
    assert connection_id in later.queued
