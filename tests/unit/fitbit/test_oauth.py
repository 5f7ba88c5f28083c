"""Google OAuth with PKCE against the loopback fake: URL, exchange, refresh, token storage."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.demo.fakes.google_health import FakeGoogleHealth, Fault
from service.integrations import google_oauth
from service.integrations.base import AuthExpired, RateLimited, Unavailable
from service.integrations.google_oauth import GoogleClient, TokenSet
from tests.unit.fitbit.conftest import RUNNER

REDIRECT = "https://loadwatch.example/connections/fitbit/callback"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def authorize(client: GoogleClient, http: httpx.Client) -> tuple[str, str, str]:
    """Run the browser step against the fake: returns (code, returned state, verifier)."""
    url, state, verifier = google_oauth.authorization_url(
        client, REDIRECT, google_oauth.FITBIT_SCOPES
    )
    answer = http.get(url)
    assert answer.status_code == 302
    callback = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert callback["state"] == [state]
    return callback["code"][0], state, verifier


def test_authorization_url_asks_for_pkce_state_scopes_and_offline_access(client: GoogleClient):
    url, state, verifier = google_oauth.authorization_url(
        client, REDIRECT, google_oauth.FITBIT_SCOPES
    )
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    expected_challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == client.auth_url
    assert query == {
        "client_id": client.client_id,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": " ".join(google_oauth.FITBIT_SCOPES),
        "state": state,
        "code_challenge": expected_challenge,
        "code_challenge_method": "S256",
        "access_type": "offline",
        "prompt": "consent",
        "include_granted_scopes": "true",
    }
    assert re.fullmatch(r"[A-Za-z0-9_-]{43,128}", verifier)
    assert len(state) >= 32


def test_every_authorization_gets_a_fresh_state_and_verifier(client: GoogleClient):
    first = google_oauth.authorization_url(client, REDIRECT, google_oauth.FITBIT_SCOPES)
    second = google_oauth.authorization_url(client, REDIRECT, google_oauth.FITBIT_SCOPES)
    assert first[1] != second[1]
    assert first[2] != second[2]


def test_code_challenge_matches_the_rfc7636_example():
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"  # RFC 7636 appendix B
    assert google_oauth.code_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_code_exchange_returns_tokens_with_expiry_and_scope(
    fake: FakeGoogleHealth, client: GoogleClient, http: httpx.Client
):
    code, _, verifier = authorize(client, http)
    tokens = google_oauth.exchange_code(client, code, verifier, REDIRECT, http=http, now=NOW)
    assert tokens.access_token in fake.access_tokens
    assert tokens.refresh_token in fake.refresh_tokens
    assert tokens.expires_at == NOW + timedelta(seconds=fake.access_token_lifetime_s)
    assert tokens.scopes == frozenset(google_oauth.FITBIT_SCOPES)
    token_request = next(r for r in fake.requests if r.path == "/token")
    assert token_request.form["grant_type"] == ["authorization_code"]
    assert token_request.form["code_verifier"] == [verifier]


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda code, verifier: (code, verifier + "x"), id="wrong-verifier"),
        pytest.param(lambda code, verifier: (code + "x", verifier), id="unknown-code"),
    ],
)
def test_a_refused_code_raises_auth_expired(client: GoogleClient, http: httpx.Client, tamper):
    code, _, verifier = authorize(client, http)
    bad_code, bad_verifier = tamper(code, verifier)
    with pytest.raises(AuthExpired):
        google_oauth.exchange_code(client, bad_code, bad_verifier, REDIRECT, http=http)


def test_a_code_works_only_once(client: GoogleClient, http: httpx.Client):
    code, _, verifier = authorize(client, http)
    google_oauth.exchange_code(client, code, verifier, REDIRECT, http=http)
    with pytest.raises(AuthExpired):
        google_oauth.exchange_code(client, code, verifier, REDIRECT, http=http)


def test_a_wrong_client_secret_is_our_fault_not_the_athletes(
    client: GoogleClient, http: httpx.Client
):
    code, _, verifier = authorize(client, http)
    wrong = GoogleClient(client.client_id, "not-the-secret", client.auth_url, client.token_url)
    with pytest.raises(Unavailable, match="invalid_client"):
        google_oauth.exchange_code(wrong, code, verifier, REDIRECT, http=http)


def test_refresh_without_rotation_keeps_the_old_refresh_token(
    fake: FakeGoogleHealth, client: GoogleClient, http: httpx.Client
):
    access, refresh_token = fake.issue_tokens(RUNNER, google_oauth.ACTIVITY_READ_SCOPE)
    tokens = google_oauth.refresh(client, refresh_token, http=http, now=NOW)
    assert tokens.refresh_token == refresh_token
    assert tokens.access_token not in (access, refresh_token)
    assert tokens.expires_at == NOW + timedelta(seconds=3599)


def test_refresh_with_rotation_replaces_the_refresh_token_and_burns_the_old_one(
    fake: FakeGoogleHealth, client: GoogleClient, http: httpx.Client
):
    fake.rotate_refresh_tokens = True
    _, old = fake.issue_tokens(RUNNER)
    rotated = google_oauth.refresh(client, old, http=http)
    assert rotated.refresh_token != old
    assert google_oauth.refresh(client, rotated.refresh_token, http=http).access_token
    with pytest.raises(AuthExpired):
        google_oauth.refresh(client, old, http=http)


def test_a_revoked_refresh_token_raises_auth_expired(
    fake: FakeGoogleHealth, client: GoogleClient, http: httpx.Client
):
    _, refresh_token = fake.issue_tokens(RUNNER)
    fake.revoke_refresh_tokens()
    with pytest.raises(AuthExpired):
        google_oauth.refresh(client, refresh_token, http=http)


@pytest.mark.parametrize(
    ("fault", "error", "retry_after"),
    [
        (Fault(429, retry_after="12", path_contains="/token"), RateLimited, 12.0),
        (Fault(503, path_contains="/token"), Unavailable, None),
    ],
)
def test_token_endpoint_trouble_maps_to_our_errors(
    fake: FakeGoogleHealth, client: GoogleClient, http: httpx.Client, fault, error, retry_after
):
    _, refresh_token = fake.issue_tokens(RUNNER)
    fake.script(fault)
    with pytest.raises(error) as caught:
        google_oauth.refresh(client, refresh_token, http=http)
    assert getattr(caught.value, "retry_after_s", None) == retry_after


@pytest.mark.parametrize(
    ("expires_in_s", "expected"),
    [(-1, True), (0, True), (119, True), (120, True), (121, False), (3599, False)],
)
def test_expires_within_uses_a_two_minute_margin(expires_in_s: int, expected: bool):
    tokens = TokenSet("a", "r", NOW + timedelta(seconds=expires_in_s), "")
    assert tokens.expires_within(NOW) is expected


def test_missing_scopes_names_what_the_athlete_unticked():
    tokens = TokenSet("a", "r", NOW, google_oauth.PROFILE_READ_SCOPE)
    missing = tokens.missing_scopes(google_oauth.FITBIT_SCOPES)
    assert missing == frozenset({google_oauth.ACTIVITY_READ_SCOPE})


def test_token_set_refuses_naive_expiry_and_hides_secrets_in_repr():
    with pytest.raises(ValueError, match="timezone-aware"):
        TokenSet("a", "r", datetime(2026, 11, 22, 9, 0), "")  # noqa: DTZ001
    shown = repr(TokenSet("ya29.secret", "1//secret", NOW, "scope"))
    assert "secret" not in shown


tokens_strategy = st.builds(
    TokenSet,
    access_token=st.text(min_size=1),
    refresh_token=st.text(min_size=1),
    expires_at=st.datetimes(timezones=st.just(UTC)),
    scope=st.text(),
)


@given(tokens_strategy)
def test_token_set_json_round_trips(tokens: TokenSet):
    assert TokenSet.from_json(tokens.to_json()) == tokens
