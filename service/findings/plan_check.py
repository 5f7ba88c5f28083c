"""The plan check: which findings would planned sessions trigger, and how long may today's run be?

The planned sessions are added to the athlete's stored history and run through the same pure
``evaluate`` the workers call; only findings on the planned days are returned and nothing is
stored. A planned run over the day's guard always shows its spike warning, also where the rule
reads an earlier spike run as its longest or a cooldown holds it back. "Longest run today" is
today's guard (:mod:`service.training.guard`), the same figure the runner's week and the athlete
page show, and none while advice is on hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from service.athletes.access import AthleteAccess, shows_finding
from service.clock import utcnow, zone
from service.errors import refused
from service.findings.evaluation import advice_held_from
from service.findings.guard import guard_of_history
from service.findings.history import AthleteHistory, load_history
from service.findings.schemas import (
    MAX_PLAN_DAYS_AHEAD,
    Message,
    PlanCheckOut,
    PlannedFindingOut,
    PlannedSessionIn,
)
from service.training.findings import Finding
from service.training.guard import spike_over_guard, todays_guard
from service.training.input_errors import InputError
from service.training.measures import RUNNING_SPORTS, SessionInput
from service.training.rules import evaluate
from service.training.rules.inputs import build_inputs

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


def _over_guard(
    history: AthleteHistory, sessions: Sequence[SessionInput], findings: Sequence[Finding]
) -> list[Finding]:
    """A spike warning for each planned day whose longest planned run is over that day's guard
    while the rule stayed silent (it read an earlier spike run as its reference, or a warning of
    the last 7 days holds it back)."""
    spiked = {f.date for f in findings if f.rule == "volume.session_spike"}
    found = []
    for day in sorted({s.start.date() for s in sessions} - spiked):
        runs = [
            s.distance_m / 1000
            for s in sessions
            if s.start.date() == day and s.sport in RUNNING_SPORTS and s.distance_m
        ]
        if not runs:
            continue
        inputs = build_inputs(
            history.athlete,
            history.flags,
            history.policy,
            history.activities,  # the reference is the 30 days before the day, without the plan
            history.checkins,
            day,
            missing_days=history.missing_days,
            history_start=history.history_start,
            episodes=history.episodes,
        )
        finding = spike_over_guard(inputs, todays_guard(inputs, day), max(runs))
        if finding is not None:
            found.append(finding)
    return found


def check_plan(
    session: Session, access: AthleteAccess, planned: Sequence[PlannedSessionIn]
) -> PlanCheckOut:
    now = utcnow()
    history = load_history(session, access.athlete, now)
    guard = guard_of_history(session, access.athlete, history, now)
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
        held_back_from=advice_held_from(session, access.athlete, history, now),
        episodes=history.episodes,
    )
    findings += _over_guard(history, sessions, findings)
    shown = [f for f in findings if f.date in days and shows_finding(f.rule, access.sees_symptoms)]
    return PlanCheckOut(
        findings=[_planned_finding(finding) for finding in shown],
        longest_run_30d_km=None if guard.reference_km is None else round(guard.reference_km, 2),
        longest_run_today_km=None if guard.km is None else round(guard.km, 2),
        caution_pct=guard.caution_pct,
        advice_on_hold=None if guard.hold is None else guard.hold.value,
    )
