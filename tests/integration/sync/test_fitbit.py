"""Fitbit through the Google Health API: consent with PKCE and state, sync, refresh under lock."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
import redis
from sqlalchemy import select

from service.accounts.service import create_user
from service.clock import utcnow
from service.connections import fitbit_sync
from service.connections.credentials import open_credentials
from service.connections.fitbit_connect import (
    finish_fitbit_authorization,
    start_fitbit_authorization,
)
from service.connections.fitbit_sync import google_client, refreshed_access_token
from service.connections.limits import RedisTokenBucket
from service.connections.policy import SyncPolicy
from service.connections.sync import sync_connection
from service.db import session_scope
from service.demo.fakes.google_health import Fault
from service.errors import BadRequest, Conflict
from service.integrations.google_oauth import ACTIVITY_READ_SCOPE, TokenSet
from service.models import Activity, Connection, Role, SyncRun

from .support import HEALTH_USER, seed_connection, workouts


def _consent(url: str, *, drop_scope: str | None = None) -> dict[str, str]:
    """Play the browser at the fake consent screen; returns the redirect's query."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    if drop_scope:
        query["scope"] = " ".join(s for s in query["scope"].split() if s != drop_scope)
    answer = httpx.get(f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}")
    assert answer.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["location"]).query).items()}


def _authorize(db_session, athlete, settings):
    url = start_fitbit_authorization(db_session, athlete.id, settings, now=utcnow())
    db_session.commit()
    return url


def _finish(db_session, athlete, settings, **query):
    connection = finish_fitbit_authorization(
        db_session,
        athlete.id,
        settings,
        code=query.get("code"),
        state=query.get("state", ""),
        error=query.get("error"),
        now=utcnow(),
    )
    db_session.commit()
    return connection


def test_consent_with_pkce_stores_sealed_tokens_and_queues_the_backfill(
    db_session, athlete, fitbit_settings, google, sent_tasks
):
    url = _authorize(db_session, athlete, fitbit_settings)
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"] and query["access_type"] == ["offline"]
    assert query["redirect_uri"] == ["http://testserver/api/v1/connections/fitbit/callback"]

    connection = _finish(db_session, athlete, fitbit_settings, **_consent(url))

    assert (connection.state, connection.pending_secret) == ("ok", None)
    tokens = TokenSet.from_json(open_credentials(connection, fitbit_settings.encryption_key_list()))
    assert ACTIVITY_READ_SCOPE in tokens.scopes
    assert tokens.access_token.encode() not in connection.credentials
    assert sent_tasks[-1] == ("connections.sync", {"connection_id": connection.id})


def test_a_wrong_or_reused_state_is_refused(db_session, athlete, fitbit_settings):
    url = _authorize(db_session, athlete, fitbit_settings)
    answer = _consent(url)

    with pytest.raises(BadRequest) as wrong:
        _finish(db_session, athlete, fitbit_settings, code=answer["code"], state="forged")
    assert wrong.value.code == "oauth_state_mismatch"
    db_session.rollback()
    _finish(db_session, athlete, fitbit_settings, **answer)
    with pytest.raises(BadRequest):
        _finish(db_session, athlete, fitbit_settings, **answer)


def test_another_athletes_state_is_refused(db_session, athlete, make_user, fitbit_settings):
    url = _authorize(db_session, athlete, fitbit_settings)
    stranger = make_user(Role.ATHLETE)
    _authorize(db_session, stranger, fitbit_settings)

    with pytest.raises(BadRequest):
        _finish(db_session, stranger, fitbit_settings, **_consent(url))


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        ("denied", "oauth_denied"),
        ("scope", "oauth_scope_missing"),
        ("code", "oauth_exchange_failed"),
    ],
)
def test_an_incomplete_consent_is_recorded_with_a_message(
    db_session, athlete, fitbit_settings, tamper, code
):
    url = _authorize(db_session, athlete, fitbit_settings)
    answer = _consent(url, drop_scope=ACTIVITY_READ_SCOPE if tamper == "scope" else None)
    if tamper == "denied":
        answer = {"error": "access_denied", "state": answer["state"]}
    if tamper == "code":
        answer["code"] = "4/not-a-code-the-fake-issued"

    connection = _finish(db_session, athlete, fitbit_settings, **answer)

    assert (connection.state, connection.last_error) == ("needs_reauth", code)
    assert connection.credentials is None and connection.pending_secret is None


def test_without_a_google_client_fitbit_explains_how_to_configure_one(
    db_session, athlete, settings
):
    assert google_client(settings) is None
    with pytest.raises(Conflict) as refused:
        start_fitbit_authorization(db_session, athlete.id, settings, now=utcnow())
    assert refused.value.code == "fitbit_not_configured"
    assert "LOADWATCH_GOOGLE__CLIENT_ID" in refused.value.detail["en"]
    assert "LOADWATCH_GOOGLE__CLIENT_ID" in refused.value.detail["nl"]


def test_sync_pages_through_workouts_and_learns_the_health_user(
    db_session, tx, athlete, connect_fitbit, fitbit_settings, google
):
    connection = connect_fitbit(athlete)
    one_window = SyncPolicy(chunk_days=120)  # all 30 workouts in one listing: two pages

    assert sync_connection(connection.id, tx, settings=fitbit_settings, policy=one_window) == "ok"

    stored = db_session.scalars(
        select(Activity).where(Activity.athlete_id == athlete.id).order_by(Activity.start_utc)
    ).all()
    expected = workouts()
    assert [a.external_id for a in stored] == [w.point_id for w in expected]
    assert [a.distance_m for a in stored] == pytest.approx([w.distance_m for w in expected])
    assert [a.sport for a in stored][:3] == ["running", "cycling", "walking"]
    db_session.refresh(connection)
    assert connection.external_user_id == HEALTH_USER
    pages = [r for r in google.api_requests() if r.path.endswith("/dataPoints")]
    assert ["pageToken" in r.query for r in pages] == [False, True]
    run = db_session.scalars(select(SyncRun)).one()
    assert (run.fetched, run.created) == (30, 30)


def test_an_expired_access_token_is_refreshed_first_and_a_refused_one_on_401(
    db_session, tx, athlete, connect_fitbit, fitbit_settings, google
):
    google.rotate_refresh_tokens = True
    connection = connect_fitbit(athlete, expires_in_s=30)  # inside the two-minute margin
    keys = fitbit_settings.encryption_key_list()
    before = TokenSet.from_json(open_credentials(connection, keys))
    google.script(Fault(401, path_contains="/dataPoints", after=1))

    assert sync_connection(connection.id, tx, settings=fitbit_settings) == "ok"

    db_session.refresh(connection)
    after = TokenSet.from_json(open_credentials(connection, keys))
    refreshes = [r for r in google.requests if r.path == "/token"]
    assert len(refreshes) == 2  # once before the run, once after the scripted 401
    assert after.refresh_token != before.refresh_token
    assert after.refresh_token in google.refresh_tokens


def test_a_revoked_grant_needs_reauthorisation(
    db_session, tx, athlete, connect_fitbit, fitbit_settings, google
):
    connection = connect_fitbit(athlete, expires_in_s=10)
    google.revoke_refresh_tokens()

    assert sync_connection(connection.id, tx, settings=fitbit_settings) == "needs_reauth"
    db_session.refresh(connection)
    assert connection.last_error == "provider_auth_expired"


def test_a_429_from_google_waits_for_its_retry_after(
    db_session, tx, athlete, connect_fitbit, fitbit_settings, google
):
    connection = connect_fitbit(athlete)
    google.script(Fault(429, retry_after="90", path_contains="/dataPoints"))
    before = utcnow()

    assert sync_connection(connection.id, tx, settings=fitbit_settings) == "rate_limited"
    db_session.refresh(connection)
    assert connection.next_attempt_at >= before + timedelta(seconds=90)


def test_two_workers_refreshing_at_once_spend_the_refresh_token_once(
    private_database, google, fitbit_settings, monkeypatch
):
    google.rotate_refresh_tokens = True
    settings = private_database
    keys = fitbit_settings.encryption_key_list()
    with session_scope(settings) as session:
        user = create_user(
            session, email="two@example.com", password="a-long-password", role=Role.ATHLETE
        )
        session.flush()
        access, refresh = google.issue_tokens(HEALTH_USER, ACTIVITY_READ_SCOPE)
        tokens = TokenSet(access, refresh, utcnow() + timedelta(hours=1), ACTIVITY_READ_SCOPE)
        connection_id = seed_connection(session, user, "fitbit", tokens.to_json(), keys).id
    real_refresh = fitbit_sync.google_oauth.refresh  # type: ignore[attr-defined]

    def slow_refresh(*args, **kwargs):
        time.sleep(0.3)  # widen the window in which a second refresher could slip in
        return real_refresh(*args, **kwargs)

    monkeypatch.setattr(fitbit_sync.google_oauth, "refresh", slow_refresh)  # type: ignore[attr-defined]
    client = google_client(fitbit_settings)
    start = threading.Barrier(2)
    results: list[str] = []

    def worker() -> None:
        start.wait()
        results.append(
            refreshed_access_token(
                access,
                connection_id=connection_id,
                transactions=lambda: session_scope(settings),
                client=client,
                keys=keys,
            )
        )

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert len(results) == 2 and results[0] == results[1] != access
    assert len([r for r in google.requests if r.path == "/token"]) == 1
    with session_scope(settings) as session:
        stored = TokenSet.from_json(
            open_credentials(session.get_one(Connection, connection_id), keys)
        )
    assert stored.access_token == results[0] and stored.refresh_token in google.refresh_tokens


def test_the_per_user_limit_is_shared_through_redis(redis_url):
    client = redis.Redis.from_url(redis_url)
    key = f"loadwatch:limiter:test:{time.monotonic_ns()}"
    first = RedisTokenBucket.for_quota(client, key, requests_per_minute=60)
    second = RedisTokenBucket.for_quota(client, key, requests_per_minute=60)
    try:
        burst = [first.acquire(0.0) for _ in range(12)]  # capacity = 60 / 5
        waits = [second.acquire(0.0), first.acquire(0.0)]
    finally:
        client.delete(key)
    assert burst == [0.0] * 12
    assert all(0.0 < wait <= 1.25 for wait in waits)  # refill 48 / 60 s: 1.25 s per request
