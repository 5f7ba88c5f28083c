"""Email addresses are verified before they can link or receive health data; nothing tells
which addresses have an account (OWASP API2, broken authentication; API3, data exposure).

Item 1 of the hardening round: an athlete invited ``dr.jansen@example.com``, who had no account;
an attacker signed up with that address, accepted the waiting invitation and read the athlete's
check-ins: the address was never verified. Now an invitation is bound to its address and only an
account that proved the address (a signed, expiring link) can take it up.

Item 11: sign-up answered ``email_taken``, and ``POST /links`` told athletes from coaches and
returned a coach's id and name before they accepted. Both now answer alike for every address.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.alerts.outbox import write_alerts
from service.config import get_settings
from service.models import Finding, Role, User
from tests.security.people import PASSWORD, add_person
from tests.security.world import World

JANSEN = "dr.jansen@example.com"


def _sign_up(client: TestClient, email: str, role: str = "physio") -> dict[str, str]:
    body = {"email": email, "password": PASSWORD, "role": role, "display_name": "Dr Jansen"}
    assert client.post("/api/v1/auth/signup", json=body).status_code in (201, 202)
    login = {"email": email, "password": PASSWORD, "name": "cli"}
    token = client.post("/api/v1/auth/tokens", json=login).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_an_invitation_cannot_be_hijacked_by_signing_up_with_its_address(
    client: TestClient, db_session: Session, world: World
) -> None:
    invited = client.post("/api/v1/links", json={"email": JANSEN}, headers=world.victim.headers)
    assert invited.status_code == 201

    account = _sign_up(client, JANSEN)  # anyone can type the address in
    for link in client.get("/api/v1/links", headers=account).json():
        client.post(f"/api/v1/links/{link['id']}/accept", headers=account)
    checkins = client.get(f"/api/v1/athletes/{world.victim.id}/checkins", headers=account)
    assert checkins.status_code == 404

    # Only whoever reads the address's mail can confirm it; once confirmed, the invitation is
    # that account's to accept.
    from service.accounts.verification import make_token

    owner = db_session.scalar(select(User).where(User.email == JANSEN))
    assert owner is not None
    token = make_token(get_settings(), owner)
    assert client.post("/api/v1/auth/verify-email", json={"token": token}).status_code == 204
    waiting = list(client.get("/api/v1/links", headers=account).json())
    assert [link["status"] for link in waiting] == ["pending"]
    accepted = client.post(f"/api/v1/links/{waiting[0]['id']}/accept", headers=account)
    assert accepted.status_code == 200


def test_an_unverified_account_links_with_nobody(client: TestClient, world: World) -> None:
    coach = _sign_up(client, "new.coach@example.com", "coach")
    made = client.post("/api/v1/links/invite", headers=coach)
    assert (made.status_code, made.json()["error"]) == (403, "email_unverified")
    runner = _sign_up(client, "new.runner@example.com", "athlete")
    invited = client.post("/api/v1/links", json={"email": "x@example.com"}, headers=runner)
    assert (invited.status_code, invited.json()["error"]) == (403, "email_unverified")


def test_a_bad_or_foreign_verification_token_verifies_nothing(client: TestClient) -> None:
    for token in ("not-a-token", "eyJ1IjoxfQ.AAAA", "a" * 60 + "." + "b" * 43):
        answer = client.post("/api/v1/auth/verify-email", json={"token": token})
        assert (answer.status_code, answer.json()["error"]) == (422, "verification_link_invalid")


def test_no_health_alert_is_emailed_to_an_unverified_address(
    db_session: Session, world: World
) -> None:
    world.victim.user.email_verified_at = None
    finding = db_session.get(Finding, world.ids["symptom_finding"])
    assert finding is not None
    alerts = write_alerts(db_session, finding)
    assert not [a for a in alerts if a.recipient_id == world.victim.id and a.channel == "email"]
    assert [a for a in alerts if a.recipient_id == world.coach.id and a.channel == "email"]


def test_sign_up_answers_alike_for_a_taken_and_a_free_address(
    client: TestClient, world: World
) -> None:
    answers = []
    for email in (world.coach.user.email, "free.address@example.com"):
        body = {"email": email, "password": "yet-another-phrase-9"}
        answer = client.post("/api/v1/auth/signup", json=body)
        answers.append((answer.status_code, answer.json()))
    assert answers[0] == answers[1]


def _shape(answer: Any) -> tuple[int, Any]:
    body = answer.json()
    if isinstance(body, dict) and "id" in body:
        body = {k: v for k, v in body.items() if k not in ("id", "created_at", "invite_email")}
    return answer.status_code, body


def test_inviting_answers_alike_for_every_kind_of_address(
    client: TestClient, db_session: Session, world: World
) -> None:
    unverified = add_person(db_session, Role.COACH, "Unverified Coach")
    unverified.user.email_verified_at = None
    db_session.commit()
    addresses = {
        "nobody": "nobody.here@example.com",
        "athlete": world.other_athlete.user.email,
        "coach": world.other_coach.user.email,
        "unverified_coach": unverified.user.email,
        "admin": world.admin.user.email,
    }
    shapes = {}
    for kind, email in addresses.items():
        answer = client.post("/api/v1/links", json={"email": email}, headers=world.victim.headers)
        shapes[kind] = _shape(answer)
        text = answer.text
        for person in (world.other_athlete, world.other_coach, unverified, world.admin):
            assert person.user.display_name not in text, kind
    assert len({repr(shape) for shape in shapes.values()}) == 1, shapes
