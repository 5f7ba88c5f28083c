"""Inputs that changed more than they should ("also harden" list of the hardening round).

* A password is kept exactly as typed (its spaces were stripped), and a much-used one is refused.
* A display name with a line break (an email header injection) is refused at input.
* A physio the athlete does not show symptoms could change the symptom rules' thresholds.
* Posting someone else's push endpoint moved their subscription (and their alerts) to the poster.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.models import PushSubscription
from service.security import hash_password
from tests.security.people import push_keys
from tests.security.world import World

SPACED = "  my spaced pass phrase  "


def _login(client: TestClient, email: str, password: str) -> int:
    body = {"email": email, "password": password}
    return client.post("/api/v1/auth/login", json=body).status_code


def test_a_password_keeps_its_spaces(client: TestClient, db_session: Session, world: World) -> None:
    user = world.other_athlete.user
    user.password_hash = hash_password(SPACED)
    db_session.commit()
    assert _login(client, user.email, SPACED.strip()) == 401
    assert _login(client, user.email, SPACED) == 200


def test_a_much_used_password_is_refused(client: TestClient) -> None:
    for password in ("1234567890", "Password123", "qwertyuiop"):
        body = {"email": "new.runner@example.com", "password": password}
        answer = client.post("/api/v1/auth/signup", json=body)
        assert answer.status_code == 422, (password, answer.text)
        assert answer.json()["detail"][0]["loc"][-1] == "password"


def test_a_line_break_in_a_display_name_is_refused(client: TestClient, world: World) -> None:
    for name in ("Eve\r\nBcc: list@example.com", "Eve\nAdmin", "Eve\x1b[31m"):
        changed = client.patch(
            "/api/v1/me", json={"display_name": name}, headers=world.victim.headers
        )
        assert changed.status_code == 422, name
        body = {"email": "eve@example.com", "password": "not-so-common-9", "display_name": name}
        assert client.post("/api/v1/auth/signup", json=body).status_code == 422, name
    assert world.victim.user.display_name == "Vera Victim-7731"


def test_a_physio_not_shown_symptoms_cannot_change_symptom_thresholds(
    client: TestClient, world: World
) -> None:
    path = f"/api/v1/athletes/{world.victim.id}/policy"
    overrides = {"pain.during_or_after_run": {"ceiling": 4}}
    blind = client.put(path, json={"overrides": overrides}, headers=world.blind_coach.headers)
    assert blind.status_code == 403
    assert blind.json()["error"] == "symptoms_not_shared"
    policy = client.get(path, headers=world.blind_coach.headers).json()
    pain = [p for p in policy["parameters"] if p["rule"].startswith("pain.")]
    assert pain and not any(p["may_change"] for p in pain)
    # a load rule stays theirs to tune
    load: dict[str, dict[str, float]] = {"load.acwr_context": {}}
    assert (
        client.put(path, json={"overrides": load}, headers=world.blind_coach.headers).status_code
        == 200
    )


def test_a_known_push_endpoint_does_not_move_another_users_subscription(
    client: TestClient, db_session: Session, world: World
) -> None:
    victims = db_session.get(PushSubscription, world.ids["subscription"])
    assert victims is not None
    body = {"endpoint": victims.endpoint, "keys": push_keys()}
    taken = client.post(
        "/api/v1/me/push-subscriptions", json=body, headers=world.other_athlete.headers
    )
    assert taken.status_code == 409
    db_session.expire_all()
    assert db_session.get(PushSubscription, world.ids["subscription"]).user_id == world.victim.id
