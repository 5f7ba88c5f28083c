"""Estimated distance of a run that recorded none (DOMAIN §1.6.1).

A treadmill run without a footpod, or a manual entry, has a duration but no distance. Counted as
0 km, going back outside would read as "+100 %". Instead its distance is estimated as its minutes
divided by the athlete's median running pace (minutes per km) over the 30 days before its day,
from runs that did record a distance. With no such run to go on, the distance stays unknown and
that day's running distance is missing (NaN), never 0.
"""

from __future__ import annotations

import bisect
import dataclasses
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from service.training.measures import (
    RUNNING_SPORTS,
    AthleteParams,
    SessionInput,
    session_day,
    session_minutes,
)

PACE_DAYS = 30
"""Runs of the 30 days before a run's day give the pace its distance is estimated from."""


@dataclass(frozen=True)
class DistanceEstimates:
    """The sessions in input order, each run without a distance given an estimated one
    (``estimated=True``), and the days on which a run's distance could not be estimated."""

    sessions: tuple[SessionInput, ...]
    unknown_days: frozenset[date]


def lacks_distance(session: SessionInput) -> bool:
    """A run with minutes but no distance (none recorded, or 0 m)."""
    return (
        session.sport in RUNNING_SPORTS and not session.distance_m and session_minutes(session) > 0
    )


def estimate_distances(
    sessions: Sequence[SessionInput], athlete: AthleteParams, pace_days: int = PACE_DAYS
) -> DistanceEstimates:
    """Distances for runs that lack one: minutes ÷ the median pace (min/km) of the measured runs
    on the ``pace_days`` days before the run's local day. Example: 45 minutes on a treadmill
    after runs at 5, 6 and 6 min/km → 45 / 6 = 7.5 km, ``estimated=True``.
    """
    zone = ZoneInfo(athlete.timezone)
    measured = sorted(
        (session_day(s, zone), session_minutes(s) * 1000.0 / s.distance_m)
        for s in sessions
        if s.sport in RUNNING_SPORTS and s.distance_m and session_minutes(s) > 0
    )
    days = [day for day, _ in measured]
    result: list[SessionInput] = []
    unknown: set[date] = set()
    for session in sessions:
        if not lacks_distance(session):
            result.append(session)
            continue
        day = session_day(session, zone)
        first = bisect.bisect_left(days, day - timedelta(days=pace_days))
        last = bisect.bisect_left(days, day)
        paces = [pace for _, pace in measured[first:last]]
        if not paces:
            unknown.add(day)
            result.append(dataclasses.replace(session, distance_m=None))
            continue
        km = session_minutes(session) / statistics.median(paces)
        estimate = dataclasses.replace(session, distance_m=round(km * 1000.0), estimated=True)
        result.append(estimate)
    return DistanceEstimates(sessions=tuple(result), unknown_days=frozenset(unknown))
