"""The data-protection export and erasure (GDPR Art. 15/20 and 17) cover every table.

Both are checked by walking the metadata, not a list: the victim of the security world has a row
in every table that refers to a user, so the export must show each of them, and after erasure no
row anywhere may refer to the victim, nor any row that hung off the victim's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import Table, create_engine, delete, event, func, select, tuple_
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service.cli import app
from service.config import Settings, get_settings
from service.connections.limits import limiter_key
from service.db import _sqlite_pragmas, session_scope
from service.demo.fakes.google_health import FakeGoogleHealth, Fault
from service.integrations.google_oauth import ACTIVITY_READ_SCOPE, TokenSet
from service.models import AthletePolicy, AuditEntry, Base, User
from service.privacy.erasure import erase_user, remove_files
from service.privacy.export import export_user, tables_about_users, user_columns
from service.throttle import account_key
from tests.integration.sync.support import HEALTH_USER, google_users, seed_connection, settings_for
from tests.security.people import PASSWORD
from tests.security.world import World, build_world
from tests.support.databases import run_alembic

Rows = dict[str, set[tuple[Any, ...]]]


def reachable(session: Session, user_id: int) -> Rows:
    """Primary keys of every row that refers to the user, or to such a row, transitively."""
    rows: Rows = {"users": {(user_id,)}}
    queue = ["users"]
    while queue:
        parent = Base.metadata.tables[queue.pop()]
        ids = [pk[0] for pk in rows[parent.name]]
        for child in Base.metadata.sorted_tables:
            for fk in child.foreign_keys:
                if fk.column.table is not parent or child is parent:
                    continue
                keys = select(*child.primary_key.columns).where(fk.parent.in_(ids))
                new = {tuple(k) for k in session.execute(keys)} - rows.setdefault(child.name, set())
                if new:
                    rows[child.name] |= new
                    queue.append(child.name)
    return {name: keys for name, keys in rows.items() if keys}


def surviving(session: Session, rows: Rows) -> Rows:
    left: Rows = {}
    for name, keys in rows.items():
        table: Table = Base.metadata.tables[name]
        columns = tuple_(*table.primary_key.columns)
        found = {tuple(k) for k in session.execute(select(*table.primary_key.columns).where(
            columns.in_(list(keys))
        ))}  # fmt: skip
        if found:
            left[name] = found
    return left


def references_to(session: Session, user_id: int) -> dict[str, int]:
    counts = {}
    for table in [Base.metadata.tables["users"], *tables_about_users()]:
        columns = user_columns(table) or [table.c.id]
        for column in columns:
            n = session.scalar(select(func.count()).where(column == user_id))
            if n:
                counts[f"{table.name}.{column.name}"] = int(n)
    return counts


def test_the_victim_has_a_row_in_every_table_about_users_and_the_export_shows_each(
    db_session: Session, world: World
) -> None:
    export = export_user(db_session, world.victim.user)
    tables = {table.name for table in tables_about_users()}
    empty = sorted(name for name in tables if not export.get(name))
    assert empty == [], "seed these tables in tests/security/world.py and export them"
    assert "(stored, not exported)" in str(export["connections"])
    assert "victim-secret" not in str(export) and "$argon2id$" not in str(export)


def test_erasing_an_athlete_leaves_nothing_that_refers_to_them(
    client: TestClient, db_session: Session, world: World, redis_url: str
) -> None:
    victim = world.victim
    failed_login = {"email": victim.user.email, "password": "wrong-password-1"}
    assert client.post("/api/v1/auth/login", json=failed_login).status_code == 401
    counter = redis.Redis.from_url(redis_url)
    key = account_key(get_settings().redis_namespace, victim.user.email)
    assert counter.exists(key)
    bucket = limiter_key(f"fitbit:{world.ids['connection']}", get_settings())
    counter.hset(bucket, "tokens", "299")
    before = reachable(db_session, victim.id)
    assert len(before) >= len(tables_about_users())
    assert {"alerts", "deliveries", "activity_sources", "sync_runs"} <= before.keys()

    answer = client.request(
        "DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=victim.headers
    )

    assert answer.status_code == 204, answer.text
    db_session.expire_all()
    assert surviving(db_session, before) == {}
    assert references_to(db_session, victim.id) == {}
    assert world.upload is not None and not world.upload.exists()
    assert not counter.exists(key) and not counter.exists(bucket)
    assert client.get("/api/v1/me", headers=victim.headers).status_code == 401
    assert db_session.get(User, world.coach.id) is not None
    other = export_user(db_session, world.other_athlete.user)
    assert other["activities"] and other["checkins"] and other["coach_links"]


def test_erasing_a_coach_clears_what_they_did_to_others_but_keeps_the_athletes_data(
    client: TestClient, db_session: Session, world: World
) -> None:
    coach = world.coach
    answer = client.request(
        "DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=coach.headers
    )

    assert answer.status_code == 204, answer.text
    db_session.expire_all()
    assert references_to(db_session, coach.id) == {}
    policy = db_session.get(AthletePolicy, world.victim.id)
    assert policy is not None and policy.updated_by_id is None
    audit = db_session.scalars(select(AuditEntry).where(AuditEntry.athlete_id == world.victim.id))
    assert [entry.actor_id for entry in audit] == [None]
    kept = export_user(db_session, world.victim.user)
    assert kept["findings"] and kept["activities"] and len(kept["coach_links"]) == 3


@pytest.mark.parametrize(
    ("body", "who", "status", "code"),
    [
        ({"password": "not-the-password"}, "victim", 403, "password_wrong"),
        ({}, "victim", 422, "validation_error"),
        ({"password": PASSWORD, "user_id": 1}, "victim", 422, "validation_error"),
        ({"password": PASSWORD}, None, 401, "not_authenticated"),
    ],
)
def test_erasure_needs_the_password_and_changes_nothing_otherwise(
    client: TestClient,
    db_session: Session,
    world: World,
    body: dict[str, Any],
    who: str | None,
    status: int,
    code: str,
) -> None:
    headers = world.person(who).headers if who else {}
    before = reachable(db_session, world.victim.id)
    answer = client.request("DELETE", "/api/v1/me", json=body, headers=headers)
    assert (answer.status_code, answer.json()["error"]) == (status, code)
    if code == "password_wrong":
        assert answer.json()["detail"] == "The password is wrong; the account was not deleted"
    db_session.expire_all()
    assert surviving(db_session, before) == before


def test_a_browser_session_needs_the_csrf_token_to_erase(
    client: TestClient, db_session: Session, world: World
) -> None:
    login = client.post(
        "/api/v1/auth/login", json={"email": world.victim.user.email, "password": PASSWORD}
    )
    without = client.request("DELETE", "/api/v1/me", json={"password": PASSWORD})
    assert (without.status_code, without.json()["error"]) == (403, "csrf_failed")
    csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
    answer = client.request("DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=csrf)
    assert answer.status_code == 204
    assert (
        'lw_session=""' in answer.headers["set-cookie"]
        or "Max-Age=0" in answer.headers["set-cookie"]
    )
    db_session.expire_all()
    assert references_to(db_session, world.victim.id) == {}


@pytest.fixture
def committed_world(database_url: str) -> Iterator[World]:
    """A world that really commits (the command runs in its own transaction)."""
    with session_scope() as session:
        built = build_world(session, get_settings())
    yield built
    with session_scope() as session:
        people = [built.person(n).id for n in ("coach", "blind_coach", "revoked_coach",
                  "pending_coach", "other_coach", "other_athlete", "admin", "victim")]  # fmt: skip
        session.execute(delete(User).where(User.id.in_(people)))
    if built.upload is not None:
        built.upload.unlink(missing_ok=True)


def test_the_erase_command_asks_for_yes_then_erases(committed_world: World) -> None:
    runner = CliRunner()
    email = committed_world.victim.user.email
    refused = runner.invoke(app, ["erase", email])
    assert refused.exit_code == 2 and "--yes" in refused.output
    unknown = runner.invoke(app, ["erase", f"nobody-{uuid.uuid4().hex[:6]}@example.com", "--yes"])
    assert unknown.exit_code == 2 and "no account" in unknown.output

    result = runner.invoke(app, ["erase", email, "--yes"])

    assert result.exit_code == 0, result.output
    assert f"erased {email}" in result.output
    with session_scope() as session:
        assert references_to(session, committed_world.victim.id) == {}
    assert committed_world.upload is not None and not committed_world.upload.exists()


def test_erasure_on_the_embedded_sqlite_default(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'loadwatch.sqlite'}"
    run_alembic(url, "upgrade", "head")
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_pragmas)  # foreign keys on, as the service runs it
    settings = Settings(data_dir=tmp_path)
    try:
        with Session(engine, expire_on_commit=False) as session:
            world = build_world(session, settings)
            session.commit()
            before = reachable(session, world.victim.id)
            erasure = erase_user(session, settings, world.victim.user)
            session.commit()
            remove_files(erasure)
            assert surviving(session, before) == {}
            assert references_to(session, world.victim.id) == {}
            assert erasure.grants == {"fitbit": "forgotten"}
            assert erasure.rows["users"] == 1 and erasure.rows["deliveries"] == 1
    finally:
        engine.dispose()
    assert world.upload is not None and not world.upload.exists()


@pytest.mark.parametrize(
    ("before", "outcome"),
    [(None, "revoked"), ("revoke_all", "already_invalid"), ("fail", "revoke_failed")],
)
def test_erasure_revokes_the_fitbit_grant_at_google(
    db_session: Session, world: World, before: str | None, outcome: str
) -> None:
    with FakeGoogleHealth(users=google_users()) as google:
        settings = settings_for(google=google)
        access, refresh = google.issue_tokens(HEALTH_USER, ACTIVITY_READ_SCOPE)
        tokens = TokenSet(access, refresh, datetime.now(UTC) + timedelta(hours=1), "")
        athlete = world.other_athlete.user
        seed_connection(
            db_session, athlete, "fitbit", tokens.to_json(), settings.encryption_key_list()
        )
        if before == "revoke_all":
            google.revoke_refresh_tokens()
        elif before == "fail":
            google.script(Fault(503, path_contains="/revoke"))

        erasure = erase_user(db_session, settings, athlete)

        assert erasure.grants == {"fitbit": outcome}
        assert [r.form.get("token") for r in google.requests if r.path == "/revoke"] == [[refresh]]
        if outcome == "revoked":
            assert refresh not in google.refresh_tokens and access not in google.access_tokens
    db_session.flush()
    assert references_to(db_session, athlete.id) == {}
