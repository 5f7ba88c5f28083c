"""The audit trail: one row for every look at an athlete's data by someone else."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.models import AuditEntry


def record_access(
    session: Session, *, actor_id: int, athlete_id: int, action: str, resource: str
) -> None:
    if actor_id == athlete_id:
        return
    session.add(
        AuditEntry(actor_id=actor_id, athlete_id=athlete_id, action=action, resource=resource)
    )
