"""Two evaluations of one athlete at once on PostgreSQL, and the same code on SQLite.

These need committed data that other connections can see, so each uses a database of its own
rather than the rolled-back test transaction.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from service.accounts.service import create_user
from service.activities.service import ingest_activities
from service.checkins import queries as checkin_queries
from service.checkins.convert import row_values
from service.config import normalise_database_url
from service.findings.evaluation import EvaluationResult, evaluate_athlete
from service.models import Alert, Checkin, Finding, Role
from service.training.symptoms import DailyCheckin, Region
from tests.integration.findings.support import NOW, steady_runs
from tests.support.databases import run_alembic

HOLD_S = 0.5


def _factory(url: str) -> Iterator[sessionmaker[Session]]:
    engine = create_engine(normalise_database_url(url))
    try:
        yield sessionmaker(bind=engine, expire_on_commit=False)
    finally:
        engine.dispose()


@pytest.fixture
def postgres(own_database: str) -> Iterator[sessionmaker[Session]]:
    yield from _factory(own_database)


@pytest.fixture
def sqlite(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'loadwatch.sqlite'}"
    run_alembic(url, "upgrade", "head")
    yield from _factory(url)


def _athlete_with_history(factory: sessionmaker[Session]) -> int:
    with factory() as session, session.begin():
        user = create_user(
            session,
            email="ann@example.com",
            password="a-long-password",
            role=Role.ATHLETE,
            verified=True,
        )
        session.flush()
        ingest_activities(session, user.id, steady_runs(NOW.date(), {NOW.date(): 18.0}))
        return user.id


def _count(factory: sessionmaker[Session], model: type[Any]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_two_evaluations_at_once_store_one_row_per_key(
    postgres: sessionmaker[Session], sent_tasks: list[Any]
) -> None:
    athlete_id = _athlete_with_history(postgres)
    inserted = threading.Event()
    results: dict[str, EvaluationResult] = {}
    finished: dict[str, float] = {}

    def first() -> None:
        with postgres() as session, session.begin():
            results["first"] = evaluate_athlete(session, athlete_id, now=NOW)
            inserted.set()
            time.sleep(HOLD_S)  # keep the new rows uncommitted while the second one inserts
        finished["first"] = time.monotonic()

    def second() -> None:
        inserted.wait(30)
        with postgres() as session, session.begin():
            results["second"] = evaluate_athlete(session, athlete_id, now=NOW)
        finished["second"] = time.monotonic()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results["first"].created, "the history holds a spike on the last day"
    assert results["second"].created == []
    assert results["second"].evaluated == results["first"].evaluated
    assert finished["second"] >= finished["first"]  # it waited for the first to commit
    assert _count(postgres, Finding) == len(results["first"].created)
    assert _count(postgres, Alert) >= 1


def test_evaluation_and_check_in_corrections_work_on_sqlite(
    sqlite: sessionmaker[Session], sent_tasks: list[Any]
) -> None:
    athlete_id = _athlete_with_history(sqlite)
    with sqlite() as session, session.begin():
        first = evaluate_athlete(session, athlete_id, now=NOW)
    with sqlite() as session, session.begin():
        again = evaluate_athlete(session, athlete_id, now=NOW)
    assert "volume.session_spike" in {row.rule for row in first.created}
    assert (again.created, again.evaluated) == ([], first.evaluated)
    assert _count(sqlite, Finding) == len(first.created)

    morning = DailyCheckin(NOW.date(), Region.ACHILLES, morning_pain=4)
    values = {"athlete_id": athlete_id, **row_values(morning)}
    with sqlite() as session, session.begin():
        created = checkin_queries.insert_checkin(session, values)
        assert checkin_queries.insert_checkin(session, values) is None
        corrected = checkin_queries.upsert_checkin(session, {**values, "morning_pain": 1})
        assert corrected == created
        assert checkin_queries.get_checkin(session, corrected).morning_pain == 1
    assert _count(sqlite, Checkin) == 1
