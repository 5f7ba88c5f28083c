"""One recompute for a run of changes: a request made while one is queued for the athlete merges
into it (the earliest day wins), and a change committed after a recompute started is always
followed by another. These commit, so they use an athlete of their own."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete

from service.activities.service import ingest_activities
from service.db import session_scope
from service.metrics import build, queries
from service.metrics.service import mark_missing_day, recompute_metrics
from service.models import QueuedTask, User
from tests.integration.metrics.support import activity, at, random_sessions, stored
from workers.tasks import metrics as metric_tasks

FIRST = date(2026, 1, 5)


@pytest.fixture(autouse=True)
def _forget_kept_calls(athlete_id: int) -> Iterator[None]:
    """The calls these committed requests kept (``queued_tasks``) go with the test."""
    yield
    with session_scope() as session:
        session.execute(delete(QueuedTask))


def recomputes(sent_tasks: list[Any], athlete_id: int) -> list[dict[str, Any]]:
    return [ids for name, ids in sent_tasks if name == "metrics.recompute"]


def ingest_run(athlete_id: int, day: date, name: str) -> None:
    """One new run, committed on its own (as one page of a sync, or one imported file)."""
    with session_scope() as session:
        run = activity(name, at(day, 7), distance_m=8000.0, duration_s=2640.0)
        ingest_activities(session, athlete_id, [run])


def dirty_from(athlete_id: int) -> date | None:
    with session_scope() as session:
        mark = queries.get_dirty(session, athlete_id)
    return mark[0] if mark else None


def test_changes_while_a_recompute_is_queued_merge_into_it_earliest_day_first(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    ingest_run(athlete_id, FIRST + timedelta(days=20), "third")
    ingest_run(athlete_id, FIRST, "first")
    ingest_run(athlete_id, FIRST + timedelta(days=10), "second")

    later = (FIRST + timedelta(days=20)).isoformat()
    assert recomputes(sent_tasks, athlete_id) == [{"athlete_id": athlete_id, "from_date": later}]
    assert dirty_from(athlete_id) == FIRST

    written = metric_tasks.recompute(athlete_id, later)  # the one queued request, carried out

    assert written > 0 and dirty_from(athlete_id) is None
    with session_scope() as session:
        assert stored(session, athlete_id, "distance_km")[0][1] == FIRST  # from the first run
    sent_tasks.clear()
    ingest_run(athlete_id, FIRST + timedelta(days=30), "after")  # nothing queued: a new one
    assert recomputes(sent_tasks, athlete_id) == [
        {"athlete_id": athlete_id, "from_date": (FIRST + timedelta(days=30)).isoformat()}
    ]


def test_a_change_committed_while_a_recompute_runs_is_followed_by_another(
    athlete_id: int, sent_tasks: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_scope() as session:
        ingest_activities(session, athlete_id, random_sessions(FIRST, 40, seed=5))
    assert len(recomputes(sent_tasks, athlete_id)) == 1
    computing, go_on = threading.Event(), threading.Event()
    compute = build.compute_series

    def held_compute(*args: Any) -> Any:
        computing.set()
        go_on.wait(30)
        return compute(*args)

    monkeypatch.setattr(build, "compute_series", held_compute)
    failures: list[BaseException] = []

    def recompute() -> None:
        try:
            with session_scope() as session:
                recompute_metrics(session, athlete_id, FIRST)
        except BaseException as exc:  # reported below; a thread cannot fail the test itself
            failures.append(exc)

    def mark_a_day() -> None:  # a change that does not lock the athlete's row
        try:
            with session_scope() as session:
                mark_missing_day(session, session.get_one(User, athlete_id), FIRST)
        except BaseException as exc:
            failures.append(exc)

    running = threading.Thread(target=recompute)
    running.start()
    assert computing.wait(30)
    changing = threading.Thread(target=mark_a_day)
    changing.start()
    changing.join(0.5)  # it waits for the running recompute's mark
    go_on.set()
    running.join(30)
    changing.join(30)

    assert failures == []
    assert len(recomputes(sent_tasks, athlete_id)) == 2  # the change's own, after the first
    assert dirty_from(athlete_id) == FIRST
