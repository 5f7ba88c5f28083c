"""Idempotent activity ingestion: repeat, edit, a second source, local dates, the recompute."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.integrations.base import ActivityData, Source, Sport
from service.models import Activity, ActivitySource


def run(ext: str = "1", start: datetime | None = None, **extra: Any) -> ActivityData:
    values: dict[str, Any] = {
        "source": Source.GARMIN,
        "external_id": ext,
        "sport": Sport.RUNNING,
        "start_utc": start or datetime(2026, 3, 1, 7, 0, tzinfo=UTC),
        "duration_s": 3000.0,
        "distance_m": 10_000.0,
        "raw": {"activityId": ext, "distance": 10_000.0},
    }
    values.update(extra)
    return ActivityData(**values)


def activities(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Activity)) or 0)


def test_repeat_delivery_changes_nothing(
    db_session: Session, make_user: Any, sent_tasks: list[Any]
) -> None:
    athlete = make_user()
    first = ingest_activities(
        db_session, athlete.id, [run("1"), run("2", datetime(2026, 3, 3, 7, tzinfo=UTC))]
    )
    assert (first.created, first.earliest_changed) == (2, date(2026, 3, 1))
    db_session.commit()
    assert sent_tasks == [
        ("metrics.recompute", {"athlete_id": athlete.id, "from_date": "2026-03-01"})
    ]
    again = ingest_activities(
        db_session, athlete.id, [run("1"), run("2", datetime(2026, 3, 3, 7, tzinfo=UTC))]
    )
    db_session.commit()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert again.earliest_changed is None
    assert len(sent_tasks) == 1
    assert activities(db_session) == 2


def test_an_edit_updates_in_place_and_recomputes_from_the_earlier_day(
    db_session: Session, make_user: Any, sent_tasks: list[Any]
) -> None:
    athlete = make_user()
    ingest_activities(db_session, athlete.id, [run("1", datetime(2026, 3, 5, 7, tzinfo=UTC))])
    moved = run("1", datetime(2026, 3, 2, 7, tzinfo=UTC), raw={"activityId": "1", "edited": True})
    result = ingest_activities(db_session, athlete.id, [moved])
    assert result.updated == 1 and result.earliest_changed == date(2026, 3, 2)
    stored = db_session.scalars(select(Activity)).one()
    assert stored.local_date == date(2026, 3, 2)


def test_local_date_follows_the_athletes_time_zone(
    db_session: Session, make_user: Any, sent_tasks: list[Any]
) -> None:
    athlete = make_user(timezone="Europe/Amsterdam")
    late = run("late", datetime(2026, 3, 1, 23, 30, tzinfo=UTC))  # 00:30 on 2 March in Amsterdam
    ingest_activities(db_session, athlete.id, [late])
    assert db_session.scalars(select(Activity)).one().local_date == date(2026, 3, 2)


def test_the_same_run_from_a_file_is_linked_not_doubled(
    db_session: Session, make_user: Any, sent_tasks: list[Any]
) -> None:
    athlete = make_user()
    ingest_activities(db_session, athlete.id, [run("g1", avg_hr_bpm=None)])
    upload = run(
        "fit:1:2:3:4:0",
        datetime(2026, 3, 1, 7, 0, 40, tzinfo=UTC),
        source=Source.FILE,
        duration_s=3010.0,
        avg_hr_bpm=151.0,
        raw={"file_id": [1, 2, 3, 4]},
    )
    result = ingest_activities(db_session, athlete.id, [upload])
    assert (result.created, result.linked) == (0, 1)
    assert activities(db_session) == 1
    stored = db_session.scalars(select(Activity)).one()
    assert stored.avg_hr_bpm == 151.0
    sources = {(s.source, s.external_id) for s in db_session.scalars(select(ActivitySource))}
    assert sources == {("garmin", "g1"), ("file", "fit:1:2:3:4:0")}
    again = ingest_activities(db_session, athlete.id, [upload])
    assert again.unchanged == 1 and activities(db_session) == 1


def test_a_ride_at_the_same_time_is_not_a_twin_of_a_run(
    db_session: Session, make_user: Any, sent_tasks: list[Any]
) -> None:
    athlete = make_user()
    ingest_activities(db_session, athlete.id, [run("g1")])
    ride = run("f1", source=Source.FILE, sport=Sport.CYCLING)
    assert ingest_activities(db_session, athlete.id, [ride]).created == 1


def test_duplicates_within_one_batch_are_stored_once(
    db_session: Session, make_user: Any, sent_tasks: list[Any]
) -> None:
    athlete = make_user()
    older = run("1", raw={"v": 1})
    newer = replace(older, distance_m=10_500.0, raw={"v": 2})
    result = ingest_activities(db_session, athlete.id, [older, newer])
    assert result.created == 1
    assert db_session.scalars(select(Activity)).one().distance_m == 10_500.0
