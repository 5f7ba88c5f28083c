"""loadwatch cannot be made to flood a mailbox (OWASP API4, resource use; API6, business flows).

Item 8 of the hardening round: ``/auth/password-reset`` sent 15 emails in a second, and an
athlete could send any number of invitations, carrying their display name, to addresses without
an account. Now reset mail is limited per address and per client, invitations per account and
per address; the reset answer stays the same either way.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.security.world import World


@pytest.fixture
def mailed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The recipients of every reset and invitation mail the routes hand over for sending."""
    sent: list[str] = []

    def record(_settings: Any, to: str, *_args: Any) -> None:
        sent.append(to)

    monkeypatch.setattr("service.accounts.api.send_password_reset", record)
    monkeypatch.setattr("service.athletes.api.send_staff_invite", record)
    return sent


def test_reset_mail_to_one_address_is_limited(
    client: TestClient, world: World, mailed: list[str]
) -> None:
    email = world.victim.user.email
    answers = {
        client.post("/api/v1/auth/password-reset", json={"email": email}).status_code
        for _ in range(15)
    }
    assert answers == {202}
    assert 1 <= len(mailed) <= 3


def test_reset_mail_from_one_client_is_limited(
    client: TestClient, db_session: Any, mailed: list[str]
) -> None:
    from service.models import Role
    from tests.security.people import add_person

    people = [add_person(db_session, Role.ATHLETE) for _ in range(15)]
    db_session.commit()
    for person in people:
        body = {"email": person.user.email}
        assert client.post("/api/v1/auth/password-reset", json=body).status_code == 202
    assert 1 <= len(mailed) <= 10


def test_invitations_are_limited_per_account(
    client: TestClient, world: World, mailed: list[str]
) -> None:
    codes = []
    for n in range(25):
        body = {"email": f"stranger{n}@example.com"}
        codes.append(
            client.post("/api/v1/links", json=body, headers=world.victim.headers).status_code
        )
    assert codes.count(201) <= 20 and codes[-1] == 429
    assert len(mailed) <= 20


def test_invitations_to_one_address_are_limited(
    client: TestClient, db_session: Any, mailed: list[str]
) -> None:
    from service.models import Role
    from tests.security.people import add_person

    senders = [add_person(db_session, Role.ATHLETE) for _ in range(5)]
    db_session.commit()
    target = "one.inbox@example.com"
    for sender in senders:
        client.post("/api/v1/links", json={"email": target}, headers=sender.headers)
    assert 1 <= mailed.count(target) <= 3
