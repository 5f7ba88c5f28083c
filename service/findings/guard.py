"""Today's guard for one athlete, from their stored history: the one answer the runner's week, the
athlete page and the plan check give to "how long may today's run be?"
(:mod:`service.training.guard`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from service.clock import utcnow
from service.findings.evaluation import advice_held_from
from service.findings.history import AthleteHistory, load_history
from service.models import User
from service.training.guard import TodaysGuard, todays_guard
from service.training.rules.inputs import build_inputs


def guard_of_history(
    session: Session, user: User, history: AthleteHistory, now: datetime
) -> TodaysGuard:
    inputs = build_inputs(
        history.athlete,
        history.flags,
        history.policy,
        history.activities,
        history.checkins,
        history.today,
        missing_days=history.missing_days,
        history_start=history.history_start,
        episodes=history.episodes,
    )
    held = advice_held_from(session, user, history, now)
    return todays_guard(inputs, history.today, held_back_from=held)


def athlete_guard(session: Session, user: User, now: datetime | None = None) -> TodaysGuard:
    """Today's guard of ``user`` (an athlete) on their own local day."""
    now = now or utcnow()
    return guard_of_history(session, user, load_history(session, user, now), now)
