"""The stored daily series: equal to the metrics CLI, idempotent, rewritten from a given day."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.metrics.service import recompute_metrics
from service.models import AthleteProfile, DailyMetric, MissingDay
from service.training.columns import SERIES_COLUMNS
from service.training.measures import MEASURES
from tests.integration.metrics.support import (
    HR_MAX,
    HR_REST,
    ZONE,
    activity,
    at,
    cli_series,
    cli_value,
    random_sessions,
    sessions_csv,
    steady_week,
    stored,
)

FIRST = date(2026, 1, 5)
NOW = datetime(2026, 4, 10, 12, 0, tzinfo=UTC)  # 2026-04-10 in Amsterdam
TODAY = date(2026, 4, 10)
MISSING = [date(2026, 2, 3), date(2026, 2, 4), date(2026, 3, 15)]


@pytest.fixture
def athlete(make_user: Any, db_session: Session) -> Any:
    user = make_user(timezone=ZONE)
    profile = db_session.get_one(AthleteProfile, user.id)
    profile.sex, profile.hr_rest_bpm, profile.hr_max_bpm = "female", HR_REST, HR_MAX
    db_session.flush()
    return user


def load_history(session: Session, athlete_id: int, items: list[Any]) -> None:
    ingest_activities(session, athlete_id, items)
    for day in MISSING:
        session.add(MissingDay(athlete_id=athlete_id, day=day))
    session.flush()


def history() -> list[Any]:
    return random_sessions(FIRST, 80, seed=7) + steady_week(date(2026, 3, 30))


@pytest.mark.parametrize("measure", MEASURES)
def test_stored_series_equals_the_metrics_cli_column_by_column(
    db_session: Session, athlete: Any, sent_tasks: list[Any], tmp_path: Path, measure: str
) -> None:
    items = history()
    load_history(db_session, athlete.id, items)

    result = recompute_metrics(db_session, athlete.id, FIRST, now=NOW)
    expected = cli_series(sessions_csv(items, measure, MISSING), FIRST, TODAY, tmp_path)
    rows = stored(db_session, athlete.id, measure)

    assert (result.start, result.end) == (FIRST, TODAY)
    assert [row[1].isoformat() for row in rows] == [line["date"] for line in expected]
    for row, line in zip(rows, expected, strict=True):
        for name, value in zip(SERIES_COLUMNS, row[2:], strict=True):
            assert value == cli_value(line[name]), (measure, line["date"], name)


def test_infinite_monotony_round_trips_and_undefined_values_are_null(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    load_history(db_session, athlete.id, history())
    recompute_metrics(db_session, athlete.id, FIRST, now=NOW)
    db_session.expire_all()

    steady = db_session.get_one(DailyMetric, (athlete.id, "srpe", date(2026, 4, 5)))
    first = db_session.get_one(DailyMetric, (athlete.id, "distance_km", FIRST))
    gap = db_session.get_one(DailyMetric, (athlete.id, "duration_min", MISSING[0]))

    assert steady.monotony_7d == math.inf and steady.strain_7d == math.inf
    assert first.acute_7d is None and first.ctl is not None
    assert gap.load is None


def test_recomputing_twice_gives_the_same_rows(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    load_history(db_session, athlete.id, history())
    recompute_metrics(db_session, athlete.id, FIRST, now=NOW)
    once = stored(db_session, athlete.id)
    again = recompute_metrics(db_session, athlete.id, FIRST, now=NOW)
    db_session.expire_all()

    assert stored(db_session, athlete.id) == once
    assert again.rows_written == len(once) == 4 * ((TODAY - FIRST).days + 1)


def test_a_late_session_rewrites_from_its_day_and_equals_a_full_recompute(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    load_history(db_session, athlete.id, history())
    recompute_metrics(db_session, athlete.id, FIRST, now=NOW)
    late = activity("late", at(date(2026, 3, 20), 9), distance_m=21_097.5, avg_hr_bpm=150.0)
    changed = ingest_activities(db_session, athlete.id, [late]).earliest_changed
    assert changed == date(2026, 3, 20)

    partial = recompute_metrics(db_session, athlete.id, changed, now=NOW)
    db_session.expire_all()
    after_partial = stored(db_session, athlete.id)
    recompute_metrics(db_session, athlete.id, FIRST, now=NOW)
    db_session.expire_all()

    assert partial.written_from == changed
    assert partial.rows_written == 4 * ((TODAY - changed).days + 1)
    assert after_partial == stored(db_session, athlete.id)


def test_rows_absent_before_the_day_asked_for_are_written_too(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    """A recompute whose message was lost leaves a gap; the next one fills it."""
    load_history(db_session, athlete.id, history())

    result = recompute_metrics(db_session, athlete.id, date(2026, 4, 1), now=NOW)

    assert result.written_from == FIRST
    assert len(stored(db_session, athlete.id, "distance_km")) == (TODAY - FIRST).days + 1


def test_the_series_runs_to_today_with_rest_days_and_follows_the_clock(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    ingest_activities(db_session, athlete.id, [activity("one", at(date(2026, 4, 1), 7))])
    recompute_metrics(db_session, athlete.id, date(2026, 4, 1), now=NOW)
    later = NOW + timedelta(days=3)

    extended = recompute_metrics(db_session, athlete.id, TODAY + timedelta(days=1), now=later)
    rows = stored(db_session, athlete.id, "distance_km")

    assert extended.written_from == TODAY + timedelta(days=1)
    assert extended.rows_written == 4 * 3
    assert [row[1] for row in rows] == [date(2026, 4, 1) + timedelta(days=n) for n in range(13)]
    assert [row[2] for row in rows] == [10.0] + [0.0] * 12


def test_late_evening_utc_counts_on_the_local_next_day(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    run = activity("evening", datetime(2026, 4, 1, 22, 30, tzinfo=UTC), distance_m=8000.0)
    ingest_activities(db_session, athlete.id, [run])

    result = recompute_metrics(db_session, athlete.id, date(2026, 4, 1), now=NOW)

    assert result.start == date(2026, 4, 2)
    assert stored(db_session, athlete.id, "distance_km")[0][1:3] == (date(2026, 4, 2), 8.0)


def test_an_earlier_series_start_adds_leading_rest_days(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    ingest_activities(db_session, athlete.id, [activity("one", at(date(2026, 4, 1), 7))])
    db_session.get_one(AthleteProfile, athlete.id).series_start = date(2026, 3, 25)

    result = recompute_metrics(db_session, athlete.id, date(2026, 4, 1), now=NOW)
    loads = [row[2] for row in stored(db_session, athlete.id, "distance_km")]

    assert result.start == date(2026, 3, 25)
    assert loads[:8] == [0.0] * 7 + [10.0]


def test_trimp_is_stored_only_with_a_complete_heart_rate_profile(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    run = activity("hr", at(date(2026, 4, 1), 7), avg_hr_bpm=150.0)
    ingest_activities(db_session, athlete.id, [run])
    recompute_metrics(db_session, athlete.id, date(2026, 4, 1), now=NOW)
    assert {row[0] for row in stored(db_session, athlete.id)} == set(MEASURES)

    db_session.get_one(AthleteProfile, athlete.id).hr_max_bpm = None
    result = recompute_metrics(db_session, athlete.id, TODAY, now=NOW)

    assert result.measures == ("distance_km", "duration_min", "srpe")
    assert {row[0] for row in stored(db_session, athlete.id)} == set(result.measures)


def test_nothing_to_compute_clears_the_series(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    assert recompute_metrics(db_session, athlete.id, FIRST, now=NOW).rows_written == 0
    assert stored(db_session, athlete.id) == []


def test_rules_are_evaluated_after_the_commit(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    ingest_activities(db_session, athlete.id, [activity("one", at(date(2026, 4, 1), 7))])
    db_session.commit()
    sent_tasks.clear()

    recompute_metrics(db_session, athlete.id, date(2026, 4, 1), now=NOW)
    assert sent_tasks == []
    db_session.commit()

    assert sent_tasks == [("findings.evaluate", {"athlete_id": athlete.id})]


def test_an_unknown_athlete_is_nothing_to_do(db_session: Session, sent_tasks: list[Any]) -> None:
    assert recompute_metrics(db_session, 987_654, FIRST, now=NOW).rows_written == 0


@pytest.mark.parametrize(
    "cut",
    [
        FIRST + timedelta(days=1),
        MISSING[0],  # the first of two missing days
        MISSING[1] + timedelta(days=1),  # the day after them
        FIRST + timedelta(days=30),  # the first day whose 30-day look-back is all history
        date(2026, 4, 5),  # the seventh identical run: monotony is infinite
        TODAY,
    ],
)
def test_resuming_from_the_stored_rows_gives_the_numbers_of_a_full_recompute(
    db_session: Session, athlete: Any, sent_tasks: list[Any], cut: date
) -> None:
    load_history(db_session, athlete.id, history())
    recompute_metrics(db_session, athlete.id, FIRST, now=NOW)
    full = stored(db_session, athlete.id)

    resumed = recompute_metrics(db_session, athlete.id, cut, now=NOW)
    db_session.expire_all()

    assert resumed.written_from == cut
    assert resumed.rows_written == 4 * ((TODAY - cut).days + 1)
    assert stored(db_session, athlete.id) == full


def test_rows_before_the_day_asked_for_are_not_rewritten(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    load_history(db_session, athlete.id, history())
    recompute_metrics(db_session, athlete.id, FIRST, now=NOW)
    marker = db_session.get_one(DailyMetric, (athlete.id, "srpe", FIRST))
    marker.week_change_pct = 12345.0
    db_session.flush()

    recompute_metrics(db_session, athlete.id, date(2026, 3, 1), now=NOW)
    db_session.expire_all()

    assert db_session.get_one(DailyMetric, (athlete.id, "srpe", FIRST)).week_change_pct == 12345.0


def test_a_day_after_the_series_changes_nothing(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    load_history(db_session, athlete.id, history())
    recompute_metrics(db_session, athlete.id, FIRST, now=NOW)
    before = stored(db_session, athlete.id)

    result = recompute_metrics(db_session, athlete.id, TODAY + timedelta(days=5), now=NOW)

    assert (result.written_from, result.rows_written) == (TODAY + timedelta(days=1), 0)
    assert stored(db_session, athlete.id) == before
