"""Connection services the routes and tasks share: connected, sync now, disconnect, status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from service.connections import queries, windows
from service.connections.credentials import forget_credentials, forget_pending, store_credentials
from service.connections.messages import message
from service.connections.policy import SyncPolicy
from service.errors import Conflict
from service.models import Connection, ConnectionState, SyncRun
from service.queue import enqueue
from service.task_names import TaskName


def mark_connected(
    session: Session,
    connection: Connection,
    secret: str,
    *,
    now: datetime,
    keys: list[bytes],
    policy: SyncPolicy,
) -> None:
    """Credentials won: store them sealed, start (or continue) the backfill at once."""
    store_credentials(connection, secret, keys)
    forget_pending(connection)
    connection.state = ConnectionState.OK
    connection.attempts = 0
    connection.last_error = None
    release_lease(connection)  # a run still using the old tokens stops at its next write
    if windows.read_day(dict(connection.cursor), "backfill_from") is None:
        connection.cursor = windows.new_cursor(now.date(), policy)
    connection.next_attempt_at = now
    _queue_sync(session, connection, now)


def request_sync(session: Session, connection: Connection, now: datetime) -> Connection:
    """Sync as soon as allowed: now, or when the provider's ``Retry-After`` has passed.

    The request is a database fact (``next_attempt_at``); the message sent after commit is only
    a nudge, and the sweeper sends it again if the broker lost it.
    """
    if connection.credentials is None or connection.state not in (
        *queries.SYNCABLE,
        ConnectionState.SYNCING,
    ):
        raise Conflict(
            "connection_not_syncable", message("connection_not_syncable", connection.provider)
        )
    held_back = connection.state == ConnectionState.RATE_LIMITED and (
        connection.next_attempt_at is not None and connection.next_attempt_at > now
    )
    if not held_back:
        connection.next_attempt_at = now
    _queue_sync(session, connection, now)
    return connection


def _queue_sync(session: Session, connection: Connection, now: datetime) -> None:
    connection.queued_at = now
    enqueue(session, TaskName.CONNECTIONS_SYNC, connection_id=connection.id)


def disconnect(connection: Connection) -> None:
    """Forget the credentials and anything pending; a running sync loses its lease and stops.

    Activities already stored stay: they are the athlete's training history.
    """
    forget_credentials(connection)
    forget_pending(connection)
    connection.state = ConnectionState.DISCONNECTED
    connection.external_user_id = None
    connection.cursor = {}
    connection.next_attempt_at = None
    connection.queued_at = None
    connection.attempts = 0
    connection.last_error = None
    release_lease(connection)


def release_lease(connection: Connection) -> None:
    """Free the connection; whoever held it finds out at its next fenced write."""
    connection.lease_token = None
    connection.lease_owner = None
    connection.lease_expires_at = None


@dataclass(frozen=True, slots=True)
class ConnectionView:
    connection: Connection
    last_run: SyncRun | None
    message: dict[str, str] | None
    backfill: windows.BackfillProgress | None


def connection_views(session: Session, connections: list[Connection]) -> list[ConnectionView]:
    runs = queries.latest_runs(session, [connection.id for connection in connections])
    return [
        ConnectionView(
            connection=connection,
            last_run=runs.get(connection.id),
            message=status_message(connection),
            backfill=windows.backfill_progress(dict(connection.cursor)),
        )
        for connection in connections
    ]


def status_message(connection: Connection) -> dict[str, str] | None:
    """What the athlete should read about this connection now, if anything."""
    if connection.last_error:
        return message(connection.last_error, connection.provider)
    if connection.state == ConnectionState.MFA_REQUIRED:
        return message("mfa_required", connection.provider)
    if connection.state == ConnectionState.CONNECTING:
        return message("connecting", connection.provider)
    return None
