"""The day rules of DOMAIN §1.6.1: a session's own local day, sessions beating "no data",
estimated treadmill distances, races."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest

from service.training.estimates import estimate_distances, lacks_distance
from service.training.measures import SessionInput, session_day, session_loads
from tests.unit.rules.support import ATHLETE, ZONE, day, inputs_for, session

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NEW_YORK = dt.timezone(dt.timedelta(hours=-5))


@pytest.mark.parametrize(
    ("local_start", "offset_s", "expected"),
    [
        (dt.datetime(2026, 3, 3, 19, 30, tzinfo=NEW_YORK), -5 * 3600, dt.date(2026, 3, 3)),
        (dt.datetime(2026, 3, 3, 19, 30, tzinfo=NEW_YORK), None, dt.date(2026, 3, 4)),  # athlete
        (dt.datetime(2026, 3, 3, 23, 30, tzinfo=dt.UTC), 9 * 3600, dt.date(2026, 3, 4)),  # Tokyo
        (dt.datetime(2026, 3, 3, 0, 30, tzinfo=AMSTERDAM), 3600, dt.date(2026, 3, 3)),
    ],
)
def test_a_session_belongs_to_its_own_local_day(local_start, offset_s, expected) -> None:
    utc = SessionInput(
        start=local_start.astimezone(dt.UTC),
        sport="running",
        duration_s=1800,
        distance_m=5000,
        utc_offset_s=offset_s,
    )
    assert session_day(utc, AMSTERDAM) == expected
    assert session_loads([utc], ATHLETE, "distance_km")[0].day == expected


@pytest.mark.parametrize("offset", [18 * 3600 + 1, -18 * 3600 - 1, 3600.5, True])
def test_an_impossible_offset_is_refused(offset) -> None:
    with pytest.raises(ValueError, match="utc_offset_s"):
        SessionInput(
            start=dt.datetime(2026, 3, 3, tzinfo=dt.UTC),
            sport="running",
            duration_s=60,
            utc_offset_s=offset,
        )


def runs_at(pace_min_km: float, days: range) -> list[SessionInput]:
    return [
        SessionInput(
            start=dt.datetime.combine(day(d), dt.time(8), tzinfo=ZONE),
            sport="running",
            duration_s=pace_min_km * 60 * 10,
            distance_m=10_000,
        )
        for d in days
    ]


def treadmill(offset: int, minutes: float, distance_m: float | None = None) -> SessionInput:
    return SessionInput(
        start=dt.datetime.combine(day(offset), dt.time(18), tzinfo=ZONE),
        sport="treadmill_running",
        duration_s=minutes * 60,
        distance_m=distance_m,
    )


@pytest.mark.parametrize(
    ("earlier", "treadmill_day", "expected_km"),
    [
        (runs_at(6, range(0, 3)), 3, 7.5),  # 45 min at a median 6 min/km
        ([*runs_at(5, range(2)), *runs_at(6, range(2, 5))], 5, 7.5),  # median of 5,5,6,6,6
        (runs_at(6, range(1)), 30, 7.5),  # 30 days before: still in the window
        (runs_at(6, range(1)), 31, None),  # 31 days before: no pace to go on
        (runs_at(6, range(3, 4)), 3, None),  # the same day does not count
        ([], 3, None),
    ],
)
def test_a_run_without_distance_gets_one_from_the_median_pace(
    earlier, treadmill_day, expected_km
) -> None:
    estimated = estimate_distances([*earlier, treadmill(treadmill_day, 45)], ATHLETE)
    last = estimated.sessions[-1]
    if expected_km is None:
        assert last.distance_m is None and not last.estimated
        assert estimated.unknown_days == {day(treadmill_day)}
    else:
        assert last.distance_m == pytest.approx(expected_km * 1000) and last.estimated
        assert estimated.unknown_days == frozenset()
    assert estimated.sessions[:-1] == tuple(earlier)  # measured runs are left as they are


@pytest.mark.parametrize(
    ("candidate", "lacks"),
    [
        (treadmill(0, 30), True),
        (treadmill(0, 30, distance_m=0), True),  # a treadmill that wrote 0 m
        (treadmill(0, 30, distance_m=5000), False),
        (treadmill(0, 0), False),  # nothing to estimate from
        (session(0, 30, sport="cycling"), False),
    ],
)
def test_which_sessions_lack_a_distance(candidate, lacks) -> None:
    assert lacks_distance(candidate) is lacks


def test_an_estimated_run_counts_and_an_unknown_one_leaves_its_day_missing() -> None:
    inputs = inputs_for([*runs_at(6, range(3)), treadmill(3, 45)], end=4)
    load = inputs.loads["distance_km"].series.column("load")
    assert list(load[:5]) == [10, 10, 10, 7.5, 0]
    unknown = inputs_for([treadmill(0, 45), *runs_at(6, range(1, 3))], end=3)
    assert math.isnan(unknown.loads["distance_km"].series.column("load")[0])
    assert unknown.run_days[0] == day(0)  # still a running day


def test_a_day_with_a_session_is_never_missing() -> None:
    ride = session(2, 20, sport="cycling")
    inputs = inputs_for([session(0, 10), ride], end=4, missing={0, 2, 4})
    load = inputs.loads["distance_km"].series.column("load")
    assert load[0] == 10 and load[2] == 0  # the run counts; the ride's day is a real 0 km
    assert math.isnan(load[4])  # no session: missing as marked


def test_race_days() -> None:
    race = SessionInput(
        start=dt.datetime.combine(day(3), dt.time(9), tzinfo=ZONE),
        sport="running",
        duration_s=3600,
        distance_m=10_000,
        race=True,
    )
    inputs = inputs_for([session(0, 5), race, session(5, 5)], end=6)
    assert inputs.race_days == (day(3),)
