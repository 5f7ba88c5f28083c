"""Beat's sweep (every ``LOADWATCH_RECOVERY__CONNECTIONS_SWEEP_S``): the database decides what
is due; the queue only carries it.

* Due connections (``next_attempt_at`` passed, states ok / error / rate_limited) and those a
  dead run left ``syncing`` with a lease it stopped renewing get one ``connections.sync`` each.
  A connection sent within ``requeue_after`` is skipped, so two sweeps (or two beats) do not
  double the work; one whose message the broker lost is sent again after that.
* Handovers (password, MFA state, OAuth verifier) past their expiry are forgotten; a connection
  that was waiting on one is told to start again.
* Webhook notification ids older than ``receipts_kept`` are deleted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from service.config import get_settings
from service.connections import queries
from service.connections.credentials import forget_pending
from service.connections.policy import SyncPolicy, sync_policy
from service.models import ConnectionState
from service.queue import enqueue
from service.task_names import TaskName

log = logging.getLogger(__name__)

SWEEP_BATCH = 500
_WAITING_ON_HANDOVER = (ConnectionState.CONNECTING, ConnectionState.MFA_REQUIRED)


@dataclass(frozen=True, slots=True)
class SweepResult:
    queued: list[int]
    expired_handovers: int
    notifications_deleted: int


def sweep(session: Session, now: datetime, policy: SyncPolicy | None = None) -> SweepResult:
    """Enqueue (after commit) every due connection; tidy handovers and webhook receipts."""
    policy = policy or sync_policy(get_settings())
    due = queries.list_due_connections(session, now, now - policy.requeue_after, SWEEP_BATCH)
    for connection in due:
        connection.queued_at = now
        enqueue(session, TaskName.CONNECTIONS_SYNC, connection_id=connection.id)
    expired = queries.list_expired_handovers(session, now)
    for connection in expired:
        forget_pending(connection)
        if connection.state in _WAITING_ON_HANDOVER:
            connection.state = ConnectionState.NEEDS_REAUTH
            connection.last_error = "connect_expired"
    deleted = queries.delete_notifications_before(session, now - policy.receipts_kept)
    session.flush()
    result = SweepResult([connection.id for connection in due], len(expired), deleted)
    if result.queued or expired:
        log.info("sync.sweep.done", extra={"queued": len(result.queued), "expired": len(expired)})
    return result
