"""What a check-in found: the symptom findings the rules give for its day, at once, before the
worker has stored them. The same pure ``evaluate`` the worker calls, over the stored history (the
check-in included); nothing is stored here."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from service.athletes.access import AthleteAccess, shows_symptom_finding
from service.clock import utcnow
from service.findings.history import load_history
from service.training.findings import Finding
from service.training.rules import evaluate

SEVERITY_ORDER = ("urgent", "referral", "warning", "caution", "info")


def checkin_findings(session: Session, access: AthleteAccess, day: date) -> list[Finding]:
    """The findings from symptom data dated ``day``, most severe first."""
    history = load_history(session, access.athlete, utcnow())
    if day > history.today:
        return []
    findings = evaluate(
        history.athlete,
        history.flags,
        history.policy,
        history.activities,
        history.checkins,
        day,
        day,
        missing_days=history.missing_days,
        history_start=history.history_start,
        episodes=history.episodes,
    )
    found = [f for f in findings if shows_symptom_finding(f.rule, access.sees_symptoms)]
    return sorted(found, key=lambda f: SEVERITY_ORDER.index(f.severity.value))
