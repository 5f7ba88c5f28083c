"""Runners with Garmin accounts on the fake Garmin Connect, connected in the test's database, and
the checks that their work has settled."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Interval, func, literal, select, update
from sqlalchemy.orm import Session

from service.demo.fakes.garmin_accounts import FakeAccount, synthesized_account
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.integrations.garmin import LoginOk, start_login
from service.models import Alert, Connection, Notice, QueuedTask
from service.queue import enqueue
from service.task_names import TaskName
from tests.faults.rig import Rig
from tests.integration.alerts.support import add_user
from tests.integration.sync.support import runner_specs, seed_connection

ATHLETES = 5
#: Accounts on the fake; a long variant connects more runners than ATHLETES.
ACCOUNTS = 20
PASSWORD = "fault-runner-password"


def runner_email(n: int) -> str:
    return f"runner{n}@example.com"


def activity_count(n: int) -> int:
    return 4 + n % 8  # at most twelve: a week apart within the 90-day backfill


def garmin_accounts() -> list[FakeAccount]:
    return [
        synthesized_account(runner_email(n), PASSWORD, runner_specs(count=activity_count(n)))
        for n in range(ACCOUNTS)
    ]


def point_workers_at(rig: Rig, garmin: FakeGarminConnect, smtp_port: int) -> None:
    endpoints = garmin.endpoints
    rig.env.update(
        LOADWATCH_GARMIN__CONNECTAPI=endpoints.connectapi,
        LOADWATCH_GARMIN__SSO=endpoints.sso,
        LOADWATCH_GARMIN__DI_TOKEN_URL=endpoints.di_token_url,
        LOADWATCH_SMTP__HOST="127.0.0.1",
        LOADWATCH_SMTP__PORT=str(smtp_port),
    )


def connect_runners(
    rig: Rig, garmin: FakeGarminConnect, *, send: bool, count: int = ATHLETES
) -> dict[int, int]:
    """A due Garmin connection per runner (``send``: its sync enqueued, as the sweep does);
    returns the activities each connection should end with, by connection id."""
    keys = rig.settings.encryption_key_list()
    expected: dict[int, int] = {}
    for n in range(count):
        login = start_login(runner_email(n), PASSWORD, garmin.endpoints)
        assert isinstance(login, LoginOk)
        with rig.session() as session:
            athlete = add_user(session)
            connection = seed_connection(session, athlete, "garmin", login.token_blob, keys)
            expected[connection.id] = activity_count(n)
            if send:
                enqueue(session, TaskName.CONNECTIONS_SYNC, connection_id=connection.id)
                session.execute(
                    update(Connection)
                    .where(Connection.id == connection.id)
                    .values(queued_at=connection.next_attempt_at)
                )
    return expected


def let_waits_pass(rig: Rig) -> None:
    """Let the sweeps' waiting times pass: a lost sync, lease or recompute is due again."""
    by = literal(timedelta(minutes=20), Interval())
    with rig.session() as session:
        session.execute(update(Connection).values(
            queued_at=Connection.queued_at - by, lease_expires_at=Connection.lease_expires_at - by
        ))  # fmt: skip
        session.execute(update(QueuedTask).values(requested_at=QueuedTask.requested_at - by))


def settled(rig: Rig, expected: dict[int, int]) -> bool:
    """Every connection synced, every alert sent and no task still waiting to be sent."""
    with rig.session() as session:
        states = dict(session.execute(select(Connection.id, Connection.state)).all())
        alerts = set(session.scalars(select(Alert.status)))
        kept = session.scalar(select(func.count()).select_from(QueuedTask))
    return all(states[c] == "ok" for c in expected) and alerts <= {"sent"} and kept == 0


def emails_sent(session: Session) -> int:
    """How many emails the outbox records as sent: one per message that carried email alerts
    (the alerts of one moment go out together) and one per notice (a new connection's "your
    history is in", digests, reminders)."""
    alert_messages = session.scalar(
        select(func.count(func.distinct(Alert.message_key))).where(
            Alert.channel == "email", Alert.status == "sent"
        )
    )
    notices = session.scalar(select(func.count()).where(Notice.status == "sent"))
    return int(alert_messages or 0) + int(notices or 0)
