"""The alerts API: notification settings, push subscriptions, Apprise URLs, snooze, the
operator's list of alerts, and the pages behind the links in emails."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.accounts.service import create_user
from service.alerts import links, preferences
from service.alerts.outbox import write_alerts
from service.config import PushSettings, get_settings
from service.models import Alert, AuditEntry, CoachLink, Finding, Role, User
from service.models.notifications import AppriseTarget, FindingSnooze
from tests.api.conftest import PASSWORD, Api
from tests.integration.alerts.support import BrowserKeys, add_finding, link, vapid_private_key

NOTIFICATIONS = "/api/v1/me/notifications"


def _user(session: Session, body: dict[str, Any]) -> User:
    user = session.get(User, body["id"])
    assert user is not None
    return user


def test_notification_defaults(api: Api, client: TestClient) -> None:
    _, headers = api.user("ann@example.com")
    response = client.get(NOTIFICATIONS, headers=headers)
    assert response.status_code == 200
    assert response.json() == {
        "email": True,
        "push": False,
        "apprise": False,
        "min_severity": "caution",
        "quiet_hours": None,
        "weekly_digest": True,
        "checkin_reminders": True,
        "timezone": "Europe/Amsterdam",
        "push_subscriptions": 0,
        "apprise_targets": 0,
    }
    assert client.get(NOTIFICATIONS).status_code == 401


def test_notification_changes_keep_what_is_left_out(api: Api, client: TestClient) -> None:
    _, headers = api.user("ann@example.com")
    quiet = {"start": "22:00:00", "end": "07:00:00"}
    changed = client.put(
        NOTIFICATIONS, json={"min_severity": "warning", "quiet_hours": quiet}, headers=headers
    ).json()
    assert (changed["min_severity"], changed["quiet_hours"], changed["email"]) == (
        "warning", quiet, True
    )  # fmt: skip
    changed = client.put(NOTIFICATIONS, json={"email": False}, headers=headers).json()
    assert (changed["email"], changed["quiet_hours"]) == (False, quiet)
    cleared = client.put(NOTIFICATIONS, json={"quiet_hours": None}, headers=headers).json()
    assert (cleared["quiet_hours"], cleared["min_severity"]) == (None, "warning")


@pytest.mark.parametrize(
    "body",
    [
        {"min_severity": "loud"},
        {"quiet_hours": {"start": "22:00", "end": "22:00"}},
        {"quiet_hours": {"start": "25:00", "end": "07:00"}},
        {"quiet_hours": {"start": "22:00"}},
        {"sms": True},
        {"email": "sometimes"},
    ],
)
def test_notification_changes_are_validated(
    api: Api, client: TestClient, body: dict[str, Any]
) -> None:
    _, headers = api.user("ann@example.com")
    response = client.put(NOTIFICATIONS, json=body, headers=headers)
    assert response.status_code == 422 and response.json()["error"] == "validation_error"
    assert client.get(NOTIFICATIONS, headers=headers).json()["min_severity"] == "caution"


def _subscription(endpoint: str = "https://push.example.org/send/abc") -> dict[str, Any]:
    keys = BrowserKeys.generate()
    return {"endpoint": endpoint, "keys": {"p256dh": keys.p256dh, "auth": keys.auth_b64},
            "expirationTime": None}  # fmt: skip


def test_browser_subscribes_to_push(api: Api, client: TestClient) -> None:
    _, headers = api.user("ann@example.com")
    _, other = api.user("bert@example.com")
    created = client.post("/api/v1/me/push-subscriptions", json=_subscription(), headers=headers)
    assert created.status_code == 201 and created.json()["endpoint_host"] == "push.example.org"
    assert "endpoint" not in created.json()
    settings = client.get(NOTIFICATIONS, headers=headers).json()
    assert (settings["push"], settings["push_subscriptions"]) == (True, 1)
    sub_id = created.json()["id"]
    gone = client.delete(f"/api/v1/me/push-subscriptions/{sub_id}", headers=other)
    assert gone.status_code == 404 and gone.json()["error"] == "push_subscription_not_found"
    assert (
        client.delete(f"/api/v1/me/push-subscriptions/{sub_id}", headers=headers).status_code == 204
    )
    assert client.get("/api/v1/me/push-subscriptions", headers=headers).json() == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"keys": {"p256dh": "A" * 87, "auth": "B" * 22}}, "push_keys_invalid"),
        ({"endpoint": "ftp://push.example.org/x"}, "push_endpoint_invalid"),
        ({"keys": {"p256dh": "x"}}, "validation_error"),
        ({"extra": 1}, "validation_error"),
    ],
)
def test_bad_push_subscriptions_are_refused(
    api: Api, client: TestClient, change: dict[str, Any], code: str
) -> None:
    _, headers = api.user("ann@example.com")
    response = client.post(
        "/api/v1/me/push-subscriptions", json=_subscription() | change, headers=headers
    )
    assert response.status_code == 422 and response.json()["error"] == code


def test_vapid_key_for_the_browser(api: Api, client: TestClient) -> None:
    _, headers = api.user("ann@example.com")
    missing = client.get("/api/v1/me/push-subscriptions/vapid-key", headers=headers)
    assert missing.status_code == 404 and missing.json()["error"] == "push_not_configured"
    configured = get_settings().model_copy(
        update={"push": PushSettings(vapid_private_key=SecretStr(vapid_private_key()))}
    )
    client.app.dependency_overrides[get_settings] = lambda: configured  # type: ignore[attr-defined]
    key = client.get("/api/v1/me/push-subscriptions/vapid-key", headers=headers).json()
    assert re.fullmatch(r"B[A-Za-z0-9_-]{86}", key["public_key"])


def test_apprise_urls_are_kept_secret(api: Api, client: TestClient, db_session: Session) -> None:
    ann, headers = api.user("ann@example.com")
    body = {"label": "phone", "url": "ntfy://user:hunter22@ntfy.example.org/ann"}
    created = client.post("/api/v1/me/apprise-targets", json=body, headers=headers)
    assert created.status_code == 201
    assert set(created.json()) == {"id", "label", "scheme", "created_at"}
    stored = db_session.scalars(select(AppriseTarget)).one()
    assert b"hunter22" not in stored.url_sealed and stored.user_id == ann["id"]
    listed = client.get("/api/v1/me/apprise-targets", headers=headers).json()
    assert [(t["label"], t["scheme"]) for t in listed] == [("phone", "ntfy")]
    assert client.get(NOTIFICATIONS, headers=headers).json()["apprise"] is True
    bad = client.post(
        "/api/v1/me/apprise-targets", json={"label": "x", "url": "nosuch://x"}, headers=headers
    )
    assert bad.status_code == 422 and bad.json()["error"] == "apprise_url_invalid"
    removed = client.delete(f"/api/v1/me/apprise-targets/{stored.id}", headers=headers)
    assert removed.status_code == 204


@dataclass
class Case:
    athlete: User
    staff: User
    finding: Finding
    athlete_h: dict[str, str]
    staff_h: dict[str, str]


def _setup_finding(api: Api, db_session: Session, rule: str, share: bool) -> Case:
    ann, ann_h = api.user("ann@example.com")
    coach, coach_h = api.user("coach@example.com", "coach")
    athlete, staff = _user(db_session, ann), _user(db_session, coach)
    link(db_session, athlete, staff, share=share)
    severity = "warning" if rule.startswith("pain.") else "caution"
    finding = add_finding(db_session, athlete, rule, severity)
    return Case(athlete, staff, finding, ann_h, coach_h)


@pytest.mark.parametrize(
    ("rule", "share", "coach_status"),
    [
        ("volume.weekly_progression", False, 200),
        ("pain.during_or_after_run", True, 200),
        ("pain.during_or_after_run", False, 404),
    ],
)
def test_snooze_a_finding(
    api: Api,
    client: TestClient,
    db_session: Session,
    sent_tasks: list[Any],
    rule: str,
    share: bool,
    coach_status: int,
) -> None:
    case = _setup_finding(api, db_session, rule, share)
    athlete, finding, ann_h, coach_h = case.athlete, case.finding, case.athlete_h, case.staff_h
    write_alerts(db_session, finding)
    url = f"/api/v1/athletes/{athlete.id}/findings/{finding.id}/snooze"

    response = client.post(url, json={"days": 3}, headers=ann_h)

    assert response.status_code == 200
    until = datetime.fromisoformat(response.json()["until"])
    assert abs(until - (datetime.now(UTC) + timedelta(days=3))) < timedelta(minutes=1)
    [alert] = db_session.scalars(select(Alert).where(Alert.recipient_id == athlete.id)).all()
    assert (alert.status, alert.next_attempt_at) == ("pending", until)
    coach = client.post(url, json={"days": 1}, headers=coach_h)
    assert coach.status_code == coach_status
    assert client.post(url, json={"days": 0}, headers=ann_h).status_code == 422
    assert client.post(url, json={"days": 31}, headers=ann_h).status_code == 422


def test_snooze_refuses_strangers_and_foreign_findings(
    api: Api, client: TestClient, db_session: Session
) -> None:
    case = _setup_finding(api, db_session, "volume.session_spike", False)
    athlete, finding = case.athlete, case.finding
    bert, bert_h = api.user("bert@example.com")
    stranger = client.post(
        f"/api/v1/athletes/{athlete.id}/findings/{finding.id}/snooze", json={}, headers=bert_h
    )
    assert stranger.status_code == 404 and stranger.json()["error"] == "athlete_not_found"
    foreign = client.post(
        f"/api/v1/athletes/{bert['id']}/findings/{finding.id}/snooze", json={}, headers=bert_h
    )
    assert foreign.status_code == 404 and foreign.json()["error"] == "finding_not_found"


def test_operator_sees_dead_alerts_and_can_retry(
    api: Api, client: TestClient, db_session: Session, sent_tasks: list[Any]
) -> None:
    case = _setup_finding(api, db_session, "volume.session_spike", False)
    finding, ann_h = case.finding, case.athlete_h
    alerts = write_alerts(db_session, finding)
    alerts[0].status, alerts[0].attempts, alerts[0].last_error = "dead", 5, "smtp: 451"
    create_user(db_session, email="ops@example.com", password=PASSWORD, role=Role.ADMIN)
    admin_h = api.token("ops@example.com")
    assert client.get("/api/v1/admin/alerts", headers=ann_h).status_code == 403

    dead = client.get("/api/v1/admin/alerts?status=dead", headers=admin_h).json()

    assert [(a["id"], a["attempts"], a["last_error"]) for a in dead] == [
        (alerts[0].id, 5, "smtp: 451")
    ]
    assert len(client.get("/api/v1/admin/alerts", headers=admin_h).json()) == 2
    assert client.get("/api/v1/admin/alerts?status=lost", headers=admin_h).status_code == 422
    retried = client.post(f"/api/v1/admin/alerts/{alerts[0].id}/retry", headers=admin_h).json()
    assert (retried["status"], retried["attempts"], retried["last_error"]) == ("pending", 0, None)
    assert ("alerts.deliver", {"finding_id": finding.id}) in sent_tasks
    again = client.post(f"/api/v1/admin/alerts/{alerts[0].id}/retry", headers=admin_h)
    assert again.status_code == 422 and again.json()["error"] == "alert_not_retryable"


def _token(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_acknowledge_link_shows_a_page_and_acts_only_on_post(
    api: Api, client: TestClient, db_session: Session
) -> None:
    case = _setup_finding(api, db_session, "volume.session_spike", False)
    staff, finding = case.staff, case.finding
    staff.locale = "nl"
    url = links.finding_link(get_settings(), "acknowledge", staff.id, finding.id)
    path = "/alerts/links/" + _token(url)

    page = client.get(path)

    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert 'lang="nl"' in page.text and "Markeren als gezien" in page.text
    assert finding.message_nl in page.text and 'method="post"' in page.text
    db_session.refresh(finding)
    assert finding.acknowledged_at is None
    done = client.post(path)
    assert done.status_code == 200 and "Gemarkeerd als gezien" in done.text
    db_session.refresh(finding)
    assert finding.acknowledged_by_id == staff.id and finding.acknowledged_at is not None
    audit = db_session.scalars(select(AuditEntry).where(AuditEntry.actor_id == staff.id)).all()
    assert [a.action for a in audit] == ["get", "post"]
    assert all(_token(url) not in a.resource for a in audit)


def test_snooze_and_unsubscribe_links(api: Api, client: TestClient, db_session: Session) -> None:
    case = _setup_finding(api, db_session, "volume.session_spike", False)
    athlete, finding = case.athlete, case.finding
    settings = get_settings()
    snooze = "/alerts/links/" + _token(
        links.finding_link(settings, "snooze", athlete.id, finding.id)
    )
    assert "Remind me in" in client.get(snooze).text
    assert "We will remind you on" in client.post(snooze, data={"days": "7"}).text
    row = db_session.scalars(select(FindingSnooze)).one()
    assert abs(row.until - (datetime.now(UTC) + timedelta(days=7))) < timedelta(minutes=1)

    unsubscribe = "/alerts/links/" + _token(links.unsubscribe_link(settings, athlete.id, "digest"))
    assert "Stop weekly summaries" in client.get(unsubscribe).text
    assert preferences.load(db_session, athlete.id).weekly_digest is True
    one_click = client.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    assert preferences.load(db_session, athlete.id).weekly_digest is False
    assert preferences.load(db_session, athlete.id).email_enabled is True


@pytest.mark.parametrize("token", ["nonsense", "a.b", "x" * 300])
def test_broken_links_show_a_plain_page(client: TestClient, token: str) -> None:
    for method in (client.get, client.post):
        response = method(f"/alerts/links/{token}")
        assert response.status_code == 404 and "This link does not work" in response.text


def test_a_link_stops_working_when_sharing_stops(
    api: Api, client: TestClient, db_session: Session
) -> None:
    case = _setup_finding(api, db_session, "pain.during_or_after_run", True)
    staff, finding = case.staff, case.finding
    path = "/alerts/links/" + _token(
        links.finding_link(get_settings(), "acknowledge", staff.id, finding.id)
    )
    assert client.get(path).status_code == 200
    db_session.scalars(select(CoachLink)).one().share_symptoms = False
    db_session.flush()
    refused = client.post(path)
    assert refused.status_code == 404 and "no longer shared" in refused.text
    db_session.refresh(finding)
    assert finding.acknowledged_at is None
