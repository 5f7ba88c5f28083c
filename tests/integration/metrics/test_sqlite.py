"""The embedded default: the same recompute on SQLite, infinity and undefined values included."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from service.accounts.service import create_user
from service.activities.service import ingest_activities
from service.metrics.service import recompute_metrics
from service.models import DailyMetric, MissingDay, Role
from service.training.columns import SERIES_COLUMNS
from service.training.measures import SessionLoad
from service.training.series import compute_athlete_series
from tests.integration.metrics.support import steady_week, stored
from tests.support.databases import run_alembic

FIRST = date(2026, 3, 30)
NOW = datetime(2026, 4, 20, 12, tzinfo=UTC)


@pytest.fixture
def sqlite_session(tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path / 'loadwatch.sqlite'}"
    run_alembic(url, "upgrade", "head")
    engine = create_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


def test_recompute_on_sqlite_stores_inf_and_null_like_postgresql(
    sqlite_session: Session, sent_tasks: list[Any]
) -> None:
    athlete = create_user(
        sqlite_session, email="s@example.com", password="a-long-password", role=Role.ATHLETE
    )
    sqlite_session.flush()
    ingest_activities(sqlite_session, athlete.id, steady_week(FIRST))
    sqlite_session.add(MissingDay(athlete_id=athlete.id, day=date(2026, 4, 10)))
    recompute_metrics(sqlite_session, athlete.id, FIRST, now=NOW)
    sqlite_session.commit()
    sqlite_session.expire_all()

    seventh = sqlite_session.get_one(DailyMetric, (athlete.id, "distance_km", date(2026, 4, 5)))
    gap = sqlite_session.get_one(DailyMetric, (athlete.id, "distance_km", date(2026, 4, 10)))
    assert seventh.monotony_7d == math.inf and seventh.strain_7d == math.inf
    assert gap.load is None and gap.acute_7d is not None  # one missing day in 7 is allowed

    loads = [SessionLoad(FIRST + timedelta(days=n), 5.0) for n in range(7)]
    expected = compute_athlete_series(loads, FIRST, date(2026, 4, 20), [date(2026, 4, 10)])
    rows = stored(sqlite_session, athlete.id, "distance_km")
    for offset, row in enumerate(rows):
        for name, value in zip(SERIES_COLUMNS, row[2:], strict=True):
            want = float(expected.column(name)[offset])
            assert (value is None and math.isnan(want)) or value == want, (row[1], name)
    assert sent_tasks[-1] == ("findings.evaluate", {"athlete_id": athlete.id})
