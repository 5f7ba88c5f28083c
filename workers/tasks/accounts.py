"""Account housekeeping."""

from __future__ import annotations

from service.accounts.queries import delete_expired
from service.clock import utcnow
from service.db import session_scope
from service.task_names import TaskName
from workers.celery_app import app


@app.task(name=TaskName.ACCOUNTS_PURGE_EXPIRED)
def purge_expired() -> int:
    """Delete expired browser sessions and password-reset links."""
    with session_scope() as session:
        return delete_expired(session, utcnow())
