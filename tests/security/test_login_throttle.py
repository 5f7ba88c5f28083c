"""Password guessing is slowed per account without locking the owner out (OWASP API2).

Item 6 of the hardening round: the throttle read the failure count before checking the password
and added to it after, so 24 of 40 parallel guesses passed a limit of 10; ten wrong guesses then
locked the real owner out for 15 minutes. Now each attempt is counted atomically before the
check, each one past the free attempts needs its own slot after a growing delay, and the owner's
browser (known from an earlier sign-in) has a count of its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from service.db import get_engine
from service.main import create_app
from service.models import Role, User
from tests.security.people import PASSWORD, password_hash

GUESSES = 40
CLAIMED_LIMIT = 10  # what the throttle promised before


def _login(client: TestClient, email: str, password: str) -> int:
    body = {"email": email, "password": password}
    return client.post("/api/v1/auth/login", json=body).status_code


def _parallel_guesses(client: TestClient, email: str) -> list[int]:
    with ThreadPoolExecutor(max_workers=GUESSES) as pool:
        return list(pool.map(lambda n: _login(client, email, f"guess-{n:04d}-xyz"), range(GUESSES)))


@pytest.fixture
def server(database_url: str) -> Iterator[TestClient]:
    """The whole app with its own database sessions (one per request, as in production), so
    parallel requests are truly parallel; not the tests' shared, rolled-back session."""
    address = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
    with TestClient(create_app(), client=(address, 50000)) as client:
        yield client


@pytest.fixture
def email(database_url: str) -> Iterator[str]:
    """An account committed for real (requests in other sessions must see it)."""
    address = f"owner-{secrets.token_hex(4)}@example.com"
    with Session(get_engine()) as session:
        session.add(User(email=address, password_hash=password_hash(), role=Role.COACH.value))
        session.commit()
    yield address
    with Session(get_engine()) as session:
        session.execute(delete(User).where(User.email == address))
        session.commit()


def test_parallel_guesses_cannot_race_past_the_limit(server: TestClient, email: str) -> None:
    answers = _parallel_guesses(server, email)
    checked = answers.count(401)
    assert set(answers) <= {401, 429}
    assert checked <= CLAIMED_LIMIT, f"{checked} of {GUESSES} guesses reached the password check"


def test_the_owner_signs_in_from_their_browser_during_an_attack(
    server: TestClient, email: str
) -> None:
    client = server
    assert _login(client, email, PASSWORD) == 200  # the owner's browser, known from now on
    owner_cookies = dict(client.cookies)
    client.cookies.clear()
    attack = _parallel_guesses(client, email)  # the attacker, from a browser never signed in
    assert attack.count(429) >= GUESSES - CLAIMED_LIMIT

    client.cookies.update(owner_cookies)
    assert _login(client, email, PASSWORD) == 200
