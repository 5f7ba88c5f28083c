"""Sign-up, sign-in, tokens, sessions with CSRF, password reset."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.models import ApiToken, PasswordReset, User, WebSession
from tests.api.conftest import PASSWORD, Api


def count(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.usefixtures("production_password_hashing")
def test_signup_stores_an_argon2id_hash(api: Api, db_session: Session) -> None:
    user = api.signup("Ann@Example.com")
    assert user["email"] == "ann@example.com"
    stored = db_session.get(User, user["id"])
    assert stored is not None
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"email": "not-an-email", "password": PASSWORD}, "validation_error"),
        ({"email": "a@example.com", "password": "short"}, "validation_error"),
        ({"email": "a@example.com", "password": PASSWORD, "is_admin": True}, "validation_error"),
        ({"email": "a@example.com", "password": PASSWORD, "role": "admin"}, "validation_error"),
        (
            {"email": "a@example.com", "password": PASSWORD, "timezone": "Mars/Olympus"},
            "validation_error",
        ),
        ({"email": "a@example.com"}, "validation_error"),
    ],
)
def test_bad_signup_is_rejected_and_stores_nothing(
    client: TestClient, db_session: Session, body: dict[str, Any], code: str
) -> None:
    response = client.post("/api/v1/auth/signup", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == code
    assert PASSWORD not in response.text
    assert count(db_session, User) == 0


def test_second_signup_with_same_email_answers_alike_and_adds_nobody(
    api: Api, client: TestClient, db_session: Session
) -> None:
    api.signup("ann@example.com")
    body = {"email": "ANN@example.com", "password": PASSWORD}
    again = client.post("/api/v1/auth/signup", json=body)
    fresh = client.post("/api/v1/auth/signup", json={**body, "email": "bob@example.com"})
    assert again.status_code == fresh.status_code == 202
    assert again.json() == fresh.json()
    assert count(db_session, User) == 2


def test_malformed_json_gets_the_envelope(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/signup", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"


def test_tokens_are_stored_hashed_and_work(
    api: Api, client: TestClient, db_session: Session
) -> None:
    api.signup("ann@example.com")
    response = client.post(
        "/api/v1/auth/tokens", json={"email": "ann@example.com", "password": PASSWORD}
    )
    token = response.json()["token"]
    stored = db_session.scalars(select(ApiToken)).one()
    assert stored.token_hash != token and token not in stored.token_hash
    assert len(stored.token_hash) == 64
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["email"] == "ann@example.com"


def test_wrong_password_and_unknown_email_answer_alike(api: Api, client: TestClient) -> None:
    api.signup("ann@example.com")
    wrong = client.post(
        "/api/v1/auth/login", json={"email": "ann@example.com", "password": "x" * 12}
    )
    unknown = client.post(
        "/api/v1/auth/login", json={"email": "bob@example.com", "password": "x" * 12}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_no_credentials_and_bad_token_get_401(client: TestClient) -> None:
    assert client.get("/api/v1/me").json()["error"] == "not_authenticated"
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer lw_nope"})
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_token"


def test_revoked_token_stops_working(api: Api, client: TestClient) -> None:
    _, headers = api.user("ann@example.com")
    token_id = client.get("/api/v1/me/tokens", headers=headers).json()[0]["id"]
    assert client.delete(f"/api/v1/me/tokens/{token_id}", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_cookie_session_needs_csrf_for_changes(
    api: Api, client: TestClient, db_session: Session
) -> None:
    api.signup("ann@example.com")
    login = client.post(
        "/api/v1/auth/login", json={"email": "ann@example.com", "password": PASSWORD}
    )
    assert login.status_code == 200
    cookie = login.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    stored = db_session.scalars(select(WebSession)).one()
    assert client.cookies.get("lw_session") not in stored.token_hash
    assert client.get("/api/v1/me").status_code == 200
    change = {"display_name": "Annie"}
    assert client.patch("/api/v1/me", json=change).json()["error"] == "csrf_failed"
    csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
    foreign = client.patch(
        "/api/v1/me", json=change, headers={**csrf, "Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    assert client.patch("/api/v1/me", json=change, headers=csrf).json()["display_name"] == "Annie"
    assert client.post("/api/v1/auth/logout", headers=csrf).status_code == 204
    assert client.get("/api/v1/me").status_code == 401


def test_login_is_throttled_after_repeated_failures(api: Api, client: TestClient) -> None:
    api.signup("throttle-me@example.com")
    bad = {"email": "throttle-me@example.com", "password": "wrong-password-1"}
    statuses = [client.post("/api/v1/auth/login", json=bad).status_code for _ in range(7)]
    # five free attempts; the sixth holds the next one back for 15 seconds
    assert statuses[:6] == [401] * 6
    assert statuses[6] == 429
    good = {"email": "throttle-me@example.com", "password": PASSWORD}
    assert client.post("/api/v1/auth/login", json=good).status_code == 429


def test_password_reset_is_single_use(
    api: Api, client: TestClient, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []
    monkeypatch.setattr(
        "service.accounts.api.send_password_reset",
        lambda settings, to, name, locale, token: sent.append(token),
    )
    api.signup("ann@example.com")
    for email in ("ann@example.com", "nobody@example.com"):
        response = client.post("/api/v1/auth/password-reset", json={"email": email})
        assert response.status_code == 202
    assert len(sent) == 1
    assert sent[0] not in db_session.scalars(select(PasswordReset)).one().token_hash
    new_password = "a-brand-new-passphrase"
    body = {"token": sent[0], "password": new_password}
    assert client.post("/api/v1/auth/password-reset/confirm", json=body).status_code == 204
    again = client.post("/api/v1/auth/password-reset/confirm", json=body)
    assert again.status_code == 422 and again.json()["error"] == "reset_link_invalid"
    login = client.post(
        "/api/v1/auth/login", json={"email": "ann@example.com", "password": new_password}
    )
    assert login.status_code == 200


def test_unknown_route_and_method_use_the_envelope(client: TestClient) -> None:
    assert client.get("/api/v1/nope").json() == {"error": "not_found", "detail": None}
    assert client.delete("/api/v1/auth/signup").json()["error"] == "method_not_allowed"
