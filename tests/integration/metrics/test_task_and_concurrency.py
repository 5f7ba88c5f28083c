"""The recompute task called directly, two recomputes at once, and the sweep that keeps every
series running up to today. These commit, so they use an athlete of their own."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from service.activities.service import ingest_activities
from service.db import session_scope
from service.metrics import build
from service.metrics.service import extend_series_to_today, recompute_metrics
from tests.integration.metrics.support import ZONE, random_sessions, stored
from workers.tasks import metrics as metric_tasks

FIRST = date(2026, 1, 5)


def today() -> date:
    return datetime.now(ZoneInfo(ZONE)).date()


def ingest_history(athlete_id: int) -> None:
    with session_scope() as session:
        ingest_activities(session, athlete_id, random_sessions(FIRST, 60, seed=11))


def all_rows(athlete_id: int) -> list[tuple]:
    with session_scope() as session:
        return stored(session, athlete_id)


def test_the_task_called_directly_stores_every_measure_up_to_today(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    ingest_history(athlete_id)
    sent_tasks.clear()

    written = metric_tasks.recompute(athlete_id, FIRST.isoformat())
    rows = all_rows(athlete_id)
    again = metric_tasks.recompute(athlete_id, FIRST.isoformat())

    days = (today() - FIRST).days + 1
    assert written == again == len(rows) == 4 * days
    assert rows[-1][:2] == ("trimp", today())
    assert all_rows(athlete_id) == rows
    assert sent_tasks == [("findings.evaluate", {"athlete_id": athlete_id})] * 2


def test_two_recomputes_at_once_run_one_after_the_other_and_agree(
    athlete_id: int, sent_tasks: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_history(athlete_id)
    events: list[tuple[str, str]] = []
    compute = build.compute_series

    def slow_compute(*args: Any) -> Any:
        events.append((threading.current_thread().name, "computing"))
        time.sleep(0.05)
        return compute(*args)

    monkeypatch.setattr(build, "compute_series", slow_compute)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def run(from_day: date) -> None:
        try:
            start.wait()
            with session_scope() as session:
                recompute_metrics(session, athlete_id, from_day)
            events.append((threading.current_thread().name, "committed"))
        except BaseException as exc:  # reported below; a thread cannot fail the test itself
            failures.append(exc)

    threads = [
        threading.Thread(target=run, args=(day,), name=name)
        for name, day in (("a", FIRST), ("b", FIRST + timedelta(days=20)))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    first = events[0][0]
    assert [name for name, _ in events] == [first] * 5 + [n for n in "ab" if n != first] * 5
    assert events[4] == (first, "committed")
    concurrent = all_rows(athlete_id)
    metric_tasks.recompute(athlete_id, FIRST.isoformat())
    assert all_rows(athlete_id) == concurrent


def test_the_sweep_sends_a_recompute_for_each_series_behind_today(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    ingest_history(athlete_id)
    sent_tasks.clear()
    now = datetime.now(UTC)

    def sent_for_me() -> list[dict[str, Any]]:
        mine = [ids for name, ids in sent_tasks if ids.get("athlete_id") == athlete_id]
        sent_tasks.clear()
        return mine

    metric_tasks.sweep()
    assert sent_for_me() == [{"athlete_id": athlete_id, "from_date": "0001-01-01"}]

    metric_tasks.recompute(athlete_id, "0001-01-01")
    sent_tasks.clear()
    with session_scope() as session:
        extend_series_to_today(session, now)
        assert sent_for_me() == []
        extend_series_to_today(session, now + timedelta(days=2))
    tomorrow = (today() + timedelta(days=1)).isoformat()
    assert sent_for_me() == [{"athlete_id": athlete_id, "from_date": tomorrow}]


def test_the_worker_knows_the_tasks_and_beat_runs_the_sweeps() -> None:
    from workers.celery_app import BEAT_SCHEDULE, app

    app.loader.import_default_modules()  # what a starting worker imports: TASK_MODULES
    names = {
        "metrics.recompute",
        "metrics.sweep",
        "activities.process_import",
        "activities.sweep_imports",
    }
    assert names <= set(app.tasks)
    assert {"metrics.sweep", "activities.sweep_imports"} <= {
        entry["task"] for entry in BEAT_SCHEDULE.values()
    }
