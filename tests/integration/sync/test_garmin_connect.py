"""Connecting Garmin: the password handed to the login task sealed, MFA in a second task."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest

from service.clock import utcnow
from service.connections import garmin_connect
from service.connections.credentials import open_credentials, open_pending
from service.connections.garmin_connect import (
    complete_garmin_login,
    complete_garmin_mfa,
    start_garmin_connect,
    submit_mfa_code,
)
from service.connections.limits import wait_for_slot
from service.connections.messages import known_codes, message
from service.connections.sweeper import sweep
from service.errors import Conflict
from service.integrations.google_rate_limit import TokenBucket
from service.models import Role
from tests.support.clocks import ManualClock

from .support import MFA_CODE, MFA_PASSWORD, MFA_RUNNER, RUNNER, RUNNER_PASSWORD, utc_today


def _start(db_session, athlete, settings, email=RUNNER, password=RUNNER_PASSWORD):
    connection = start_garmin_connect(
        db_session, athlete.id, email, password, now=utcnow(), keys=settings.encryption_key_list()
    )
    db_session.commit()
    return connection


def _mfa(db_session, athlete, settings, code):
    connection = submit_mfa_code(
        db_session, athlete.id, code, now=utcnow(), keys=settings.encryption_key_list()
    )
    db_session.commit()
    return connection


def test_login_in_a_task_stores_only_sealed_tokens_and_starts_the_backfill(
    db_session, tx, athlete, settings, sent_tasks, caplog
):
    caplog.set_level(logging.DEBUG)
    connection = _start(db_session, athlete, settings)

    assert connection.state == "connecting"
    assert sent_tasks == [("connections.garmin_login", {"connection_id": connection.id})]
    assert RUNNER_PASSWORD.encode() not in connection.pending_secret
    assert connection.credentials is None

    before = utc_today()
    assert complete_garmin_login(connection.id, tx, settings=settings) == "ok"
    after = utc_today()  # the login's day: one of the two, even across midnight

    db_session.refresh(connection)
    keys = settings.encryption_key_list()
    tokens = json.loads(open_credentials(connection, keys))
    assert set(tokens) == {"di_token", "di_refresh_token", "di_client_id"}
    assert connection.pending_secret is None and connection.pending_expires_at is None
    assert connection.cursor in [
        {
            "backfill_from": (today - timedelta(days=89)).isoformat(),
            "backfill_until": today.isoformat(),
        }
        for today in (before, after)
    ]
    assert connection.next_attempt_at <= utcnow()
    assert sent_tasks[-1] == ("connections.sync", {"connection_id": connection.id})
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert RUNNER_PASSWORD not in logged and tokens["di_refresh_token"] not in logged
    assert all(RUNNER_PASSWORD not in json.dumps(ids) for _, ids in sent_tasks)


def test_mfa_pauses_the_login_and_a_second_task_resumes_it_wrong_code_first(
    db_session, tx, athlete, settings, sent_tasks
):
    connection = _start(db_session, athlete, settings, MFA_RUNNER, MFA_PASSWORD)
    assert complete_garmin_login(connection.id, tx, settings=settings) == "mfa_required"
    db_session.refresh(connection)
    keys = settings.encryption_key_list()
    pending = open_pending(connection, keys, utcnow())
    assert pending["kind"] == "mfa" and "password" not in pending

    _mfa(db_session, athlete, settings, "000000")
    assert sent_tasks[-1] == ("connections.garmin_mfa", {"connection_id": connection.id})
    assert complete_garmin_mfa(connection.id, tx, settings=settings) == "mfa_required"
    db_session.refresh(connection)
    assert connection.last_error == "provider_mfa_code_rejected"

    _mfa(db_session, athlete, settings, MFA_CODE)
    assert complete_garmin_mfa(connection.id, tx, settings=settings) == "ok"
    db_session.refresh(connection)
    assert (connection.state, connection.last_error, connection.pending_secret) == (
        "ok",
        None,
        None,
    )
    assert "di_token" in json.loads(open_credentials(connection, keys))


@pytest.mark.parametrize(
    ("password", "block", "state", "code"),
    [
        ("not-the-password", None, "needs_reauth", "provider_login_failed"),
        (RUNNER_PASSWORD, 429, "error", "login_rate_limited"),
        (RUNNER_PASSWORD, 427, "error", "login_rate_limited"),
    ],
)
def test_a_refused_login_forgets_the_password_and_says_why(
    db_session, tx, athlete, settings, garmin, password, block, state, code
):
    if block:
        garmin.block_logins(block)
    connection = _start(db_session, athlete, settings, password=password)

    assert complete_garmin_login(connection.id, tx, settings=settings) == state

    db_session.refresh(connection)
    assert (connection.state, connection.last_error) == (state, code)
    assert connection.pending_secret is None and connection.credentials is None


@pytest.mark.parametrize(
    ("script", "code"),
    [
        (lambda garmin: garmin.refuse_di_exchange(), "provider_login_unusable"),
        (lambda garmin: garmin.block_logins(401), "provider_login_flow_failed"),
    ],
)
def test_a_login_without_usable_tokens_or_through_a_changed_flow_stores_nothing(
    db_session, tx, athlete, settings, garmin, script, code
):
    script(garmin)
    connection = _start(db_session, athlete, settings)

    assert complete_garmin_login(connection.id, tx, settings=settings) == "error"

    db_session.refresh(connection)
    assert (connection.state, connection.last_error) == ("error", code)
    assert connection.pending_secret is None and connection.credentials is None
    texts = message(code, "garmin")
    assert code in known_codes() and texts["en"] != texts["nl"]
    assert texts["en"] != message("provider_login_failed", "garmin")["en"]


def test_a_second_delivery_of_the_login_task_does_nothing(
    db_session, tx, athlete, settings, garmin
):
    connection = _start(db_session, athlete, settings)
    assert complete_garmin_login(connection.id, tx, settings=settings) == "ok"
    logins = len(garmin.requests_to("/mobile/api/login"))

    assert complete_garmin_login(connection.id, tx, settings=settings) == "skipped"
    assert len(garmin.requests_to("/mobile/api/login")) == logins


def test_a_newer_attempt_wins_over_a_login_still_running(
    db_session, tx, athlete, settings, monkeypatch
):
    connection = _start(db_session, athlete, settings)
    real_login = garmin_connect.start_login  # type: ignore[attr-defined]

    def athlete_starts_again(email, password, endpoints):
        _start(db_session, athlete, settings, MFA_RUNNER, MFA_PASSWORD)
        return real_login(email, password, endpoints)

    monkeypatch.setattr(garmin_connect, "start_login", athlete_starts_again)

    assert complete_garmin_login(connection.id, tx, settings=settings) == "superseded"
    db_session.refresh(connection)
    assert connection.state == "connecting" and connection.credentials is None
    pending = open_pending(connection, settings.encryption_key_list(), utcnow())
    assert pending["email"] == MFA_RUNNER


def test_a_duplicate_login_message_waits_its_turn_while_the_first_logs_in(
    db_session, tx, athlete, settings, garmin, monkeypatch
):
    connection = _start(db_session, athlete, settings)
    real_login = garmin_connect.start_login  # type: ignore[attr-defined]
    duplicates = []

    def duplicate_arrives_meanwhile(email, password, endpoints):
        duplicates.append(complete_garmin_login(connection.id, tx, settings=settings, run_key="b"))
        return real_login(email, password, endpoints)

    monkeypatch.setattr(garmin_connect, "start_login", duplicate_arrives_meanwhile)

    assert complete_garmin_login(connection.id, tx, settings=settings, run_key="a") == "ok"
    assert duplicates == ["skipped"]
    assert len(garmin.requests_to("/mobile/api/login")) == 1
    db_session.refresh(connection)
    assert connection.lease_token is None


def test_an_unused_handover_expires_and_the_athlete_starts_again(db_session, tx, athlete, settings):
    connection = _start(db_session, athlete, settings)

    result = sweep(db_session, utcnow() + timedelta(minutes=16))
    db_session.commit()

    assert result.expired_handovers >= 1
    db_session.refresh(connection)
    assert (connection.state, connection.last_error) == ("needs_reauth", "connect_expired")
    assert connection.pending_secret is None
    assert complete_garmin_login(connection.id, tx, settings=settings) == "skipped"


def test_a_code_without_a_pending_mfa_is_refused(db_session, athlete, settings):
    with pytest.raises(Conflict) as refused:
        submit_mfa_code(
            db_session, athlete.id, "123456", now=utcnow(), keys=settings.encryption_key_list()
        )
    assert refused.value.code == "mfa_not_expected"
    assert {"en", "nl"} <= set(refused.value.detail)


def test_logins_of_the_whole_server_take_turns_spaced_apart():
    clock = ManualClock(1000.0)
    turns = TokenBucket(capacity=1.0, refill_per_s=1 / 30)

    granted = [
        wait_for_slot(turns, max_wait_s=300, clock=clock, sleep=clock.sleep) for _ in range(3)
    ]

    assert granted == [True, True, True]
    assert clock.slept == [pytest.approx(30), pytest.approx(30)]
    assert wait_for_slot(turns, max_wait_s=20, clock=clock, sleep=clock.sleep) is False
    assert len(clock.slept) == 2  # refused without waiting


def test_a_login_whose_turn_is_too_far_off_is_refused_before_garmin_sees_it(
    db_session, tx, athlete, make_user, settings, garmin
):
    turns = TokenBucket(capacity=1.0, refill_per_s=1 / 3600)  # the next turn in an hour
    first = _start(db_session, athlete, settings)
    second_athlete = make_user(Role.ATHLETE)
    second = _start(db_session, second_athlete, settings)

    assert complete_garmin_login(first.id, tx, settings=settings, login_limiter=turns) == "ok"
    garmin.clear_requests()
    state = complete_garmin_login(second.id, tx, settings=settings, login_limiter=turns)

    db_session.refresh(second)
    assert (state, second.last_error) == ("error", "login_busy")
    assert second.pending_secret is None and second.credentials is None
    assert garmin.requests == []
    assert message("login_busy", "garmin")["nl"].startswith("Er koppelen nu veel mensen")
