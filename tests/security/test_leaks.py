"""Secrets and health values stay out of the database in clear, the logs and the broker.

A Fitbit connection holds sentinel tokens; a real sync against the fake Google Health API
refreshes them twice (before the run and after a scripted 401), so the tokens Google issued are
sentinels too. A finding whose message carries a sentinel health value is then delivered by
email and to an Apprise URL with a sentinel in it. Every task is sent to a private Redis, as in
production. Afterwards no sentinel may appear in any table (ciphertext aside), in any log record
(all loggers, DEBUG), or in any Redis key, Celery message bodies decoded.

The rest of tokens at rest is tested where it lives: a ciphertext moved to another row does not
open (``tests/unit/test_crypto.py``, ``tests/integration/sync/test_garmin_tokens.py``), rotation
reseals every row under the new key (``tests/integration/sync/test_rotate_keys.py``), the Garmin
password never reaches logs or task arguments (``tests/integration/sync/test_garmin_connect.py``).
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.alerts.delivery import deliver_alerts
from service.alerts.outbox import write_alerts
from service.alerts.service import add_apprise_target
from service.clock import utcnow
from service.config import Settings
from service.connections.sync import sync_connection
from service.demo.fakes.google_health import FakeGoogleHealth, Fault
from service.demo.fakes.google_health_state import Grant
from service.integrations.google_oauth import ACTIVITY_READ_SCOPE, TokenSet
from service.logs import CHATTY_LIBRARIES, KeyValueFormatter, configure_logging
from service.models import Base, Finding
from service.task_names import TaskName
from tests.integration.alerts.receivers import http_server, smtp_server
from tests.integration.alerts.support import alert_settings, session_scope_of
from tests.integration.sync.support import (
    HEALTH_USER,
    google_users,
    savepoint_transactions,
    seed_connection,
    settings_for,
)
from tests.security.world import World
from tests.support.servers import PrivateRedis

ACCESS = "ya29.SENTINEL-ACCESS-5b1e"
REFRESH = "1//SENTINEL-REFRESH-77c2"
HEALTH = "SENTINEL-HEALTH-3.14159"
APPRISE_SECRET = "SENTINEL-APPRISE-9d0f"
TEST_SERVERS = ("mail.log",)  # the test's own SMTP receiver logs what it receives


@pytest.fixture
def broker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[redis.Redis]:
    """Tasks really sent, to a Redis of this test's own."""
    server = PrivateRedis(tmp_path)
    server.start()
    monkeypatch.setattr("service.queue.get_settings", lambda: Settings(redis_url=server.url))
    try:
        yield server.client()
    finally:
        server.stop()


def _redis_text(client: Any) -> str:
    """Every value under every key; Celery message bodies decoded from base64."""
    parts: list[str] = []
    for key in client.scan_iter():
        parts.append(key.decode())
        for value in _values(client, key):
            parts.append(value.decode(errors="replace"))
            parts.extend(_decoded_bodies(value))
    return "\n".join(parts)


def _values(client: Any, key: bytes) -> list[bytes]:
    kind = client.type(key).decode()
    if kind == "string":
        return [client.get(key) or b""]
    if kind == "list":
        return list(client.lrange(key, 0, -1))
    if kind == "hash":
        return [name + b"=" + value for name, value in client.hgetall(key).items()]
    if kind == "set":
        return list(client.smembers(key))
    if kind == "zset":
        return list(client.zrange(key, 0, -1))
    return []


def _decoded_bodies(value: bytes | str) -> list[str]:
    try:
        message = json.loads(value)
    except ValueError:
        return []
    if isinstance(message, dict) and isinstance(message.get("body"), str):
        return [base64.b64decode(message["body"]).decode(errors="replace")]
    return []


def _database_text(session: Session) -> tuple[str, bytes]:
    text: list[str] = []
    raw: list[bytes] = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            for value in row:
                (raw if isinstance(value, bytes) else text).append(value)
    return "\n".join(str(v) for v in text), b"\n".join(raw)


def _sync_with_sentinel_tokens(
    db_session: Session, world: World, google: FakeGoogleHealth
) -> Settings:
    settings = settings_for(google=google)
    google.access_tokens[ACCESS] = Grant(HEALTH_USER, ACTIVITY_READ_SCOPE)
    google.refresh_tokens[REFRESH] = Grant(HEALTH_USER, ACTIVITY_READ_SCOPE)
    google.rotate_refresh_tokens = True
    tokens = TokenSet(ACCESS, REFRESH, utcnow() + timedelta(seconds=30), ACTIVITY_READ_SCOPE)
    connection = seed_connection(
        db_session,
        world.other_athlete.user,
        "fitbit",
        tokens.to_json(),
        settings.encryption_key_list(),
    )
    google.script(Fault(401, path_contains="/dataPoints", after=1))
    tx = savepoint_transactions(db_session)
    assert sync_connection(connection.id, tx, settings=settings) == "ok"
    return settings


def _deliver_sentinel_finding(db_session: Session, world: World, smtp_port: int, hook: str) -> None:
    athlete = world.other_athlete.user
    settings = alert_settings(smtp_port)
    add_apprise_target(db_session, settings, athlete, "phone", f"{hook}/{APPRISE_SECRET}")
    finding = Finding(
        athlete_id=athlete.id, rule="pain.morning_rising", severity="warning",
        day=datetime.now(UTC).date(), region="achilles", period_key=datetime.now(UTC).date(),
        values={"morning_pain": HEALTH}, message_en=f"Morning pain {HEALTH} rose.",
        message_nl=f"Ochtendpijn {HEALTH} steeg.", source="Silbernagel 2007",
    )  # fmt: skip
    db_session.add(finding)
    db_session.flush()
    write_alerts(db_session, finding)
    db_session.commit()
    later = datetime.now(UTC) + timedelta(days=1)
    report = deliver_alerts(settings, transactions=session_scope_of(db_session), now=later)
    assert report.sent >= 2, report


@pytest.fixture
def debug_logging() -> Iterator[None]:
    """Logging as configured by an operator chasing a problem (level DEBUG), undone after."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    chatty = {name: logging.getLogger(name).level for name in CHATTY_LIBRARIES}
    configure_logging("DEBUG")
    yield
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    for name, level in chatty.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.usefixtures("debug_logging")
def test_sentinels_never_reach_the_database_in_clear_the_logs_or_the_broker(
    db_session: Session, world: World, broker: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        FakeGoogleHealth(users=google_users()) as google,
        smtp_server() as (mail, port),
        http_server() as (hooks, base),
    ):
        _sync_with_sentinel_tokens(db_session, world, google)
        _deliver_sentinel_finding(db_session, world, port, base.replace("http://", "json://"))
        issued = {*google.access_tokens, *google.refresh_tokens}

    delivered = [m.part("plain") for m in mail.messages] + [r.body.decode() for r in hooks.requests]
    assert any(HEALTH in body for body in delivered), "the health sentinel travelled"
    secrets = {ACCESS, REFRESH, APPRISE_SECRET, *issued}
    assert len(issued) >= 4, "Google issued fresh tokens during the sync"
    text, raw = _database_text(db_session)
    assert [s for s in secrets if s in text or s.encode() in raw] == []
    formatter = KeyValueFormatter()
    ours = [r for r in caplog.records if not r.name.startswith(TEST_SERVERS)]
    logged = "\n".join(formatter.format(record) for record in ours)
    assert "sync.connection.finished" in logged
    assert [
        line for line in logged.splitlines() if any(s in line for s in (*secrets, HEALTH))
    ] == []
    queued = _redis_text(broker)
    assert "metrics.recompute" in queued and "alerts.deliver" in queued, queued[:500]
    assert [s for s in (*secrets, HEALTH) if s in queued] == []


def test_the_broker_carries_ids_only(broker: redis.Redis, db_session: Session, world: World) -> Any:
    from service.queue import enqueue

    enqueue(db_session, TaskName.FINDINGS_EVALUATE, athlete_id=world.victim.id)
    db_session.commit()
    messages = [
        json.loads(body)
        for key in broker.scan_iter()
        if broker.type(key) == b"list"
        for raw in broker.lrange(key, 0, -1)
        for body in _decoded_bodies(raw)
    ]
    assert [m[1] for m in messages] == [{"athlete_id": world.victim.id}]
