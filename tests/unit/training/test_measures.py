"""Session load measures (DOMAIN §1.1, §2, §8 Example E) and the local start day."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.training.measures import (
    MEASURES,
    AthleteParams,
    SessionInput,
    SessionLoad,
    banister_trimp,
    session_loads,
)

MORNING = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
HR = AthleteParams(timezone="UTC", sex="male", hr_rest=50, hr_max=190)


def run(**changes: object) -> SessionInput:
    fields = {"start": MORNING, "sport": "running", "duration_s": 1800.0} | changes
    return SessionInput(**fields)  # type: ignore[arg-type]


CASES = [
    # (session, athlete, measure, expected load or None when the session does not count)
    (run(distance_m=10_000), HR, "distance_km", 10.0),
    (run(sport="trail_running", distance_m=21_097.5), HR, "distance_km", 21.0975),
    (run(sport="treadmill_running", distance_m=5_000), HR, "distance_km", 5.0),
    (run(sport="track_running", distance_m=400), HR, "distance_km", 0.4),
    (run(sport="cycling", distance_m=40_000), HR, "distance_km", None),
    (run(distance_m=None), HR, "distance_km", None),
    (run(duration_s=3600, moving_s=3000), HR, "duration_min", 50.0),
    (run(duration_s=3600, moving_s=None), HR, "duration_min", 60.0),
    (run(sport="yoga", duration_s=3600, moving_s=0), HR, "duration_min", 60.0),
    (run(sport="swimming", duration_s=2700, rpe=6), HR, "srpe", 270.0),  # Example E
    (run(duration_s=3600, rpe=6), HR, "srpe", 360.0),  # 8.1.1
    (run(duration_s=2700, rpe=8), HR, "srpe", 360.0),
    (run(duration_s=3600, moving_s=3000, rpe=5), HR, "srpe", 250.0),
    (run(rpe=None), HR, "srpe", None),
    (run(avg_hr_bpm=150), HR, "trimp", 54.0477),  # Example E, male
    (run(avg_hr_bpm=150), AthleteParams(sex="female", hr_rest=50, hr_max=190), "trimp", 60.7495),
    (run(avg_hr_bpm=40), HR, "trimp", 0.0),  # x clamped at 0
    (run(avg_hr_bpm=200), HR, "trimp", 30 * 0.64 * math.exp(1.92)),  # x clamped at 1
    (run(avg_hr_bpm=150, moving_s=600), HR, "trimp", 54.0477),  # elapsed time for TRIMP
    (run(avg_hr_bpm=None), HR, "trimp", None),
]


@pytest.mark.parametrize(("session", "athlete", "measure", "expected"), CASES)
def test_session_load(
    session: SessionInput, athlete: AthleteParams, measure: str, expected: float | None
) -> None:
    loads = session_loads([session], athlete, measure)
    if expected is None:
        assert loads == []
    else:
        assert loads == [SessionLoad(date(2026, 3, 1), pytest.approx(expected, abs=5e-5))]  # type: ignore[arg-type]


DAYS = [
    # (start, time zone, local day): sessions belong to the local day on which they start
    (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), "Europe/Amsterdam", date(2026, 3, 2)),
    (datetime(2026, 3, 1, 22, 59, tzinfo=UTC), "Europe/Amsterdam", date(2026, 3, 1)),
    (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "Europe/Amsterdam", date(2026, 7, 2)),  # CEST
    (datetime(2026, 7, 1, 21, 59, tzinfo=UTC), "Europe/Amsterdam", date(2026, 7, 1)),
    (datetime(2026, 3, 2, 3, 0, tzinfo=UTC), "America/New_York", date(2026, 3, 1)),
    (datetime(2026, 3, 2, 1, 0, tzinfo=timezone(timedelta(hours=2))), "UTC", date(2026, 3, 1)),
    (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "Europe/Amsterdam", date(2026, 3, 29)),  # DST day
]


@pytest.mark.parametrize(("start", "zone", "day"), DAYS)
def test_local_start_day(start: datetime, zone: str, day: date) -> None:
    athlete = AthleteParams(timezone=zone)
    [load] = session_loads([run(start=start, distance_m=1000)], athlete, "distance_km")
    assert load.day == day


def test_order_is_kept_and_non_counting_sessions_are_left_out() -> None:
    sessions = [run(distance_m=5000), run(sport="cycling"), run(distance_m=8000)]
    assert [s.load for s in session_loads(sessions, HR, "distance_km")] == [5.0, 8.0]
    assert len(session_loads(sessions, HR, "duration_min")) == 3


ERRORS = [
    (lambda: run(start=datetime(2026, 3, 1, 8, 0)), "timezone-aware"),  # noqa: DTZ001
    (lambda: run(duration_s=-1.0), "duration_s"),
    (lambda: run(distance_m=math.inf), "distance_m"),
    (lambda: run(rpe=11), "rpe"),
    (lambda: session_loads([run()], HR, "tss"), "unknown measure"),
    (lambda: session_loads([run(avg_hr_bpm=150)], AthleteParams(), "trimp"), "sex"),
    (lambda: session_loads([], AthleteParams(sex="male", hr_rest=60), "trimp"), "hr_max"),
    (lambda: banister_trimp(30, 150, AthleteParams(sex="male", hr_rest=90, hr_max=90)), "above"),
    (lambda: session_loads([run()], AthleteParams(timezone="Mars/Olympus"), "srpe"), "Mars"),
]


@pytest.mark.parametrize(("call", "message"), ERRORS)
def test_bad_input_is_rejected(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


@given(
    st.floats(0, 300),
    st.floats(30, 230),
    st.sampled_from(["male", "female"]),
    st.floats(0, 600),
)
def test_trimp_grows_with_heart_rate_and_stays_within_its_ceiling(
    minutes: float, hr: float, sex: str, more: float
) -> None:
    athlete = AthleteParams(sex=sex, hr_rest=50, hr_max=190)
    a, b = (0.64, 1.92) if sex == "male" else (0.86, 1.67)
    low, high = banister_trimp(minutes, hr, athlete), banister_trimp(minutes, hr + more, athlete)
    assert 0 <= low <= high <= minutes * a * math.exp(b) * (1 + 1e-12)


def test_measures_are_the_four_of_the_contract() -> None:
    assert MEASURES == ("distance_km", "duration_min", "srpe", "trimp")
