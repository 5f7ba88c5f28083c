"""Web Push to a real HTTP receiver (payload decrypted as a browser would) and Apprise to a
``json://`` URL on loopback; gone subscriptions are dropped; Apprise URLs are stored sealed."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.alerts import preferences, service
from service.alerts.channels.webpush import vapid_keys
from service.alerts.delivery import deliver_alerts
from service.alerts.outbox import write_alerts
from service.config import PushSettings, Settings
from service.crypto import DecryptionFailed
from service.models import Alert, User
from service.models.notifications import AppriseTarget, PushSubscription
from tests.integration.alerts.receivers import HttpRecorder
from tests.integration.alerts.support import (
    BASE_URL,
    BrowserKeys,
    add_finding,
    add_user,
    alert_settings,
    session_scope_of,
    vapid_private_key,
)

LATER = datetime.now(UTC) + timedelta(days=1)


def _push_settings() -> Settings:
    return alert_settings(push=PushSettings(vapid_private_key=SecretStr(vapid_private_key())))


def _subscribe(session: Session, settings: Settings, user: User, endpoint: str) -> BrowserKeys:
    keys = BrowserKeys.generate()
    service.register_push_subscription(
        session, settings, user, endpoint, keys.p256dh, keys.auth_b64
    )
    return keys


def _status(session: Session, finding_id: int, channel: str) -> Alert:
    session.expire_all()
    return session.scalars(
        select(Alert).where(Alert.finding_id == finding_id, Alert.channel == channel)
    ).one()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_push_reaches_the_browser_encrypted_and_signed(
    db_session: Session, sent_tasks: list[Any], http: tuple[HttpRecorder, str]
) -> None:
    recorder, base = http
    settings = _push_settings()
    athlete = add_user(db_session, name="Anna", locale="nl")
    preferences.update(db_session, athlete.id, email_enabled=False)
    browser = _subscribe(db_session, settings, athlete, f"{base}/push/browser-1")
    finding = add_finding(db_session, athlete, "red_flag.rupture", "urgent")
    [alert] = write_alerts(db_session, finding)

    report = deliver_alerts(settings, transactions=session_scope_of(db_session), now=LATER)

    stored = _status(db_session, finding.id, "push")
    assert (report.sent, stored.status) == (1, "sent"), stored.last_error
    [request] = recorder.at("/push/browser-1")
    assert request.headers["content-encoding"] == "aes128gcm"
    assert (request.headers["urgency"], request.headers["topic"]) == ("high", f"alert-{alert.id}")
    payload = json.loads(browser.decrypt(request.body))
    assert payload == {
        "title": "[dringend] Anna: mogelijke peesruptuur",
        "body": finding.message_nl,
        "url": f"{BASE_URL}/athletes/{athlete.id}/findings/{finding.id}",
        "tag": f"alert-{alert.id}",
        "urgent": True,
    }
    scheme, _, params = request.headers["authorization"].partition(" ")
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    keys = vapid_keys(settings)
    assert scheme == "vapid" and keys is not None and fields["k"] == keys.public_key
    claims = json.loads(_unb64(fields["t"].split(".")[1]))
    assert claims["aud"] == base and claims["sub"] == settings.push.vapid_subject


@pytest.mark.parametrize(
    ("statuses", "status", "left"),
    [
        ({"/push/a": [410], "/push/b": [201]}, "sent", {"/push/b"}),
        ({"/push/a": [404], "/push/b": [410]}, "skipped", set()),
        ({"/push/a": [500], "/push/b": [410]}, "pending", {"/push/a"}),
        ({"/push/a": [429], "/push/b": [201]}, "sent", {"/push/a", "/push/b"}),
    ],
)
def test_subscriptions_the_push_service_forgot_are_dropped(
    db_session: Session,
    sent_tasks: list[Any],
    http: tuple[HttpRecorder, str],
    statuses: dict[str, list[int]],
    status: str,
    left: set[str],
) -> None:
    recorder, base = http
    recorder.script.update(statuses)
    settings = _push_settings()
    athlete = add_user(db_session)
    for path in ("/push/a", "/push/b"):
        _subscribe(db_session, settings, athlete, base + path)
    finding = add_finding(db_session, athlete)
    write_alerts(db_session, finding)

    deliver_alerts(settings, transactions=session_scope_of(db_session), now=LATER)

    assert _status(db_session, finding.id, "push").status == status
    endpoints = db_session.scalars(
        select(PushSubscription.endpoint).where(PushSubscription.user_id == athlete.id)
    )
    assert {e.removeprefix(base) for e in endpoints} == left


def test_vapid_key_is_generated_once_on_the_embedded_default(tmp_path: Path) -> None:
    settings = Settings(database_url=None, redis_url=None, data_dir=tmp_path)
    first, second = vapid_keys(settings), vapid_keys(settings)
    assert first is not None and first == second
    assert len(_unb64(first.public_key)) == 65 and _unb64(first.public_key)[0] == 4
    assert (tmp_path / "vapid_private_key").stat().st_mode & 0o777 == 0o600
    configured = Settings(database_url="postgresql://x/y", data_dir=tmp_path / "other")
    assert vapid_keys(configured) is None  # outside the embedded default it must be configured


def test_apprise_json_url_receives_the_alert(
    db_session: Session, sent_tasks: list[Any], http: tuple[HttpRecorder, str]
) -> None:
    recorder, base = http
    settings = alert_settings()
    athlete = add_user(db_session, name="Anna")
    preferences.update(db_session, athlete.id, email_enabled=False)
    url = base.replace("http://", "json://") + "/hooks/anna"
    service.add_apprise_target(db_session, settings, athlete, "home server", url)
    finding = add_finding(db_session, athlete)
    write_alerts(db_session, finding)

    report = deliver_alerts(settings, transactions=session_scope_of(db_session), now=LATER)

    assert report.sent == 1
    [request] = recorder.at("/hooks/anna")
    body = request.json()
    assert body["title"] == "[caution] Anna: weekly distance rising quickly"
    assert finding.message_en in body["message"]
    assert f"{BASE_URL}/athletes/{athlete.id}/findings/{finding.id}" in body["message"]


def test_apprise_failure_is_retried(
    db_session: Session, sent_tasks: list[Any], http: tuple[HttpRecorder, str]
) -> None:
    recorder, base = http
    recorder.script["/hooks/x"] = [500]
    settings = alert_settings()
    athlete = add_user(db_session)
    preferences.update(db_session, athlete.id, email_enabled=False)
    service.add_apprise_target(
        db_session, settings, athlete, "x", f"{base.replace('http', 'json')}/hooks/x"
    )
    finding = add_finding(db_session, athlete)
    write_alerts(db_session, finding)

    deliver_alerts(settings, transactions=session_scope_of(db_session), now=LATER)
    alert = _status(db_session, finding.id, "apprise")
    assert (alert.status, alert.attempts) == ("pending", 1)
    deliver_alerts(settings, transactions=session_scope_of(db_session), now=alert.next_attempt_at)
    assert _status(db_session, finding.id, "apprise").status == "sent"
    assert len(recorder.at("/hooks/x")) == 1


def test_apprise_urls_are_sealed_to_their_row(db_session: Session) -> None:
    settings = alert_settings()
    anna, bert = add_user(db_session), add_user(db_session)
    secret_url = "ntfy://user:s3cret-pass@ntfy.example.org/anna-alerts"
    mine = service.add_apprise_target(db_session, settings, anna, "phone", secret_url)
    theirs = service.add_apprise_target(db_session, settings, bert, "phone", "ntfy://ntfy.sh/bert")

    assert b"s3cret" not in mine.url_sealed and mine.scheme == "ntfy"
    assert service.open_apprise_url(settings, mine) == secret_url
    theirs.url_sealed = mine.url_sealed  # a database-level swap does not decrypt elsewhere
    with pytest.raises(DecryptionFailed):
        service.open_apprise_url(settings, theirs)
    assert db_session.get(AppriseTarget, mine.id) is mine
    assert preferences.load(db_session, anna.id).apprise_enabled


def test_push_alerts_due_together_reach_the_browser_as_one_push(
    db_session: Session, sent_tasks: list[Any], http: tuple[HttpRecorder, str]
) -> None:
    recorder, base = http
    settings = _push_settings()
    athlete = add_user(db_session, name="Anna")
    preferences.update(db_session, athlete.id, email_enabled=False)
    browser = _subscribe(db_session, settings, athlete, f"{base}/push/browser-1")
    now = datetime.now(UTC)
    findings = [
        add_finding(db_session, athlete, "volume.weekly_progression", "warning"),
        add_finding(db_session, athlete, "volume.session_spike", "caution"),
        add_finding(db_session, athlete, "red_flag.rupture", "urgent"),
    ]
    for finding in findings:  # one evaluation: one due moment
        write_alerts(db_session, finding, now=now)

    report = deliver_alerts(settings, transactions=session_scope_of(db_session), now=LATER)

    assert report.sent == 3
    [request] = recorder.at("/push/browser-1")
    payload = json.loads(browser.decrypt(request.body))
    assert payload["title"] == "[urgent] Anna: possible tendon rupture and 2 more"
    assert payload["urgent"] is True
    keys = {_status(db_session, finding.id, "push").message_key for finding in findings}
    assert keys == {payload["tag"]} and request.headers["topic"] == payload["tag"][:32]
