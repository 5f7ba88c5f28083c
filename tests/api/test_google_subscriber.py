"""``loadwatch google subscriber create|show|delete`` against the fake Google, whose verification
POSTs reach the real webhook route; and what the connections page says about it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import delete
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service.cli import app as cli
from service.clock import utcnow
from service.config import GoogleSettings, Settings, get_settings
from service.connections import google_cli
from service.connections.subscribers import record, webhooks_active
from service.db import session_scope
from service.demo.fakes.google_health import FakeGoogleHealth
from service.integrations.google_subscribers import SubscriberInfo
from service.models import Connection, ConnectionState, WebhookSubscriber
from tests.api.page_browser import PageBrowser, text_of
from tests.integration.sync.support import WEBHOOK_SECRET, google_users, settings_for

PROJECT = "loadwatch-test"
NAME = f"projects/{PROJECT}/subscribers/loadwatch"
runner = CliRunner()


@pytest.fixture
def google(client: TestClient) -> Iterator[FakeGoogleHealth]:
    """The fake Google; its verification POSTs go to the app under test."""

    def verify(url: str, headers: dict[str, str], body: bytes) -> int:
        return client.post(urlsplit(url).path, content=body, headers=headers).status_code

    with FakeGoogleHealth(users=google_users(), verify_endpoint=verify) as server:
        yield server


@pytest.fixture
def settings(
    client: TestClient, google: FakeGoogleHealth, database_url: str, monkeypatch
) -> Iterator[Settings]:
    base = settings_for(google=google, base_url="http://127.0.0.1:8180", database_url=database_url)
    chosen = base.model_copy(update={"google": base.google.model_copy(update={"project": PROJECT})})
    client.app.dependency_overrides[get_settings] = lambda: chosen  # type: ignore[attr-defined]
    monkeypatch.setattr(google_cli, "get_settings", lambda: chosen)
    monkeypatch.setenv(google_cli.ADMIN_TOKEN_ENV, google.issue_admin_token())
    yield chosen
    with session_scope(chosen) as session:
        session.execute(delete(WebhookSubscriber))


def is_active(settings: Settings) -> bool:
    with session_scope(settings) as session:
        return webhooks_active(session, settings)


def test_create_registers_the_endpoint_with_its_secret_after_googles_verification(settings, google):
    assert runner.invoke(cli, ["google", "subscriber", "show"]).exit_code == 1

    created = runner.invoke(cli, ["google", "subscriber", "create"])

    assert created.exit_code == 0, created.output
    assert "state: ACTIVE" in created.output and "data types: exercise" in created.output
    stored = google.subscribers[NAME]
    assert stored["endpointUri"] == "http://127.0.0.1:8180/api/v1/webhooks/google-health"
    assert stored["secret"] == WEBHOOK_SECRET
    assert stored["subscriberConfigs"] == [
        {"dataTypes": ["exercise"], "subscriptionCreatePolicy": "AUTOMATIC"}
    ]
    assert WEBHOOK_SECRET not in created.output
    assert is_active(settings)
    shown = runner.invoke(cli, ["google", "subscriber", "show"])
    assert shown.exit_code == 0 and NAME in shown.output


def test_create_again_updates_the_subscriber(settings, google):
    assert runner.invoke(cli, ["google", "subscriber", "create"]).exit_code == 0
    google.subscribers[NAME]["endpointUri"] = "https://old.example.org/hook"

    again = runner.invoke(cli, ["google", "subscriber", "create"])

    assert again.exit_code == 0, again.output
    assert google.subscribers[NAME]["endpointUri"].startswith("http://127.0.0.1:8180/")


def test_an_endpoint_that_fails_verification_is_not_registered(settings, google, client):
    wrong = settings.model_copy(
        update={
            "google": settings.google.model_copy(
                update={"webhook_secret": SecretStr("Bearer other")}
            )
        }
    )
    client.app.dependency_overrides[get_settings] = lambda: wrong

    failed = runner.invoke(cli, ["google", "subscriber", "create"])

    assert failed.exit_code == 2
    assert "Endpoint verification failed" in failed.output
    assert NAME not in google.subscribers and not is_active(settings)


def test_delete_removes_it_and_the_page_falls_back_to_the_hourly_check(settings, google):
    runner.invoke(cli, ["google", "subscriber", "create"])

    deleted = runner.invoke(cli, ["google", "subscriber", "delete"])

    assert deleted.exit_code == 0 and "deleted" in deleted.output
    assert NAME not in google.subscribers and not is_active(settings)


def test_without_the_operators_token_nothing_is_sent(settings, google, monkeypatch):
    monkeypatch.delenv(google_cli.ADMIN_TOKEN_ENV)
    answer = runner.invoke(cli, ["google", "subscriber", "create"])
    assert answer.exit_code == 2 and "gcloud auth print-access-token" in answer.output
    assert google.api_requests() == []


@pytest.fixture
def athlete(client: TestClient, api: Any, db_session: Session) -> PageBrowser:
    account = api.signup("fien@example.com", display_name="Fien")
    db_session.add(
        Connection(
            athlete_id=int(account["id"]),
            provider="fitbit",
            state=ConnectionState.OK,
            credentials=b"sealed",
            cursor={},
            attempts=0,
        )
    )
    db_session.commit()
    browser = PageBrowser(client)
    browser.sign_in("fien@example.com")
    return browser


def test_the_connections_page_says_whether_google_pushes_new_workouts(
    athlete: PageBrowser, db_session: Session, client: TestClient
):
    configured = Settings(google=GoogleSettings(webhook_secret=SecretStr(WEBHOOK_SECRET)))
    client.app.dependency_overrides[get_settings] = lambda: configured  # type: ignore[attr-defined]
    hourly = athlete.get("/connections")
    assert 'data-fitbit-updates="hourly"' in hourly.text
    assert "loadwatch checks Fitbit for new workouts every hour." in text_of(hourly)

    info = SubscriberInfo(NAME, "https://loadwatch.example/hook", "ACTIVE", ("exercise",))
    record(db_session, info)
    db_session.commit()

    pushed = athlete.get("/connections/sources")
    assert 'data-fitbit-updates="webhook"' in pushed.text
    assert "Google tells loadwatch about new Fitbit workouts as they arrive." in text_of(pushed)
    assert utcnow()  # the record is the test's own: rolled back with its transaction
