"""Reading the athlete's activities one by one: a page of them, newest first, and one activity
with its sources and its place against the longest run of the 30 days before it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from service.activities import queries
from service.errors import NotFound
from service.integrations.base import RUNNING_SPORTS
from service.models import Activity, ActivitySource

LONGEST_WINDOW_DAYS = 30


@dataclass(frozen=True)
class ActivityPage:
    """Page ``number`` (from 1) of ``pages``; ``items`` the activities on it with their sources."""

    items: list[tuple[Activity, Sequence[ActivitySource]]]
    number: int
    pages: int
    total: int


@dataclass(frozen=True)
class ThirtyDayPlace:
    """A run against the longest run of the 30 days before its day (DOMAIN §1.1
    ``longest_session_30d``, days t−30..t−1): ``share_pct`` = run / longest × 100, so above 100
    is the longest of the last 30 days (and a spike above 110); None without an earlier run."""

    km: float
    longest_before_km: float | None

    @property
    def share_pct(self) -> float | None:
        if not self.longest_before_km:
            return None
        return self.km / self.longest_before_km * 100

    @property
    def is_longest(self) -> bool:
        return self.longest_before_km is not None and self.km > self.longest_before_km


def activity_page(session: Session, athlete_id: int, number: int, per_page: int) -> ActivityPage:
    total = queries.count_activities(session, athlete_id)
    pages = max(1, -(-total // per_page))
    listed = queries.list_activities_newest_first(
        session, athlete_id, per_page, (number - 1) * per_page
    )
    return ActivityPage(_with_sources(session, listed), number, pages, total)


def activity_with_sources(
    session: Session, athlete_id: int, activity_id: int
) -> tuple[Activity, Sequence[ActivitySource]]:
    """The athlete's activity and every source that delivered it; 404 for anyone else's."""
    activity = queries.get_activity(session, athlete_id, activity_id)
    if activity is None:
        raise NotFound("activity_not_found")
    return activity, queries.list_sources_of(session, [activity.id])


def thirty_day_place(session: Session, activity: Activity) -> ThirtyDayPlace | None:
    """Where a run with a distance stands against the 30 days before it; None for anything else."""
    if activity.sport not in RUNNING_SPORTS or not activity.distance_m:
        return None
    day = activity.local_date
    longest = queries.longest_run_m(
        session,
        activity.athlete_id,
        RUNNING_SPORTS,
        day - timedelta(days=LONGEST_WINDOW_DAYS),
        day - timedelta(days=1),
    )
    return ThirtyDayPlace(activity.distance_m / 1000, longest / 1000 if longest else None)


def _with_sources(
    session: Session, activities: Sequence[Activity]
) -> list[tuple[Activity, Sequence[ActivitySource]]]:
    by_activity: dict[int, list[ActivitySource]] = {a.id: [] for a in activities}
    for source in queries.list_sources_of(session, list(by_activity)):
        by_activity[source.activity_id].append(source)
    return [(activity, by_activity[activity.id]) for activity in activities]
