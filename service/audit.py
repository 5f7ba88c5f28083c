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


def record_change(
    session: Session, *, actor_id: int, athlete_id: int, action: str, resource: str
) -> None:
    """A change to an athlete's record that matters clinically (an injury episode closed, a
    suspected rupture cleared), by the athlete themself or by someone else: always kept."""
    session.add(
        AuditEntry(actor_id=actor_id, athlete_id=athlete_id, action=action, resource=resource)
    )
