"""Credential login, MFA across instances, and the login errors, with the real library."""

from __future__ import annotations

import json

import pytest

from service.demo.fakes.garmin_accounts import RECORDED_EMAIL, RECORDED_PASSWORD
from service.demo.fakes.garmin_routes import DI_TOKEN_PATH
from service.demo.fakes.garmin_tokens import jwt_payload
from service.integrations.base import RateLimited
from service.integrations.garmin import (
    LoginFailed,
    LoginFlowFailed,
    LoginOk,
    LoginUnusable,
    MfaCodeRejected,
    MfaRequired,
    resume_login,
    start_login,
)

from .conftest import MFA_CODE, MFA_PASSWORD, MFA_RUNNER, RUNNER, RUNNER_PASSWORD


@pytest.mark.parametrize(
    ("email", "password", "display_name"),
    [
        (RECORDED_EMAIL, RECORDED_PASSWORD, "mtamizi"),
        (RUNNER, RUNNER_PASSWORD, "runner"),
        (RUNNER.upper(), RUNNER_PASSWORD, "runner"),
    ],
)
def test_password_login_returns_a_token_blob(fake, library_pauses, email, password, display_name):
    result = start_login(email, password, fake.endpoints)

    assert isinstance(result, LoginOk)
    assert result.display_name == display_name
    blob = json.loads(result.token_blob)
    assert set(blob) == {"di_token", "di_refresh_token", "di_client_id"}
    claims = jwt_payload(blob["di_token"])
    assert claims["client_id"] == blob["di_client_id"]
    assert fake.tokens.account_for(blob["di_token"]) == fake.account(email).email
    assert [(r.method, r.path) for r in fake.requests[:3]] == [
        ("GET", "/mobile/sso/en_US/sign-in"),
        ("POST", "/mobile/api/login"),
        ("POST", DI_TOKEN_PATH),
    ]
    assert len(library_pauses) == 1
    assert 2.0 <= library_pauses[0] <= 5.0


def test_mfa_login_resumes_from_the_client_state_with_the_code(fake):
    started = start_login(MFA_RUNNER, MFA_PASSWORD, fake.endpoints)

    assert isinstance(started, MfaRequired)
    state = json.loads(started.client_state)
    assert state["flow"] == "ios"
    assert MFA_PASSWORD not in started.client_state
    assert not fake.requests_to(DI_TOKEN_PATH)

    finished = resume_login(started.client_state, MFA_CODE, fake.endpoints)

    assert isinstance(finished, LoginOk)
    assert finished.display_name == "mfa.runner"
    di_token = json.loads(finished.token_blob)["di_token"]
    assert fake.tokens.account_for(di_token) == MFA_RUNNER


def test_a_wrong_mfa_code_is_rejected_and_the_right_one_still_works(fake):
    started = start_login(MFA_RUNNER, MFA_PASSWORD, fake.endpoints)
    assert isinstance(started, MfaRequired)

    with pytest.raises(MfaCodeRejected) as rejected:
        resume_login(started.client_state, "000000", fake.endpoints)
    assert rejected.value.code == "provider_mfa_code_rejected"
    assert not fake.requests_to(DI_TOKEN_PATH)

    assert isinstance(resume_login(started.client_state, MFA_CODE, fake.endpoints), LoginOk)


def test_the_mfa_state_only_works_with_its_own_sso_session(fake):
    started = start_login(MFA_RUNNER, MFA_PASSWORD, fake.endpoints)
    assert isinstance(started, MfaRequired)
    state = json.loads(started.client_state)
    for cookie in state["cookies"]:
        cookie["value"] = "forged"

    with pytest.raises(MfaCodeRejected):
        resume_login(json.dumps(state), MFA_CODE, fake.endpoints)


@pytest.mark.parametrize("client_state", ["", "not json", "[1, 2]", '{"flow": "ios"}'])
def test_an_unreadable_mfa_state_asks_to_start_again(fake, client_state):
    with pytest.raises(LoginFailed):
        resume_login(client_state, MFA_CODE, fake.endpoints)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        (RUNNER, "wrong-password"),
        ("nobody@example.com", RUNNER_PASSWORD),
        (MFA_RUNNER, RUNNER_PASSWORD),
    ],
)
def test_wrong_credentials_raise_login_failed_without_a_token_request(fake, email, password):
    with pytest.raises(LoginFailed) as failed:
        start_login(email, password, fake.endpoints)

    assert type(failed.value) is LoginFailed
    assert failed.value.code == "provider_login_failed"
    assert len(fake.requests_to("/mobile/api/login", "POST")) == 1
    assert not fake.requests_to(DI_TOKEN_PATH)


@pytest.mark.parametrize("status", [429, 427])
def test_blocked_logins_are_rate_limited(fake, status):
    fake.block_logins(status)

    with pytest.raises(RateLimited):
        start_login(RUNNER, RUNNER_PASSWORD, fake.endpoints)

    assert {request.status for request in fake.requests} == {status}
    fake.unblock_logins()
    assert isinstance(start_login(RUNNER, RUNNER_PASSWORD, fake.endpoints), LoginOk)


def test_a_login_whose_di_exchange_failed_is_refused_instead_of_storing_null_tokens(fake):
    fake.refuse_di_exchange()

    with pytest.raises(LoginUnusable) as refused:
        start_login(RUNNER, RUNNER_PASSWORD, fake.endpoints)

    assert refused.value.code == "provider_login_unusable"
    assert fake.requests_to(DI_TOKEN_PATH, "POST")  # the exchange was tried and refused
    assert [r.status for r in fake.requests_to("/gcm/ios")] == [200]  # JWT_WEB fallback worked
    assert any("DI token exchange failed" in text for text in refused.value.attempts)
    missing = "token blob without di_token, di_refresh_token, di_client_id"
    assert refused.value.attempts[-1] == missing
    fake.refuse_di_exchange(False)
    assert isinstance(start_login(RUNNER, RUNNER_PASSWORD, fake.endpoints), LoginOk)


def test_a_changed_login_flow_answering_401_is_not_a_wrong_password(fake):
    fake.block_logins(401)

    with pytest.raises(LoginFlowFailed) as failed:
        start_login(RUNNER, RUNNER_PASSWORD, fake.endpoints)

    assert not isinstance(failed.value, LoginFailed)
    assert failed.value.code == "provider_login_flow_failed"
    attempts = failed.value.attempts
    assert len(attempts) >= 3  # every strategy's error is kept, not only the last one
    assert any(text.startswith("mobile+cffi") for text in attempts)
    assert any(text.startswith("portal+requests") for text in attempts)
    assert "All login strategies exhausted" in attempts[-1]
    assert not fake.requests_to(DI_TOKEN_PATH)
