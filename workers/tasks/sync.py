"""Sync tasks: beat's sweep, and one connection's sync run."""

from __future__ import annotations

from typing import Any

from service.clock import utcnow
from service.connections.sweeper import sweep as sweep_connections
from service.connections.sync import sync_connection
from service.db import session_scope
from workers.celery_app import app


@app.task(name="sync.sweep")
def sweep() -> int:
    """Send ``sync.connection`` for every due connection (after commit); returns how many."""
    with session_scope() as session:
        return len(sweep_connections(session, utcnow()).queued)


@app.task(name="sync.connection", bind=True)
def connection(self: Any, connection_id: int) -> str:
    """One sync run; the task id lets a redelivery take over its dead predecessor's lease."""
    return sync_connection(connection_id, session_scope, run_key=self.request.id)
