"""429, 401 (with and without a refresh), 5xx and network failure become our own errors."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import httpx
import pytest

from service.demo.fakes.google_health import FakeGoogleHealth, Fault
from service.integrations import google_oauth
from service.integrations.base import AuthExpired, RateLimited, Unavailable
from service.integrations.fitbit import GoogleHealthClient
from service.integrations.google_http import parse_retry_after
from service.integrations.google_oauth import GoogleClient, TokenSet
from tests.unit.fitbit.conftest import CYCLIST, RUNNER

NOVEMBER = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))


class StoredConnection:
    """What the service does under its per-connection lock: reuse or refresh, then persist."""

    def __init__(self, client: GoogleClient, tokens: TokenSet, http: httpx.Client) -> None:
        self.client, self.tokens, self.http = client, tokens, http
        self.refreshes = 0

    def on_unauthorized(self, rejected_access_token: str) -> str:
        if self.tokens.access_token != rejected_access_token:
            return self.tokens.access_token
        self.tokens = google_oauth.refresh(self.client, self.tokens.refresh_token, http=self.http)
        self.refreshes += 1
        return self.tokens.access_token


def connection(fake: FakeGoogleHealth, client: GoogleClient, http: httpx.Client):
    access, refresh_token = fake.issue_tokens(RUNNER)
    tokens = TokenSet(access, refresh_token, datetime(2026, 11, 22, 10, tzinfo=UTC), "")
    stored = StoredConnection(client, tokens, http)
    api = GoogleHealthClient(
        access, api_base=client.api_base, http=http, on_unauthorized=stored.on_unauthorized
    )
    return stored, api


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [("7", 7.0), ("0", 0.0), ("2.5", 2.5), (None, None), ("soon", None)],
)
def test_429_raises_rate_limited_with_retry_after(fake, client, http, retry_after, expected):
    access, _ = fake.issue_tokens(RUNNER)
    fake.script(Fault(429, retry_after=retry_after))
    api = GoogleHealthClient(access, api_base=client.api_base, http=http)
    with pytest.raises(RateLimited) as caught:
        api.list_exercises(*NOVEMBER)
    assert caught.value.retry_after_s == expected


def test_three_429s_in_a_row_each_surface_and_then_the_call_succeeds(fake, client, http):
    access, _ = fake.issue_tokens(RUNNER)
    fake.script(*[Fault(429, retry_after="1")] * 3)
    api = GoogleHealthClient(access, api_base=client.api_base, http=http)
    for _ in range(3):
        with pytest.raises(RateLimited):
            api.identity()
    assert api.identity() == RUNNER


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("Sun, 22 Nov 2026 09:01:30 GMT", 90.0),
        ("Sun, 22 Nov 2026 08:59:00 GMT", 0.0),
        ("-5", 0.0),
        ("", None),
        ("Sunday", None),
    ],
)
def test_retry_after_reads_seconds_and_http_dates(header: str, seconds: float | None):
    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    assert parse_retry_after(header, now) == seconds


def test_401_refreshes_once_persists_the_new_tokens_and_retries(fake, client, http):
    stored, api = connection(fake, client, http)
    old_refresh = stored.tokens.refresh_token
    fake.expire_access_tokens()
    assert api.identity() == RUNNER
    assert stored.refreshes == 1
    assert api.access_token == stored.tokens.access_token
    assert stored.tokens.refresh_token == old_refresh
    paths = [r.path for r in fake.requests]
    assert paths == ["/v4/users/me/identity", "/token", "/v4/users/me/identity"]


def test_a_token_refreshed_by_another_worker_is_reused_without_a_second_refresh(fake, client, http):
    stored, api = connection(fake, client, http)
    fake.expire_access_tokens()
    stored.tokens = google_oauth.refresh(client, stored.tokens.refresh_token, http=http)
    assert api.list_exercises(*NOVEMBER)
    assert stored.refreshes == 0
    assert [r.path for r in fake.requests].count("/token") == 1


def test_401_with_a_rejected_refresh_raises_auth_expired(fake, client, http):
    _, api = connection(fake, client, http)
    fake.expire_access_tokens()
    fake.revoke_refresh_tokens()
    with pytest.raises(AuthExpired):
        api.identity()


def test_401_after_a_successful_refresh_raises_auth_expired(fake, client, http):
    stored, api = connection(fake, client, http)
    fake.script(Fault(401), Fault(401))
    with pytest.raises(AuthExpired):
        api.identity()
    assert stored.refreshes == 1


def test_401_without_a_refresh_callback_raises_auth_expired(fake, client, http):
    access, _ = fake.issue_tokens(RUNNER)
    fake.expire_access_tokens()
    with pytest.raises(AuthExpired):
        GoogleHealthClient(access, api_base=client.api_base, http=http).identity()


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_raises_unavailable(fake, client, http, status):
    access, _ = fake.issue_tokens(RUNNER)
    fake.script(Fault(status))
    with pytest.raises(Unavailable, match=str(status)):
        GoogleHealthClient(access, api_base=client.api_base, http=http).list_exercises(*NOVEMBER)


def test_a_503_on_the_second_page_fails_the_whole_listing(fake, client, http):
    access, _ = fake.issue_tokens(CYCLIST)
    api = GoogleHealthClient(access, api_base=client.api_base, http=http)
    fake.script(Fault(503, after=1))
    with pytest.raises(Unavailable, match="503"):
        api.list_exercises(datetime(2026, 9, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert [bool(r.query.get("pageToken")) for r in fake.api_requests()] == [False, True]


def test_a_client_without_a_given_http_session_owns_and_closes_its_own(fake, client):
    access, _ = fake.issue_tokens(RUNNER)
    with GoogleHealthClient(access, api_base=client.api_base) as api:
        assert api.identity() == RUNNER
    with pytest.raises(RuntimeError):
        api.identity()


def test_an_unreachable_google_raises_unavailable(http):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    api = GoogleHealthClient("token", api_base=f"http://127.0.0.1:{closed_port}/v4", http=http)
    with pytest.raises(Unavailable, match="ConnectError"):
        api.identity()


def test_a_body_that_is_not_json_raises_unavailable():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>"))
    with httpx.Client(transport=transport) as http:
        api = GoogleHealthClient("token", api_base="https://health.test/v4", http=http)
        with pytest.raises(Unavailable, match="not JSON"):
            api.identity()


def test_an_identity_without_health_user_id_raises_unavailable():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"name": "x"}))
    with httpx.Client(transport=transport) as http:
        api = GoogleHealthClient("token", api_base="https://health.test/v4", http=http)
        with pytest.raises(Unavailable, match="healthUserId"):
            api.identity()


def test_a_repeated_page_token_stops_the_listing():
    page = {"dataPoints": [], "nextPageToken": "same"}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=page))
    with httpx.Client(transport=transport) as http:
        api = GoogleHealthClient("token", api_base="https://health.test/v4", http=http)
        with pytest.raises(Unavailable, match="repeated a page token"):
            api.list_exercises(*NOVEMBER)
