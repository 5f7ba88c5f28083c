"""Reading workouts: paging, units, durations, offsets and sports, real httpx ↔ the fake."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.demo.fakes.google_health import FakeGoogleHealth
from service.demo.fakes.google_health_data import FakeExercise
from service.integrations.base import ActivityData, Sport
from service.integrations.fitbit import EXERCISE_PAGE_SIZE, GoogleHealthClient, exercise_filter
from service.integrations.fitbit_exercise import (
    MalformedExerciseError,
    exercise_to_activity,
    parse_duration_s,
)
from service.integrations.google_oauth import GoogleClient
from tests.unit.fitbit.conftest import CYCLIST, RUNNER

NOVEMBER = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))


def api_for(fake: FakeGoogleHealth, client: GoogleClient, http: httpx.Client, user: str):
    access, _ = fake.issue_tokens(user)
    return GoogleHealthClient(access, api_base=client.api_base, http=http)


@pytest.fixture
def runner_activities(fake, client, http) -> dict[str, ActivityData]:
    activities = api_for(fake, client, http, RUNNER).list_exercises(*NOVEMBER)
    return {activity.external_id: activity for activity in activities}


def test_identity_returns_the_health_user_id(fake, client, http):
    assert api_for(fake, client, http, RUNNER).identity() == RUNNER


def test_identity_sends_the_bearer_token(fake, client, http):
    access, _ = fake.issue_tokens(CYCLIST)
    GoogleHealthClient(access, api_base=client.api_base, http=http).identity()
    (request,) = fake.api_requests()
    assert request.path == "/v4/users/me/identity"
    assert request.headers["Authorization"] == f"Bearer {access}"


@pytest.mark.parametrize(
    ("external_id", "sport", "distance_m", "duration_s", "moving_s", "avg_hr", "name"),
    [
        ("run-1", Sport.RUNNING, 8421.5, 2700.0, 2580.0, 151.0, "Morning Run"),
        ("ride-1", Sport.CYCLING, 30250.0, 3600.0, 3600.0, 128.0, "Bike"),
        ("swim-1", Sport.SWIMMING, 1500.0, 1800.0, 1800.0, None, "Swimming"),
        ("walk-1", Sport.WALKING, 1766.6, 1200.0, 1200.0, 101.0, "Walk"),
        ("hiit-1", Sport.OTHER, None, 900.0, 900.0, None, "Hiit"),
    ],
)
def test_exercises_map_to_activities_in_si_units(
    runner_activities, external_id, sport, distance_m, duration_s, moving_s, avg_hr, name
):
    activity = runner_activities[external_id]
    assert activity.sport is sport
    assert activity.distance_m == (None if distance_m is None else pytest.approx(distance_m))
    assert (activity.duration_s, activity.moving_s) == (duration_s, moving_s)
    assert (activity.avg_hr_bpm, activity.name) == (avg_hr, name)


@pytest.mark.parametrize(
    ("external_id", "start_utc", "utc_offset_s"),
    [
        ("run-1", datetime(2026, 11, 2, 6, 0, tzinfo=UTC), 3600),
        ("walk-1", datetime(2026, 11, 6, 4, 0, tzinfo=UTC), -25200),
        ("hiit-1", datetime(2026, 11, 6, 12, 0, tzinfo=UTC), 0),
    ],
)
def test_start_is_utc_with_the_local_offset_beside_it(
    runner_activities, external_id, start_utc, utc_offset_s
):
    activity = runner_activities[external_id]
    assert activity.start_utc == start_utc
    assert activity.start_utc.utcoffset() == timedelta(0)
    assert activity.utc_offset_s == utc_offset_s


def test_raw_payload_is_kept_for_reprocessing(runner_activities):
    raw = runner_activities["run-1"].raw
    assert raw["name"] == f"users/{RUNNER}/dataTypes/exercise/dataPoints/run-1"
    assert raw["exercise"]["metricsSummary"]["distanceMillimeters"] == 8421500.0


def test_listing_follows_every_page_newest_first(fake, client, http):
    activities = api_for(fake, client, http, CYCLIST).list_exercises(
        datetime(2026, 9, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    )
    requests = fake.api_requests()
    assert [a.external_id for a in activities] == [f"bulk-{i:03d}" for i in reversed(range(60))]
    assert len(requests) == 3
    assert [r.query.get("pageToken") is not None for r in requests] == [False, True, True]
    assert {r.query["pageSize"][0] for r in requests} == {str(EXERCISE_PAGE_SIZE)}


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # bulk-i starts at 2026-10-01T06:00Z + 12 h × i
        (datetime(2026, 10, 1, 6, 0, tzinfo=UTC), datetime(2026, 10, 2, 6, 0, tzinfo=UTC), 2),
        (datetime(2026, 10, 1, 6, 1, tzinfo=UTC), datetime(2026, 10, 2, 6, 1, tzinfo=UTC), 2),
        (datetime(2026, 10, 1, 8, 0, tzinfo=UTC), datetime(2026, 10, 1, 18, 0, tzinfo=UTC), 0),
        (datetime(2026, 10, 1, 8, 0, tzinfo=UTC), datetime(2026, 10, 1, 18, 1, tzinfo=UTC), 1),
        (datetime(2026, 10, 1, 19, 0, tzinfo=UTC), datetime(2026, 10, 2, 5, 0, tzinfo=UTC), 0),
        # the last one, bulk-059, starts 2026-10-30T18:00Z
        (datetime(2026, 10, 30, 12, 0, tzinfo=UTC), datetime(2026, 12, 1, 0, 0, tzinfo=UTC), 1),
    ],
)
def test_window_includes_its_start_and_excludes_its_end(fake, client, http, start, end, expected):
    activities = api_for(fake, client, http, CYCLIST).list_exercises(start, end)
    assert len(activities) == expected


def test_filter_is_the_civil_start_time_filter_google_allows_for_exercise():
    """``exercise`` is a session data type: its only filter field is ``civil_start_time``."""
    amsterdam = datetime(2026, 11, 1, 1, 0, tzinfo=UTC).astimezone(timezone(timedelta(hours=1)))
    assert exercise_filter(amsterdam, date(2026, 11, 8)) == (
        'exercise.interval.civil_start_time >= "2026-11-01T02:00:00" AND '
        'exercise.interval.civil_start_time < "2026-11-08T00:00:00"'
    )


def test_the_physical_start_time_filter_is_refused_as_google_refuses_it(fake, client, http):
    access, _ = fake.issue_tokens(RUNNER)
    answer = http.get(
        f"{client.api_base}/users/me/dataTypes/exercise/dataPoints",
        params={"filter": 'exercise.interval.start_time >= "2026-11-01T00:00:00Z"'},
        headers={"Authorization": f"Bearer {access}"},
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == (
        "Member 'exercise.interval.start_time' is not supported for filtering"
    )


def test_civil_days_select_workouts_by_the_local_day_they_happened(fake, client, http):
    """walk-1 started 2026-11-05 21:00 in Los Angeles (05:00 UTC on the 6th): its day is the 5th."""
    api = api_for(fake, client, http, RUNNER)
    on_the_fifth = api.list_exercises(date(2026, 11, 5), date(2026, 11, 6))
    assert [a.external_id for a in on_the_fifth] == ["walk-1"]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1800s", 1800.0),
        ("0s", 0.0),
        ("1800.5s", 1800.5),
        ("3.000000001s", 3.000000001),
        ("-25200s", -25200.0),
        (" 60s ", 60.0),
    ],
)
def test_duration_strings_parse_to_seconds(text: str, seconds: float):
    assert parse_duration_s(text) == pytest.approx(seconds, abs=1e-12)


@pytest.mark.parametrize("text", ["1800", "30m", "PT30M", "", "s", "1.2.3s", 1800, None])
def test_unreadable_durations_are_refused(text):
    with pytest.raises(MalformedExerciseError):
        parse_duration_s(text)


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(0, 999_999_999))
def test_duration_round_trips_whole_and_nanos(whole: int, nanos: int):
    text = f"{whole}.{nanos:09d}s"
    expected = whole + nanos / 1e9 if whole >= 0 else -(abs(whole) + nanos / 1e9)
    assert parse_duration_s(text) == pytest.approx(expected, rel=1e-12, abs=1e-9)


def point(**exercise) -> dict:
    base = {
        "interval": {"startTime": "2026-11-02T06:00:00Z", "endTime": "2026-11-02T06:30:00Z"},
        "exerciseType": "RUNNING",
    }
    return {"name": "users/me/dataTypes/exercise/dataPoints/x1", "exercise": base | exercise}


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"name": "users/me/dataTypes/exercise/dataPoints/x"}, "no exercise"),
        (point(interval={"endTime": "2026-11-02T06:30:00Z"}), "timestamp"),
        (point(interval={"startTime": "2026-11-02T06:00:00"}), "offset"),
        (point(interval={"startTime": "2026-11-02T06:00:00Z"}), "neither"),
        (
            point(interval={"startTime": "2026-11-02T06:00:00Z", "endTime": "2026-11-02T05:00Z"}),
            "ends before",
        ),
        (point(metricsSummary={"distanceMillimeters": "far"}), "not a number"),
        ({**point(), "name": "exercise/1"}, "dataPoints"),
    ],
)
def test_malformed_points_are_refused_with_a_reason(payload, reason):
    with pytest.raises(MalformedExerciseError, match=reason):
        exercise_to_activity(payload)


def test_active_duration_alone_gives_the_duration():
    activity = exercise_to_activity(
        point(interval={"startTime": "2026-11-02T06:00:00.123456789Z"}, activeDuration="1500s")
    )
    assert (activity.duration_s, activity.moving_s) == (1500.0, 1500.0)
    assert activity.start_utc == datetime(2026, 11, 2, 6, 0, 0, 123456, tzinfo=UTC)


def test_a_malformed_point_is_skipped_and_the_rest_is_kept(fake, client, http, caplog):
    broken = FakeExercise("broken", "RUNNING", datetime(2026, 11, 7, tzinfo=UTC), elapsed_s=-60)
    fake.user(RUNNER).exercises.append(broken)
    activities = api_for(fake, client, http, RUNNER).list_exercises(*NOVEMBER)
    assert "broken" not in {a.external_id for a in activities}
    assert len(activities) == 5
    assert [r.message for r in caplog.records if r.name.startswith("service.")] == [
        "fitbit.exercise.skipped"
    ]


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False), st.booleans())
def test_millimetres_become_metres(distance_mm: float, as_string: bool):
    value = str(distance_mm) if as_string else distance_mm
    activity = exercise_to_activity(point(metricsSummary={"distanceMillimeters": value}))
    assert activity.distance_m == pytest.approx(distance_mm / 1000)
