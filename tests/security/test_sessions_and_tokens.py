"""A new password ends every session and API token; sessions are bounded and can be ended
(OWASP API2, broken authentication).

Item 5 of the hardening round: after a password reset the API tokens went on working, so a
stolen token outlived the password that was reset because of it; there was no way to change the
password, or to see and end sessions, and every sign-in added a session without bound.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.accounts.service import request_password_reset
from service.models import WebSession
from tests.security.people import PASSWORD
from tests.security.world import World

NEW_PASSWORD = "a-fresh-pass-phrase-42"


def test_a_password_reset_ends_every_api_token(
    client: TestClient, db_session: Session, world: World
) -> None:
    assert client.get("/api/v1/me", headers=world.victim.headers).status_code == 200
    issued = request_password_reset(db_session, world.victim.user.email)
    assert issued is not None
    db_session.commit()
    body = {"token": issued[1].plain, "password": NEW_PASSWORD}
    assert client.post("/api/v1/auth/password-reset/confirm", json=body).status_code == 204
    assert client.get("/api/v1/me", headers=world.victim.headers).status_code == 401


def test_a_password_change_ends_every_session_and_token(
    client: TestClient, db_session: Session, world: World
) -> None:
    email = world.victim.user.email
    login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    browser = {"X-CSRF-Token": login.json()["csrf_token"]}
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    changed = client.post("/api/v1/me/password", json=body, headers=browser)
    assert changed.status_code == 204, changed.text
    assert client.get("/api/v1/me", headers=world.victim.headers).status_code == 401
    count = (
        select(func.count()).select_from(WebSession).where(WebSession.user_id == world.victim.id)
    )
    assert db_session.scalar(count) == 0
    again = client.post("/api/v1/auth/login", json={"email": email, "password": NEW_PASSWORD})
    assert again.status_code == 200


def test_sessions_are_bounded_listed_and_ended(
    client: TestClient, db_session: Session, world: World
) -> None:
    email = world.other_athlete.user.email
    for _ in range(13):
        client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    sessions = client.get("/api/v1/me/sessions", headers=world.other_athlete.headers).json()
    assert 1 <= len(sessions) <= 10
    oldest = sessions[-1]["id"]
    path = f"/api/v1/me/sessions/{oldest}"
    assert client.delete(path, headers=world.victim.headers).status_code == 404  # not theirs
    assert client.delete(path, headers=world.other_athlete.headers).status_code == 204
    assert db_session.get(WebSession, oldest) is None
