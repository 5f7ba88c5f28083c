"""Token refresh and rotation, revocation, 429, 503 and network failure, with the real library."""

from __future__ import annotations

import base64
import json
from datetime import date

import httpx
import pytest

from service.demo.fakes.garmin_accounts import synthesized_account
from service.demo.fakes.garmin_api import ACTIVITY_LIST_PATH
from service.demo.fakes.garmin_routes import DI_TOKEN_PATH
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.integrations.base import AuthExpired, RateLimited, Unavailable
from service.integrations.garmin import GarminSession, LoginOk, start_login

from .conftest import RUNNER, RUNNER_PASSWORD, runner_activities

JUNE = (date(2026, 6, 1), date(2026, 6, 30))


def _refresh_with(fake: FakeGarminConnect, blob: dict[str, str]) -> httpx.Response:
    """The refresh request the library sends, made by hand to test the fake's rotation."""
    basic = base64.b64encode(f"{blob['di_client_id']}:".encode()).decode()
    return httpx.post(
        fake.base_url + DI_TOKEN_PATH,
        headers={"Authorization": f"Basic {basic}"},
        data={
            "grant_type": "refresh_token",
            "client_id": blob["di_client_id"],
            "refresh_token": blob["di_refresh_token"],
        },
    )


def test_a_token_near_expiry_is_refreshed_and_the_rotated_one_is_returned(fake, tokens_for):
    fake.add_account(synthesized_account("short@example.com", "short-password", access_ttl_s=600))
    old = json.loads(tokens_for("short@example.com", "short-password"))
    assert fake.tokens.is_live_refresh_token(old["di_refresh_token"])
    refreshes_before = fake.tokens.refreshes

    with GarminSession(json.dumps(old), fake.endpoints) as session:
        session.list_activities(*JUNE)
        new = json.loads(session.token_blob())

    assert fake.tokens.refreshes == refreshes_before + 1
    assert new["di_refresh_token"] != old["di_refresh_token"]
    assert new["di_token"] != old["di_token"]
    assert fake.tokens.is_live_refresh_token(new["di_refresh_token"])
    assert not fake.tokens.is_live_refresh_token(old["di_refresh_token"])
    rejected = _refresh_with(fake, old)
    assert (rejected.status_code, rejected.json()["error"]) == (400, "invalid_grant")


def test_a_401_refreshes_once_retries_and_rotates(fake, tokens_for):
    old = json.loads(tokens_for(RUNNER, RUNNER_PASSWORD))
    fake.expire_access_tokens(RUNNER)
    fake.clear_requests()

    with GarminSession(json.dumps(old), fake.endpoints) as session:
        activities = session.list_activities(*JUNE)
        new = json.loads(session.token_blob())

    assert len(activities) == len(runner_activities())
    assert [(r.path, r.status) for r in fake.requests[:3]] == [
        (ACTIVITY_LIST_PATH, 401),
        (DI_TOKEN_PATH, 200),
        (ACTIVITY_LIST_PATH, 200),
    ]
    assert new["di_refresh_token"] != old["di_refresh_token"]
    with GarminSession(json.dumps(new), fake.endpoints) as again:
        assert len(again.list_activities(*JUNE)) == len(activities)
    assert _refresh_with(fake, old).status_code == 400


def test_a_revoked_token_is_auth_expired(fake, tokens_for):
    blob = tokens_for(RUNNER, RUNNER_PASSWORD)
    fake.revoke(RUNNER)
    fake.clear_requests()

    with GarminSession(blob, fake.endpoints) as session, pytest.raises(AuthExpired) as expired:
        session.list_activities(*JUNE)

    assert expired.value.code == "provider_auth_expired"
    assert [(r.path, r.status) for r in fake.requests] == [
        (ACTIVITY_LIST_PATH, 401),
        (DI_TOKEN_PATH, 400),
        (ACTIVITY_LIST_PATH, 401),
    ]


@pytest.mark.parametrize("blob", ["", "{}", "not json", '{"di_token": null}'])
def test_an_unreadable_token_blob_is_auth_expired(fake, blob):
    with pytest.raises(AuthExpired):
        GarminSession(blob, fake.endpoints)
    assert fake.requests == []


@pytest.mark.parametrize(("header", "seconds"), [("30", 30.0), ("1", 1.0), (None, None)])
def test_429_is_rate_limited_with_retry_after_and_not_retried(fake, tokens_for, header, seconds):
    blob = tokens_for(RUNNER, RUNNER_PASSWORD)
    fake.rate_limit(RUNNER, times=2, retry_after=header)
    fake.clear_requests()

    with GarminSession(blob, fake.endpoints) as session:
        with pytest.raises(RateLimited) as limited:
            session.list_activities(*JUNE)
        assert limited.value.retry_after_s == seconds
        assert [r.status for r in fake.requests] == [429]
        with pytest.raises(RateLimited):
            session.get_activity("30000000000")
        assert len(session.list_activities(*JUNE)) == len(runner_activities())


def test_429_while_loading_the_profile_is_not_mistaken_for_expiry(fake, tokens_for):
    blob = tokens_for(RUNNER, RUNNER_PASSWORD)
    fake.rate_limit(RUNNER, times=1, retry_after="12")

    with GarminSession(blob, fake.endpoints) as session, pytest.raises(RateLimited) as limited:
        session.daily_wellness(*JUNE)

    assert limited.value.retry_after_s == 12.0


def test_503_is_retried_by_the_library_then_succeeds(fake, tokens_for, library_pauses):
    blob = tokens_for(RUNNER, RUNNER_PASSWORD)
    fake.fail_unavailable(RUNNER, times=2)
    fake.clear_requests()
    library_pauses.clear()

    with GarminSession(blob, fake.endpoints) as session:
        activities = session.list_activities(*JUNE)

    assert len(activities) == len(runner_activities())
    assert [r.status for r in fake.requests_to(ACTIVITY_LIST_PATH)][:3] == [503, 503, 200]
    assert len(library_pauses) == 2
    assert all(0.5 <= pause <= 10.0 for pause in library_pauses)


def test_503_beyond_the_retries_is_unavailable(fake, tokens_for):
    blob = tokens_for(RUNNER, RUNNER_PASSWORD)
    fake.fail_unavailable(RUNNER, times=10)
    fake.clear_requests()

    with GarminSession(blob, fake.endpoints) as session, pytest.raises(Unavailable) as down:
        session.get_activity("30000000000")

    assert down.value.code == "provider_unavailable"
    assert [r.status for r in fake.requests] == [503, 503, 503, 503]


def test_an_unreachable_garmin_is_unavailable(library_pauses):
    server = FakeGarminConnect([synthesized_account(RUNNER, RUNNER_PASSWORD)]).start()
    login = start_login(RUNNER, RUNNER_PASSWORD, server.endpoints)
    endpoints = server.endpoints
    server.stop()
    assert isinstance(login, LoginOk)
    blob = login.token_blob

    with GarminSession(blob, endpoints) as session, pytest.raises(Unavailable):
        session.list_activities(*JUNE)
