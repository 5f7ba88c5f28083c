"""Everything the rules read about one athlete, computed once per evaluation.

The daily series of each measure the policy names (always running distance) runs from the first
day of the athlete's history to the last day evaluated, so every rule sees the same history
whatever window is asked for. Check-ins are grouped by kind and sorted by day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from service.training.measures import (
    RUNNING_SPORTS,
    AthleteParams,
    SessionInput,
    local_day,
    session_loads,
)
from service.training.policy import Policy
from service.training.series import DailySeries, compute_athlete_series
from service.training.symptoms import (
    Checkin,
    DailyCheckin,
    PostRunCheckin,
    RedFlagReport,
    WeeklyCheckin,
)

FloatArray = npt.NDArray[np.float64]


class AthleteFlag(StrEnum):
    """What a coach or physio recorded about the athlete that changes the advice (DOMAIN §9)."""

    PREVIOUS_ACHILLES_TENDINOPATHY = "previous_achilles_tendinopathy"
    ACHILLES_TENDINOPATHY = "achilles_tendinopathy"


@dataclass(frozen=True)
class LoadData:
    """One measure's daily series and each day's largest single session (NaN: none, or missing)."""

    series: DailySeries
    top_session: FloatArray

    def day(self, index: int) -> dt.date:
        return self.series.start + dt.timedelta(days=index)


@dataclass(frozen=True)
class RuleInputs:
    """One athlete's data and policy, as every rule reads it.

    ``loads`` is empty when there is no history at all (no session and no history start): the
    load rules are then silent. ``run_days`` are the local days on which a running session
    started, whether or not it recorded a distance.
    """

    end: dt.date
    flags: frozenset[AthleteFlag]
    policy: Policy
    loads: Mapping[str, LoadData]
    run_days: tuple[dt.date, ...]
    daily: tuple[DailyCheckin, ...]
    post_run: tuple[PostRunCheckin, ...]
    weekly: tuple[WeeklyCheckin, ...]
    red_flags: tuple[RedFlagReport, ...]

    @property
    def first_day(self) -> dt.date | None:
        """The first day of the athlete's history, or None without any."""
        distance = self.loads.get("distance_km")
        return None if distance is None else distance.series.start


def _top_sessions(
    loads: Sequence[tuple[dt.date, float]],
    first: dt.date,
    n_days: int,
    missing: Collection[dt.date],
) -> FloatArray:
    top = np.full(n_days, np.nan)
    for day, load in loads:
        index = (day - first).days
        top[index] = load if np.isnan(top[index]) else max(top[index], load)
    for day in missing:
        top[(day - first).days] = np.nan
    return top


def _load_data(
    sessions: Sequence[SessionInput],
    athlete: AthleteParams,
    measure: str,
    span: tuple[dt.date, dt.date],
    missing: Collection[dt.date],
) -> LoadData:
    first, last = span
    loads = [s for s in session_loads(sessions, athlete, measure) if first <= s.day <= last]
    series = compute_athlete_series(loads, first, last, missing)
    top = _top_sessions([(s.day, s.load) for s in loads], first, len(series), missing)
    return LoadData(series=series, top_session=top)


def _history_span(
    days: Sequence[dt.date], history_start: dt.date | None, end: dt.date
) -> tuple[dt.date, dt.date] | None:
    candidates = [day for day in days if day <= end]
    if history_start is not None and history_start <= end:
        candidates.append(history_start)
    return (min(candidates), end) if candidates else None


def build_inputs(
    athlete: AthleteParams,
    flags: frozenset[AthleteFlag],
    policy: Policy,
    activities: Sequence[SessionInput],
    checkins: Sequence[Checkin],
    end: dt.date,
    *,
    missing_days: Collection[dt.date] = (),
    history_start: dt.date | None = None,
) -> RuleInputs:
    """The rule inputs up to ``end`` (later activities and check-ins are not read)."""
    zone = ZoneInfo(athlete.timezone)
    session_days = [local_day(session.start, zone) for session in activities]
    span = _history_span(session_days, history_start, end)
    loads: dict[str, LoadData] = {}
    if span is not None:
        missing = {day for day in missing_days if span[0] <= day <= span[1]}
        measures = {"distance_km", policy.acwr_context.measure, policy.monotony_strain.measure}
        for measure in sorted(measures):
            loads[measure] = _load_data(activities, athlete, measure, span, missing)
    runs = {
        day
        for day, session in zip(session_days, activities, strict=True)
        if session.sport in RUNNING_SPORTS and day <= end
    }
    kept = sorted((c for c in checkins if c.day <= end), key=lambda checkin: checkin.day)
    return RuleInputs(
        end=end,
        flags=flags,
        policy=policy,
        loads=loads,
        run_days=tuple(sorted(runs)),
        daily=tuple(c for c in kept if isinstance(c, DailyCheckin)),
        post_run=tuple(c for c in kept if isinstance(c, PostRunCheckin)),
        weekly=tuple(c for c in kept if isinstance(c, WeeklyCheckin)),
        red_flags=tuple(c for c in kept if isinstance(c, RedFlagReport)),
    )
