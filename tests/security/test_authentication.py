"""Authentication hardening: argon2id parameters and rehash, throttling, no account enumeration,
cookie flags and CSRF, the audit trail of every look at an athlete, webhook signatures.

Built on the account tests (``tests/api/test_accounts.py``: per-account throttle, identical
refusals, CSRF over plain http) and the webhook tests (``tests/api/test_google_health_webhook.py``:
bad signature, altered body, replay, oversize); what those cover is not repeated here.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.config import Settings, get_settings
from service.demo.fakes.google_health import FakeGoogleHealth, notification_body
from service.models import AuditEntry, User
from service.security import hash_password
from service.throttle import MAX_FAILURES_PER_ADDRESS
from tests.integration.sync.support import HEALTH_USER, WEBHOOK_SECRET, google_users, settings_for
from tests.security.conftest import operations, victim_values
from tests.security.people import PASSWORD
from tests.security.world import World

ARGON2 = re.compile(r"^\$argon2id\$v=19\$m=(?P<m>\d+),t=(?P<t>\d+),p=(?P<p>\d+)\$")
OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME_COST = 2


def _login(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def _parameters(password_hash: str) -> dict[str, int]:
    match = ARGON2.match(password_hash)
    assert match, password_hash
    return {name: int(value) for name, value in match.groupdict().items()}


@pytest.mark.usefixtures("production_password_hashing")
def test_new_hashes_are_argon2id_above_the_owasp_floor(
    client: TestClient, db_session: Session
) -> None:
    body = {"email": "hash@example.com", "password": PASSWORD}
    assert client.post("/api/v1/auth/signup", json=body).status_code == 202
    stored = db_session.scalar(select(User).where(User.email == body["email"]))
    assert stored is not None
    params = _parameters(stored.password_hash)
    assert params["m"] >= OWASP_MIN_MEMORY_KIB and params["t"] >= OWASP_MIN_TIME_COST


@pytest.mark.usefixtures("production_password_hashing")
def test_a_hash_with_old_parameters_is_replaced_at_the_next_sign_in(
    client: TestClient, db_session: Session, world: World
) -> None:
    user = world.victim.user
    old = PasswordHasher(time_cost=2, memory_cost=OWASP_MIN_MEMORY_KIB, parallelism=1)
    user.password_hash = old.hash(PASSWORD)
    db_session.commit()

    assert _login(client, user.email).status_code == 200

    db_session.refresh(user)
    assert _parameters(user.password_hash) != {"m": OWASP_MIN_MEMORY_KIB, "t": 2, "p": 1}
    assert _login(client, user.email).status_code == 200


def test_one_address_trying_many_accounts_is_throttled(client: TestClient) -> None:
    statuses = [
        _login(client, f"spray{n}@example.com", "wrong-password-1").status_code
        for n in range(MAX_FAILURES_PER_ADDRESS + 1)
    ]
    assert statuses[:MAX_FAILURES_PER_ADDRESS] == [401] * MAX_FAILURES_PER_ADDRESS
    assert statuses[-1] == 429
    assert (
        client.post(
            "/api/v1/auth/tokens", json={"email": "x@example.com", "password": "y"}
        ).status_code
        == 429
    )


@pytest.mark.usefixtures("production_password_hashing")
def test_unknown_and_known_accounts_take_about_as_long_to_refuse(
    client: TestClient, db_session: Session, world: World
) -> None:
    """The median refusal time of an unknown email lies within a factor 2 of a known one's."""
    world.coach.user.password_hash = hash_password(PASSWORD)  # production's parameters
    db_session.commit()
    known: list[float] = []
    unknown: list[float] = []
    for n in range(5):  # within the free attempts of the known account
        for email, times in ((world.coach.user.email, known), (f"ghost{n}@example.com", unknown)):
            started = time.perf_counter()
            answer = _login(client, email, "wrong-password-1")
            times.append(time.perf_counter() - started)
            assert answer.status_code == 401
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.5 < ratio < 2.0, (known, unknown)


@pytest.fixture
def https(client: TestClient) -> Iterator[Settings]:
    settings = get_settings().model_copy(update={"base_url": "https://loadwatch.example"})
    client.app.dependency_overrides[get_settings] = lambda: settings  # type: ignore[attr-defined]
    yield settings
    client.app.dependency_overrides.pop(get_settings, None)  # type: ignore[attr-defined]


def test_over_https_the_session_cookie_is_host_only_secure_httponly_and_samesite(
    client: TestClient, world: World, https: Settings
) -> None:
    login = _login(client, world.victim.user.email)
    cookie = login.headers["set-cookie"]
    name, value = cookie.split(";", 1)[0].split("=", 1)
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert name == "__Host-lw_session"
    assert {"secure", "httponly", "samesite", "path"} <= attributes and "domain" not in attributes
    assert "SameSite=lax" in cookie and "Path=/" in cookie

    session = {"Cookie": f"{name}={value}"}
    csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
    change = {"display_name": "Vee"}
    cases = [
        (session, 403),
        ({**session, **csrf, "Origin": "https://evil.example"}, 403),
        ({**session, "X-CSRF-Token": "csrf_wrong"}, 403),
        ({**session, **csrf, "Origin": "https://loadwatch.example"}, 200),
    ]
    for headers, status in cases:
        assert client.patch("/api/v1/me", json=change, headers=headers).status_code == status


def test_a_form_post_needs_the_csrf_field(client: TestClient, world: World) -> None:
    login = _login(client, world.victim.user.email)
    without = client.post("/api/v1/auth/logout", data={"other": "1"})
    assert (without.status_code, without.json()["error"]) == (403, "csrf_failed")
    with_field = client.post("/api/v1/auth/logout", data={"csrf_token": login.json()["csrf_token"]})
    assert with_field.status_code == 204


ATHLETE_READS = [op for op in operations() if op.method == "get" and "athlete_id" in op.path_params]


def _audit_rows(session: Session) -> list[AuditEntry]:
    session.expire_all()
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


@pytest.mark.parametrize("op", ATHLETE_READS, ids=lambda op: op.key)
def test_every_look_at_an_athlete_by_someone_else_writes_one_audit_row(
    op: Any, client: TestClient, db_session: Session, world: World
) -> None:
    url = op.url(victim_values(world))
    before = _audit_rows(db_session)
    assert client.get(url, headers=world.victim.headers).status_code == 200
    assert _audit_rows(db_session) == before, "the athlete's own look is not audited"

    answer = client.get(url, headers=world.coach.headers)

    new = _audit_rows(db_session)[len(before) :]
    if answer.status_code == 403:  # the athlete's own records (uploads): refused, nothing seen
        assert new == []
        return
    assert answer.status_code == 200
    assert [(e.actor_id, e.athlete_id, e.action, e.resource) for e in new] == [
        (world.coach.id, world.victim.id, "get", url)
    ]


def test_refused_looks_write_no_audit_row(
    client: TestClient, db_session: Session, world: World
) -> None:
    before = db_session.scalar(select(func.count()).select_from(AuditEntry))
    for who in ("other_coach", "revoked_coach", "pending_coach"):
        url = f"/api/v1/athletes/{world.victim.id}/activities"
        assert client.get(url, headers=world.person(who).headers).status_code == 404
    assert db_session.scalar(select(func.count()).select_from(AuditEntry)) == before


@pytest.fixture
def google(client: TestClient) -> Iterator[FakeGoogleHealth]:
    with FakeGoogleHealth(users=google_users()) as server:
        settings = settings_for(google=server)
        client.app.dependency_overrides[get_settings] = lambda: settings  # type: ignore[attr-defined]
        yield server
        client.app.dependency_overrides.pop(get_settings, None)  # type: ignore[attr-defined]


def test_a_webhook_body_reserialised_to_the_same_json_is_refused(
    client: TestClient, google: FakeGoogleHealth, sent_tasks: list[Any]
) -> None:
    start = datetime.now(UTC) - timedelta(hours=2)
    raw = json.dumps(notification_body(HEALTH_USER, start, start + timedelta(hours=1))).encode()
    signature = google.signing_key.sign(raw)
    same_json = json.dumps(json.loads(raw), indent=2, sort_keys=True).encode()
    assert same_json != raw and json.loads(same_json) == json.loads(raw)
    headers = {"Authorization": WEBHOOK_SECRET, "X-HEALTHAPI-SIGNATURE": signature}

    answer = client.post("/api/v1/webhooks/google-health", content=same_json, headers=headers)

    assert (answer.status_code, answer.json()["error"]) == (401, "webhook_bad_signature")
    assert sent_tasks == []
