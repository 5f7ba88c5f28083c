"""Alert delivery: the outbox is the truth, these tasks only say "look now"."""

from __future__ import annotations

from dataclasses import asdict

from service.alerts.delivery import deliver_alerts, deliver_notices
from service.alerts.service import plan_notices
from service.clock import utcnow
from service.config import get_settings
from service.db import session_scope
from service.task_names import TaskName
from workers.celery_app import app


@app.task(name=TaskName.ALERTS_DELIVER)
def deliver(finding_id: int) -> dict[str, int]:
    """Deliver the due alerts of one finding (enqueued after the finding is stored)."""
    return asdict(deliver_alerts(get_settings(), finding_id=finding_id))


@app.task(name=TaskName.ALERTS_SWEEP)
def sweep() -> dict[str, int]:
    """Deliver everything due: retries, quiet hours that ended, snoozes, lost messages, notices."""
    settings = get_settings()
    alerts, notices = deliver_alerts(settings), deliver_notices(settings)
    return {f"alerts_{k}": v for k, v in asdict(alerts).items()} | {
        f"notices_{k}": v for k, v in asdict(notices).items()
    }


@app.task(name=TaskName.ALERTS_PLAN_NOTICES)
def plan() -> int:
    """Write the weekly digests and check-in reminders whose local time has come."""
    with session_scope() as session:
        return plan_notices(session, utcnow())
