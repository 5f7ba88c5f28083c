"""One athlete's stored history as the pure rules read it: profile, policy, activities (with
their own UTC offset and race mark), check-ins, what a physio or the athlete recorded about
injury episodes, missing days and the state of their connected sources."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from service.activities.queries import list_activities
from service.activities.records import is_race
from service.athletes.queries import get_profile
from service.checkins.convert import to_pure
from service.checkins.episodes import pure_record
from service.checkins.queries import list_checkins, list_episode_records
from service.clock import local_day, local_today
from service.findings import queries
from service.findings.policies import athlete_policy
from service.models import Activity, AthleteProfile, Connection, ConnectionState, User
from service.training.episodes import EpisodeRecord
from service.training.measures import AthleteParams, SessionInput, trimp_profile
from service.training.policy import Policy
from service.training.rules import AthleteFlag
from service.training.symptoms import AnyCheckin

log = logging.getLogger(__name__)

SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True)
class AthleteHistory:
    """Everything ``evaluate`` needs about one athlete, up to ``today`` (their local day)."""

    athlete: AthleteParams
    flags: frozenset[AthleteFlag]
    policy: Policy
    activities: tuple[SessionInput, ...]
    checkins: tuple[AnyCheckin, ...]
    missing_days: frozenset[date]
    history_start: date | None
    today: date
    episodes: tuple[EpisodeRecord, ...] = ()


@dataclass(frozen=True)
class SourceState:
    """A watched connection as ``data.sync_stale`` reads it.

    ``hours_since_success`` is None when it never succeeded; ``since`` is the local day from which
    its data may be incomplete (the day of the last success, or of connecting).
    """

    source: str
    hours_since_success: float | None
    needs_reauth: bool
    since: date


def athlete_params(user: User, profile: AthleteProfile | None) -> AthleteParams:
    if profile is None:
        return AthleteParams(timezone=user.timezone)
    return AthleteParams(
        timezone=user.timezone,
        sex=profile.sex,
        hr_rest=profile.hr_rest_bpm,
        hr_max=profile.hr_max_bpm,
    )


def _flags(profile: AthleteProfile | None) -> frozenset[AthleteFlag]:
    """The profile flags that change the advice (others, such as ``novice``, are not rule inputs
    yet)."""
    known = {flag.value for flag in AthleteFlag}
    return frozenset(AthleteFlag(f) for f in (profile.flags if profile else []) if f in known)


def usable_policy(policy: Policy, athlete: AthleteParams) -> Policy:
    """``policy``, with a heart-rate measure replaced by running distance when the profile lacks
    the heart-rate data (it was removed after the policy was set): the rules keep running."""
    try:
        trimp_profile(athlete)
        return policy
    except ValueError:
        pass
    for attribute in ("acwr_context", "monotony_strain"):
        section = getattr(policy, attribute)
        if section.measure == "trimp":
            log.warning("rules.evaluate.trimp_unavailable", extra={"rule_section": attribute})
            fallback = dataclasses.replace(section, measure="distance_km")
            policy = dataclasses.replace(policy, **{attribute: fallback})
    return policy


def session_input(activity: Activity) -> SessionInput:
    return SessionInput(
        start=activity.start_utc,
        sport=activity.sport,
        duration_s=activity.duration_s,
        distance_m=activity.distance_m,
        moving_s=activity.moving_s,
        avg_hr_bpm=activity.avg_hr_bpm,
        rpe=activity.rpe,
        utc_offset_s=activity.utc_offset_s,
        race=is_race(activity),
    )


def load_history(session: Session, user: User, now: datetime) -> AthleteHistory:
    """The athlete's whole stored history: the rules' cooldown and warm-up read all of it."""
    profile = get_profile(session, user.id)
    athlete = athlete_params(user, profile)
    return AthleteHistory(
        athlete=athlete,
        flags=_flags(profile),
        policy=usable_policy(athlete_policy(session, user.id), athlete),
        activities=tuple(session_input(a) for a in list_activities(session, user.id)),
        checkins=tuple(to_pure(row) for row in list_checkins(session, user.id)),
        missing_days=frozenset(queries.list_missing_days(session, user.id)),
        history_start=profile.series_start if profile else None,
        today=local_today(user.timezone, now),
        episodes=tuple(pure_record(row) for row in list_episode_records(session, user.id)),
    )


def _state(
    connection: Connection, now: datetime, timezone: str, stale_hours: float
) -> SourceState | None:
    needs_reauth = connection.state == ConnectionState.NEEDS_REAUTH
    last = connection.last_success_at
    age_s = (now - connection.created_at).total_seconds()
    if last is None and not needs_reauth and age_s <= stale_hours * SECONDS_PER_HOUR:
        return None  # connected moments ago: the first sync is still to come
    hours = None if last is None else max(0.0, (now - last).total_seconds() / SECONDS_PER_HOUR)
    since = local_day(last or connection.created_at, timezone)
    return SourceState(connection.provider, hours, needs_reauth, since)


def source_states(
    session: Session, user: User, now: datetime, stale_hours: float
) -> list[SourceState]:
    """The athlete's watched connections (connected, not switched off), by provider."""
    states = (
        _state(connection, now, user.timezone, stale_hours)
        for connection in queries.list_watched_connections(session, user.id)
    )
    return [state for state in states if state is not None]
