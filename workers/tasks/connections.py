"""Connection tasks: beat's sync sweep, one connection's sync run, and the Garmin login and its
MFA step (slow by design, never in a request)."""

from __future__ import annotations

from typing import Any

from service.clock import utcnow
from service.connections.garmin_connect import complete_garmin_login, complete_garmin_mfa
from service.connections.sweeper import sweep as sweep_connections
from service.connections.sync import sync_connection
from service.db import session_scope
from service.task_names import TaskName
from workers.celery_app import app


@app.task(name=TaskName.CONNECTIONS_SWEEP)
def sweep() -> int:
    """Send ``connections.sync`` for every due connection (after commit); returns how many."""
    with session_scope() as session:
        return len(sweep_connections(session, utcnow()).queued)


@app.task(name=TaskName.CONNECTIONS_SYNC, bind=True)
def sync(self: Any, connection_id: int) -> str:
    """One sync run; the task id lets a redelivery take over its dead predecessor's lease."""
    return sync_connection(connection_id, session_scope, run_key=self.request.id)


@app.task(name=TaskName.CONNECTIONS_GARMIN_LOGIN, bind=True)
def garmin_login(self: Any, connection_id: int) -> str:
    return complete_garmin_login(connection_id, session_scope, run_key=self.request.id)


@app.task(name=TaskName.CONNECTIONS_GARMIN_MFA, bind=True)
def garmin_mfa(self: Any, connection_id: int) -> str:
    return complete_garmin_mfa(connection_id, session_scope, run_key=self.request.id)
