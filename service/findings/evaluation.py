"""Evaluating the rules for one athlete and storing what they find, once per key.

``evaluate_athlete`` reads the athlete's whole stored history (the pure rules' cooldown and
warm-up need it), runs :func:`service.training.rules.evaluate` for the last
``EVALUATION_DAYS`` local days up to today, and stores each finding once per athlete + rule +
region + subject + period. A stale connected source holds the load rules back from the day of its
last successful sync and adds one ``data.sync_stale`` finding per source and ISO week.

Storing is ``INSERT … ON CONFLICT DO NOTHING`` on that key, so a repeat, or two evaluations at
once, store one row per key and update nothing that exists. Each newly stored finding about a
fresh day (no more than ``alerts.fresh_days`` before today) gets its alerts written to the outbox
in the same transaction, all with the same due moment, and one ``alerts.deliver`` follows the
commit, so the evaluation's alerts reach each recipient as one message. A finding about an older
day (history that arrived late) is stored and shown, never alerted: the athlete's "your history is
in" notice, held until this evaluation, tells about those instead (``alerts.history``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from service.alerts.history import release_history_notices
from service.alerts.outbox import write_alerts_for
from service.athletes.status import refresh_status
from service.clock import local_today, utcnow
from service.config import Settings, get_settings
from service.findings import queries
from service.findings.history import AthleteHistory, SourceState, load_history, source_states
from service.models import Finding as FindingRow
from service.models import Role, User
from service.queue import enqueue
from service.task_names import TaskName
from service.training.findings import Finding
from service.training.policy import DEFAULT_POLICY
from service.training.rules import evaluate, sync_stale_finding

log = logging.getLogger(__name__)

EVALUATION_DAYS = 60
"""Findings are stored for this many local days up to today; older days were evaluated when
their data arrived. Only findings about the last ``alerts.fresh_days`` days are alerted."""


@dataclass
class EvaluationResult:
    """What one evaluation found (``evaluated``), which of it was new (``created``), and which
    of the new findings were fresh enough to alert (``alerted_findings``, ``alerted`` rows)."""

    evaluated: int = 0
    created: list[FindingRow] = field(default_factory=list)
    alerted_findings: list[int] = field(default_factory=list)
    alerted: int = 0


def stored_period_key(finding: Finding) -> date:
    """The DATE stored for a finding's period: the opening day of its cooldown window, or the
    Monday of the ISO week of a ``data.sync_stale`` key (``garmin:2026-W10``)."""
    if ":" not in finding.period_key:
        return date.fromisoformat(finding.period_key)
    year, week = finding.period_key.rsplit(":", 1)[1].split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def finding_values(athlete_id: int, finding: Finding, subject: str = "") -> dict[str, Any]:
    """The row of ``finding`` as ``insert_findings_once`` stores it."""
    now, staff = utcnow(), finding.message.staff
    return {
        "athlete_id": athlete_id,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "day": finding.date,
        "region": finding.region.value if finding.region is not None else "",
        "subject": subject,
        "period_key": stored_period_key(finding),
        "values": dict(finding.values),
        "message_en": finding.message.en,
        "message_nl": finding.message.nl,
        "message_staff_en": staff.en if staff is not None else None,
        "message_staff_nl": staff.nl if staff is not None else None,
        "source": finding.source,
        "created_at": now,
        "updated_at": now,
    }


def _stale_sources(
    session: Session, user: User, history: AthleteHistory, now: datetime
) -> tuple[list[tuple[Finding, str]], list[SourceState]]:
    """The ``data.sync_stale`` findings (with their source) and the stale sources."""
    states = source_states(session, user, now, history.policy.sync_stale.stale_hours)
    sync = _sync_findings(history, states)
    return sync, [state for state in states if state.source in {source for _, source in sync}]


def advice_held_from(
    session: Session, user: User, history: AthleteHistory, now: datetime
) -> date | None:
    """The first local day whose load advice waits for a silent source, or None."""
    _sync, stale = _stale_sources(session, user, history, now)
    return min((state.since for state in stale), default=None)


def _findings(history: AthleteHistory, stale: Sequence[SourceState]) -> list[Finding]:
    held_back_from = min((state.since for state in stale), default=None)
    return evaluate(
        history.athlete,
        history.flags,
        history.policy,
        history.activities,
        history.checkins,
        history.today - timedelta(days=EVALUATION_DAYS - 1),
        history.today,
        missing_days=history.missing_days,
        history_start=history.history_start,
        held_back_from=held_back_from,
        episodes=history.episodes,
    )


def _sync_findings(
    history: AthleteHistory, states: Sequence[SourceState]
) -> list[tuple[Finding, str]]:
    found = []
    for state in states:
        finding = sync_stale_finding(
            history.today,
            state.source,
            state.hours_since_success,
            state.needs_reauth,
            history.policy,
        )
        if finding is not None:
            found.append((finding, state.source))
    return found


@dataclass(frozen=True, slots=True)
class _Alerting:
    """When this evaluation's alerts become due, and the first day still fresh enough."""

    now: datetime
    fresh_from: date


def _store(
    session: Session, rows: Sequence[dict[str, Any]], result: EvaluationResult, alerting: _Alerting
) -> None:
    """Store the findings whose key is new, and write the alerts of those about fresh days."""
    result.evaluated += len(rows)
    created = queries.insert_findings_once(session, rows)
    fresh = [row for row in created if row.day >= alerting.fresh_from]
    result.alerted += len(write_alerts_for(session, fresh, now=alerting.now, deliver=False))
    result.alerted_findings.extend(row.id for row in fresh)
    result.created.extend(created)


def evaluate_athlete(
    session: Session,
    athlete_id: int,
    *,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> EvaluationResult:
    """Evaluate and store the athlete's findings; nothing for an unknown or inactive athlete."""
    user = session.get(User, athlete_id)
    result = EvaluationResult()
    if user is None or user.role != Role.ATHLETE or not user.is_active:
        log.info("rules.evaluate.skipped", extra={"athlete_id": athlete_id})
        return result
    settings = settings or get_settings()
    now = now or utcnow()
    history = load_history(session, user, now)
    alerting = _Alerting(now, history.today - timedelta(days=settings.alerts.fresh_days))
    sync, stale = _stale_sources(session, user, history, now)
    rows = [finding_values(athlete_id, finding) for finding in _findings(history, stale)]
    rows += [finding_values(athlete_id, finding, source) for finding, source in sync]
    _store(session, rows, result, alerting)
    session.flush()
    refresh_status(session, [athlete_id], now)
    if result.alerted:
        enqueue(session, TaskName.ALERTS_DELIVER, finding_id=result.alerted_findings[0])
    if release_history_notices(session, athlete_id, now):
        enqueue(session, TaskName.ALERTS_SWEEP)
    log.info(
        "rules.evaluate.finished",
        extra={
            "athlete_id": athlete_id,
            "found": result.evaluated,
            "new": len(result.created),
            "alerted": len(result.alerted_findings),
        },
    )
    return result


def athletes_with_untold_stale_sources(session: Session, now: datetime | None = None) -> list[int]:
    """Athletes with a connected source silent for longer than the default ``stale_hours`` (or
    needing re-authorisation) who have not been told this week, the week that began on Monday in
    their own time zone: a quiet source triggers no recompute, so the beat sweep is what
    evaluates them."""
    now = now or utcnow()
    silent_since = now - timedelta(hours=DEFAULT_POLICY.sync_stale.stale_hours)
    # Every zone's today is at most a day before UTC's, so its Monday at most a week before.
    told_since = now.date() - timedelta(days=7)
    untold = set()
    for athlete_id, timezone, last_told in queries.list_stale_sources(
        session, silent_since, told_since
    ):
        today = local_today(timezone, now)
        if last_told is None or last_told < today - timedelta(days=today.weekday()):
            untold.add(athlete_id)
    return sorted(untold)
