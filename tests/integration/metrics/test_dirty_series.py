"""A change to an athlete's activities marks the stored series dirty from its day, in the same
transaction; the next recompute starts from the earliest dirty day, whatever day its own request
named, and clears the mark. So a recompute request lost with the broker cannot leave a stored
day wrong: a later recompute for a later day rewrites it as well."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.metrics import queries
from service.metrics.service import mark_missing_day, recompute_metrics
from service.models import DailyMetric, SeriesDirty
from tests.integration.metrics.support import ZONE, activity, at, random_sessions
from tests.integration.metrics.test_recompute import FIRST, NOW

LOST_DAY = date(2026, 3, 20)  # a run whose recompute message was lost
LATER_DAY = date(2026, 4, 2)  # a later change, whose recompute arrives


@pytest.fixture
def athlete(make_user: Any, db_session: Session, sent_tasks: list[Any]) -> Any:
    user = make_user(timezone=ZONE)
    ingest_activities(db_session, user.id, random_sessions(FIRST, 60, seed=3))
    recompute_metrics(db_session, user.id, FIRST, now=NOW)
    db_session.flush()
    return user


def _load(session: Session, athlete_id: int, day: date) -> float | None:
    return session.scalar(
        select(DailyMetric.load).where(
            DailyMetric.athlete_id == athlete_id,
            DailyMetric.measure == "distance_km",
            DailyMetric.day == day,
        )
    )


def _run(name: str, day: date, km: float) -> Any:
    return activity(name, at(day, 7), distance_m=km * 1000, duration_s=km * 330)


def test_a_completed_recompute_leaves_the_series_clean(db_session: Session, athlete: Any) -> None:
    assert queries.get_dirty(db_session, athlete.id) is None


def test_a_new_run_marks_the_series_dirty_from_its_day_in_its_own_transaction(
    db_session: Session, athlete: Any
) -> None:
    with db_session.begin_nested() as rolled_back:
        ingest_activities(db_session, athlete.id, [_run("gone", LOST_DAY, 8.0)])
        assert queries.get_dirty(db_session, athlete.id) == (LOST_DAY, 1)
        rolled_back.rollback()
    assert queries.get_dirty(db_session, athlete.id) is None  # no change, no mark

    ingest_activities(db_session, athlete.id, [_run("later", LATER_DAY, 6.0)])
    ingest_activities(db_session, athlete.id, [_run("lost", LOST_DAY, 8.0)])
    mark_missing_day(db_session, athlete, LATER_DAY + timedelta(days=1))

    assert queries.get_dirty(db_session, athlete.id) == (LOST_DAY, 3)  # the earliest day


def test_a_recompute_for_a_later_day_also_rewrites_the_day_whose_request_was_lost(
    db_session: Session, athlete: Any
) -> None:
    before = _load(db_session, athlete.id, LOST_DAY)
    ingest_activities(db_session, athlete.id, [_run("lost", LOST_DAY, 8.0)])  # message lost
    ingest_activities(db_session, athlete.id, [_run("later", LATER_DAY, 6.0)])

    result = recompute_metrics(db_session, athlete.id, LATER_DAY, now=NOW)

    assert result.written_from == LOST_DAY
    assert _load(db_session, athlete.id, LOST_DAY) == (before or 0.0) + 8.0
    assert db_session.get(SeriesDirty, athlete.id) is None


def test_a_change_during_a_recompute_keeps_its_mark(db_session: Session, athlete: Any) -> None:
    """The recompute read the mark before the change arrived: the newer mark stays."""
    ingest_activities(db_session, athlete.id, [_run("first", LOST_DAY, 8.0)])
    seen = queries.get_dirty(db_session, athlete.id)
    assert seen is not None
    ingest_activities(db_session, athlete.id, [_run("second", LATER_DAY, 5.0)])

    queries.clear_dirty(db_session, athlete.id, seen[1])

    assert queries.get_dirty(db_session, athlete.id) == (LOST_DAY, seen[1] + 1)
