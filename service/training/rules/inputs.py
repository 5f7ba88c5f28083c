"""Everything the rules read about one athlete, computed once per evaluation.

The daily series of each measure the policy names (always running distance) runs from the first
day of the athlete's history to the last day evaluated, so every rule sees the same history
whatever window is asked for. The day rules of DOMAIN §1.6.1 apply here: a session belongs to its
own local day, a day with a session is never missing, and a run without a distance gets one
estimated from the athlete's pace (or leaves that day's distance missing). An outlier day that the
athlete has not confirmed is left out of the running distance the volume rules read
(``volume_distance``), so they wait for the confirmation (§1.6.4). Check-ins are grouped by kind
and sorted by day; injury episodes are derived from them (§1.6.2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from service.training.episodes import Episode, EpisodeRecord, derive_episodes
from service.training.estimates import estimate_distances
from service.training.measures import (
    RUNNING_SPORTS,
    AthleteParams,
    SessionInput,
    session_day,
    session_loads,
)
from service.training.outliers import OutlierDay, find_outliers
from service.training.policy import Policy
from service.training.series import DailySeries, compute_athlete_series
from service.training.symptoms import (
    AnyCheckin,
    DailyCheckin,
    IllnessReport,
    PostRunCheckin,
    RedFlagReport,
    Region,
    WeeklyCheckin,
)

FloatArray = npt.NDArray[np.float64]


class AthleteFlag(StrEnum):
    """What a coach or physio recorded about the athlete that changes the advice (DOMAIN §9,
    §1.6.5): an Achilles history, and medicines that make tendons more vulnerable."""

    PREVIOUS_ACHILLES_TENDINOPATHY = "previous_achilles_tendinopathy"
    ACHILLES_TENDINOPATHY = "achilles_tendinopathy"
    FLUOROQUINOLONE = "fluoroquinolone"
    CORTICOSTEROID = "corticosteroid"
    STATIN = "statin"


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
    started, whether or not it recorded a distance; ``race_days`` those with a race.
    ``outliers`` are the outlier days not yet confirmed, left out of ``checked_distance`` (the
    running distance without them, when there are any).
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
    race_days: tuple[dt.date, ...] = ()
    illness: tuple[IllnessReport, ...] = ()
    episodes: tuple[Episode, ...] = ()
    outliers: tuple[OutlierDay, ...] = ()
    sessions: tuple[SessionInput, ...] = field(default=(), repr=False)
    checked_distance: LoadData | None = field(default=None, repr=False)

    @property
    def volume_distance(self) -> LoadData | None:
        """The running distance the volume rules read: without unconfirmed outlier days."""
        return self.checked_distance or self.loads.get("distance_km")

    def checked_load(self, measure: str) -> LoadData | None:
        """``measure``'s load data, running distance without unconfirmed outlier days."""
        return self.volume_distance if measure == "distance_km" else self.loads.get(measure)

    @property
    def first_day(self) -> dt.date | None:
        """The first day of the athlete's history, or None without any."""
        distance = self.loads.get("distance_km")
        return None if distance is None else distance.series.start

    def episode_on(self, region: Region, day: dt.date) -> Episode | None:
        """The episode of ``region`` open on ``day``, if any."""
        return next((e for e in self.episodes if e.region is region and e.covers(day)), None)


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


@dataclass(frozen=True)
class _Loads:
    loads: dict[str, LoadData]
    outliers: tuple[OutlierDay, ...]
    checked_distance: LoadData | None = None


def _loads(
    sessions: Sequence[SessionInput],
    athlete: AthleteParams,
    policy: Policy,
    span: tuple[dt.date, dt.date],
    missing: tuple[frozenset[dt.date], frozenset[dt.date]],
    confirmed_days: Collection[dt.date],
) -> _Loads:
    """Each measure's load data; ``missing`` is (missing days, days without a known distance)."""
    no_data, unknown_distance = missing
    distance_missing = no_data | unknown_distance
    distance = _load_data(sessions, athlete, "distance_km", span, distance_missing)
    limits = policy.outlier_day
    found = find_outliers(
        distance.series.column("load"),
        span[0],
        factor=limits.factor,
        percentile=limits.percentile,
        history_days=limits.history_days,
        min_training_days=limits.min_training_days,
    )
    unconfirmed = tuple(o for o in found if o.day not in confirmed_days)
    checked = None
    if unconfirmed:
        left_out = distance_missing | {o.day for o in unconfirmed}
        checked = _load_data(sessions, athlete, "distance_km", span, left_out)
    loads = {"distance_km": distance}
    for measure in sorted({policy.acwr_context.measure, policy.monotony_strain.measure}):
        if measure != "distance_km":
            loads[measure] = _load_data(sessions, athlete, measure, span, no_data)
    return _Loads(loads, unconfirmed, checked)


def build_inputs(
    athlete: AthleteParams,
    flags: frozenset[AthleteFlag],
    policy: Policy,
    activities: Sequence[SessionInput],
    checkins: Sequence[AnyCheckin],
    end: dt.date,
    *,
    missing_days: Collection[dt.date] = (),
    history_start: dt.date | None = None,
    episodes: Sequence[EpisodeRecord] = (),
    confirmed_days: Collection[dt.date] = (),
) -> RuleInputs:
    """The rule inputs up to ``end`` (later activities and check-ins are not read)."""
    zone = ZoneInfo(athlete.timezone)
    estimated = estimate_distances(activities, athlete)
    dated = [(session_day(s, zone), s) for s in estimated.sessions]
    sessions = tuple(s for day, s in dated if day <= end)
    span = _history_span([day for day, _ in dated], history_start, end)
    loaded = _Loads({}, ())
    if span is not None:
        inside = {day for day, _ in dated if span[0] <= day <= span[1]}
        no_data = frozenset(d for d in missing_days if span[0] <= d <= span[1] and d not in inside)
        unknown = frozenset(d for d in estimated.unknown_days if span[0] <= d <= span[1])
        loaded = _loads(sessions, athlete, policy, span, (no_data, unknown), confirmed_days)
    running = [(day, s) for day, s in dated if s.sport in RUNNING_SPORTS and day <= end]
    kept = sorted((c for c in checkins if c.day <= end), key=lambda checkin: checkin.day)
    region_checkins = [c for c in kept if not isinstance(c, IllnessReport)]
    return RuleInputs(
        end=end,
        flags=flags,
        policy=policy,
        loads=loaded.loads,
        run_days=tuple(sorted({day for day, _ in running})),
        daily=tuple(c for c in kept if isinstance(c, DailyCheckin)),
        post_run=tuple(c for c in kept if isinstance(c, PostRunCheckin)),
        weekly=tuple(c for c in kept if isinstance(c, WeeklyCheckin)),
        red_flags=tuple(c for c in kept if isinstance(c, RedFlagReport)),
        race_days=tuple(sorted({day for day, s in running if s.race})),
        illness=tuple(c for c in kept if isinstance(c, IllnessReport)),
        episodes=derive_episodes(region_checkins, episodes, end),
        outliers=loaded.outliers,
        sessions=sessions,
        checked_distance=loaded.checked_distance,
    )
