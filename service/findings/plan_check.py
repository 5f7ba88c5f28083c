"""The plan check: which findings would planned sessions trigger, and how long may today's run be?

The planned sessions are added to the athlete's stored history and run through the same pure
``evaluate`` the workers call; only findings on the planned days are returned and nothing is
stored. "Longest run today within +10 %" is the longest single run of the 30 days before today
(DOMAIN §1.1 ``longest_session_30d``) × (1 + the spike caution threshold / 100): a run up to that
distance today does not fire ``volume.session_spike``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from service.athletes.access import AthleteAccess, shows_finding
from service.clock import utcnow, zone
from service.errors import refused
from service.findings.history import AthleteHistory, load_history
from service.findings.schemas import (
    MAX_PLAN_DAYS_AHEAD,
    Message,
    PlanCheckOut,
    PlannedFindingOut,
    PlannedSessionIn,
)
from service.training.findings import Finding
from service.training.input_errors import InputError
from service.training.measures import SessionInput, session_loads
from service.training.rules import evaluate

LONGEST_RUN_DAYS = 30
PLANNED_START = time(12, 0)
"""A planned session is placed at local noon of its day: it counts for that day whatever the
time zone's offset."""


def _planned_inputs(
    history: AthleteHistory, planned: Sequence[PlannedSessionIn]
) -> list[SessionInput]:
    athlete_zone = zone(history.athlete.timezone)
    last_day = history.today + timedelta(days=MAX_PLAN_DAYS_AHEAD)
    inputs = []
    for index, session in enumerate(planned):
        if not history.today <= session.date <= last_day:
            raise InputError(
                f"sessions[{index}].date",
                f"must be from today ({history.today}) to {last_day}",
                f"moet van vandaag ({history.today}) tot en met {last_day} zijn",
            )
        inputs.append(
            SessionInput(
                start=datetime.combine(session.date, PLANNED_START, athlete_zone),
                sport=session.sport.value,
                duration_s=session.duration_s,
                distance_m=session.distance_m,
                rpe=session.rpe,
            )
        )
    return inputs


def longest_run_km(history: AthleteHistory) -> float | None:
    """The longest single run (km) on the 30 local days before today, or None without one."""
    first = history.today - timedelta(days=LONGEST_RUN_DAYS)
    runs = [
        load.load
        for load in session_loads(history.activities, history.athlete, "distance_km")
        if first <= load.day < history.today and load.day not in history.missing_days
    ]
    return max(runs, default=None)


def _planned_finding(finding: Finding) -> PlannedFindingOut:
    return PlannedFindingOut(
        rule=finding.rule,
        severity=finding.severity.value,
        date=finding.date,
        region=finding.region.value if finding.region is not None else None,
        values=dict(finding.values),
        message=Message(en=finding.message.en, nl=finding.message.nl),
        source=finding.source,
    )


def check_plan(
    session: Session, access: AthleteAccess, planned: Sequence[PlannedSessionIn]
) -> PlanCheckOut:
    history = load_history(session, access.athlete, utcnow())
    try:
        sessions = _planned_inputs(history, planned)
    except InputError as error:
        raise refused(error, "invalid_plan") from None
    days = {session.date for session in planned}
    findings = evaluate(
        history.athlete,
        history.flags,
        history.policy,
        [*history.activities, *sessions],
        history.checkins,
        min(days),
        max(days),
        missing_days=history.missing_days,
        history_start=history.history_start,
        episodes=history.episodes,
    )
    shown = [f for f in findings if f.date in days and shows_finding(f.rule, access.sees_symptoms)]
    caution_pct = history.policy.session_spike.caution_pct
    longest = longest_run_km(history)
    return PlanCheckOut(
        findings=[_planned_finding(finding) for finding in shown],
        longest_run_30d_km=None if longest is None else round(longest, 2),
        longest_run_today_km=None
        if longest is None
        else round(longest * (1 + caution_pct / 100), 2),
        caution_pct=caution_pct,
    )
