"""Six months of sessions per demo athlete, seeded, ending the day before the athlete's today.

Each athlete has a usual week (the same routes on the same weekdays: distances repeat, times of
day, paces and heart rates vary) and a story in the last weeks that the advice rules react to.
Dates are local days in the athlete's time zone, relative to ``today``; every session lies
before it. Sports use Garmin's type keys (``running``, ``road_biking``…); the Fitbit and file
paths translate them.

A usual week never changes from week to week on purpose: a rising or jittering week raises the
strain and progression rules, and the steady runner is there to show a runner with no findings.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

HISTORY_DAYS = 182
RIDES = frozenset({"road_biking", "indoor_cycling"})


@dataclass(frozen=True, slots=True)
class Workout:
    """One session: ``start`` is aware (the athlete's zone); distance in metres, duration in s."""

    start: datetime
    sport: str
    distance_m: float
    duration_s: float
    avg_hr_bpm: float

    @property
    def is_run(self) -> bool:
        return self.sport not in RIDES


@dataclass(frozen=True, slots=True)
class Week:
    """The usual week: running km and riding minutes by weekday (Monday 0 … Sunday 6)."""

    runs_km: Mapping[int, float]
    rides_min: Mapping[int, float] = field(default_factory=dict)
    long_run_day: int = 6


Planned = tuple[date, str, float]
"""(day, sport, km for a run or minutes for a ride)."""


def _nothing(_today: date) -> list[Planned]:
    return []


@dataclass(frozen=True, slots=True)
class Story:
    """The usual week, except in the last ``recent_days`` days: there the usual runs are kept at
    ``recent_share`` of their distance (0 drops them), the usual rides are dropped, and
    ``own_sessions(today)`` adds the story's own sessions."""

    week: Week
    recent_days: int = 0
    recent_share: float = 1.0
    own_sessions: Callable[[date], list[Planned]] = _nothing


def workouts(story: Story, today: date, zone: str, seed: int) -> list[Workout]:
    """The athlete's sessions of the last ``HISTORY_DAYS`` days before ``today``, oldest first."""
    rng = random.Random(seed)  # noqa: S311 - seeded demo data, not a secret
    tz = ZoneInfo(zone)
    recent_from = today - timedelta(days=story.recent_days)
    planned: list[Planned] = []
    for back in range(HISTORY_DAYS, 0, -1):
        day = today - timedelta(days=back)
        for sport, amount in _usual_day(story.week, day):
            if day < recent_from:
                planned.append((day, sport, amount))
            elif sport not in RIDES and story.recent_share > 0:
                planned.append((day, sport, round(amount * story.recent_share, 1)))
    planned += [item for item in story.own_sessions(today) if item[0] < today]
    planned.sort(key=lambda item: item[0])
    sessions = [_workout(day, sport, amount, story.week, tz, rng) for day, sport, amount in planned]
    return sorted(sessions, key=lambda session: session.start)


def run_days(sessions: list[Workout]) -> list[date]:
    """The local days with a run, in order."""
    return sorted({session.start.date() for session in sessions if session.is_run})


def _usual_day(week: Week, day: date) -> list[tuple[str, float]]:
    sessions = []
    if day.weekday() in week.runs_km:
        sessions.append(("running", week.runs_km[day.weekday()]))
    if day.weekday() in week.rides_min:
        sessions.append(("road_biking", week.rides_min[day.weekday()]))
    return sessions


def _workout(
    day: date, sport: str, amount: float, week: Week, tz: ZoneInfo, rng: random.Random
) -> Workout:
    """A run of ``amount`` km, or a ride of ``amount`` minutes, at a plausible hour and pace."""
    start = datetime.combine(day, _clock(day, rng), tz)
    if sport in RIDES:
        duration_s = amount * 60
        kmh = rng.uniform(24.0, 29.0) if sport == "road_biking" else rng.uniform(28.0, 32.0)
        return Workout(start, sport, round(kmh * duration_s / 3.6, 1), duration_s, _hr(128, rng))
    long_run = day.weekday() == week.long_run_day
    pace_s_per_km = rng.uniform(345, 375) if long_run else rng.uniform(315, 350)
    duration_s = round(amount * pace_s_per_km)
    return Workout(start, sport, round(amount * 1000, 1), duration_s, _hr(146, rng))


def _clock(day: date, rng: random.Random) -> time:
    if day.weekday() >= 5:
        return time(8 + rng.randint(0, 1), rng.choice((0, 15, 30, 45)))
    if rng.random() < 0.6:
        return time(6, rng.choice((15, 30, 45)))
    return time(18 + rng.randint(0, 1), rng.choice((0, 15, 30, 45)))


def _hr(typical: float, rng: random.Random) -> float:
    return float(round(typical + rng.uniform(-5, 6)))


def resting_hr(today: date, seed: int) -> dict[date, float]:
    """Garmin's daily resting heart rate for the history (bpm)."""
    rng = random.Random(seed)  # noqa: S311 - seeded demo data, not a secret
    days = (today - timedelta(days=back) for back in range(HISTORY_DAYS, 0, -1))
    return {day: float(round(51 + rng.uniform(-2.5, 2.5))) for day in days}


def _days_ago(today: date, back: int) -> date:
    return today - timedelta(days=back)


def _spike(today: date) -> list[Planned]:
    """Two days ago a long run half as long again as the usual one."""
    return [(_days_ago(today, 2), "running", 20.5)]


def _ramp(today: date) -> list[Planned]:
    """Two weeks of running six days a week: 45, then 69 km (the usual week is 26.5)."""
    earlier = [(_days_ago(today, back), "running", 7.5) for back in (14, 13, 12, 10, 9, 8)]
    latest = [(_days_ago(today, back), "running", 11.5) for back in (7, 6, 5, 3, 2, 1)]
    return earlier + latest


def _no_rest_day(today: date) -> list[Planned]:
    """The last 7 days without the usual Sunday rest: seven equal runs, a heavier week than the
    weeks before (a steady runner's flat weeks are not news, DOMAIN §1.6.4)."""
    days = (_days_ago(today, back) for back in range(1, 8))
    return [(day, "running", 7.0) for day in days if day.weekday() == 6]


def _rides_in_rehab(today: date) -> list[Planned]:
    """Five weeks of riding four times a week instead of running, longer each week; then a
    first easy run two days ago."""
    rides = [
        (_days_ago(today, 35 - 7 * week - day), "road_biking", 60.0 + 10 * week + 15 * (day == 5))
        for week in range(5)
        for day in (0, 2, 4, 5)
    ]
    return [*rides, (_days_ago(today, 2), "running", 4.0)]


SNAP_DAYS_AGO = 55
"""The post-rupture runner's snap: long enough ago that the six-week mark has passed."""
RETURN_RUNS = ((20, 4.0), (17, 4.0), (14, 5.0), (10, 5.0), (7, 6.0), (3, 6.0))
"""(days ago, km) of the easy runs after it; the first one within six weeks of the snap."""


def _back_after_a_snap(today: date) -> list[Planned]:
    """The run in which the Achilles snapped, nothing for five weeks, then easy runs again: the
    first ones within six weeks of the snap."""
    returns = [(_days_ago(today, back), "running", km) for back, km in RETURN_RUNS]
    return [(_days_ago(today, SNAP_DAYS_AGO), "running", 10.5), *returns]


STORIES: dict[str, Story] = {
    "steady": Story(Week({1: 8.2, 3: 9.6, 5: 7.4, 6: 14.8})),
    "spike": Story(Week({0: 6.5, 2: 8.8, 4: 7.2, 6: 13.5}), 3, 0.0, _spike),
    "ramp": Story(Week({1: 7.5, 3: 8.0, 6: 11.0}, {5: 60.0}), 14, 0.0, _ramp),
    "achilles": Story(Week({1: 8.0, 3: 9.0, 5: 6.5, 6: 13.0}), 21, 0.65),
    "rupture": Story(Week({0: 7.0, 2: 9.5, 4: 6.0, 5: 12.5}, long_run_day=5)),
    "cycling_rehab": Story(Week({1: 8.0, 4: 8.5, 6: 12.0}, {2: 75.0}), 35, 0.0, _rides_in_rehab),
    "ostrc": Story(Week({0: 6.0, 2: 8.0, 4: 6.5, 6: 11.0}), 14, 0.55),
    "monotony": Story(Week(dict.fromkeys(range(6), 7.0), long_run_day=-1), 0, 1.0, _no_rest_day),
    "reauth": Story(Week({1: 9.0, 3: 7.0, 6: 15.0}, {5: 90.0})),
    "shin": Story(Week({0: 7.0, 2: 8.5, 4: 7.0, 6: 12.0})),
    "after_rupture": Story(Week({1: 8.0, 3: 9.5, 6: 13.5}), SNAP_DAYS_AGO, 0.0, _back_after_a_snap),
}
