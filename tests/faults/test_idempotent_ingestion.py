"""Idempotent ingestion as a property: pages of a provider's listing with overlaps, duplicates,
reorderings and edits, applied in any order, repeatedly, and by two sessions at once, leave the
database equal to a pure model (a dict by natural key, the newest version applied wins)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from service.activities.service import IngestResult, ingest_activities
from service.config import Settings
from service.db import session_factory
from service.integrations.base import ActivityData, Source, Sport
from service.models import Activity
from tests.integration.alerts.support import add_user

KEYS = [f"g{n}" for n in range(8)]
BASE = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)

Version = tuple[str, int]  # (external id, edit number)
Page = list[Version]

versions = st.tuples(st.sampled_from(KEYS), st.integers(min_value=0, max_value=3))
pages = st.lists(st.lists(versions, min_size=1, max_size=6), min_size=1, max_size=6)


def activity(version: Version) -> ActivityData:
    """Edit ``n`` of activity ``key``: another distance, and from edit 2 on another day."""
    key, edit = version
    index = KEYS.index(key)
    start = BASE + timedelta(days=index, hours=edit if edit < 2 else 30)
    return ActivityData(
        source=Source.GARMIN,
        external_id=key,
        sport=Sport.RUNNING,
        start_utc=start,
        duration_s=1800.0 + 60 * index,
        distance_m=5000.0 + 100 * index + 10 * edit,
        raw={"activityId": key, "edit": edit},
    )


def model_of(applied: list[Page]) -> dict[str, Version]:
    """The pure model: the last version of each key in the order applied (within a page too)."""
    model: dict[str, Version] = {}
    for page in applied:
        for key, edit in page:
            model[key] = (key, edit)
    return model


def stored(factory: sessionmaker[Session], athlete_id: int) -> dict[str, Version]:
    with factory() as session:
        rows = session.scalars(select(Activity).where(Activity.athlete_id == athlete_id)).all()
    found = {row.external_id: (row.external_id, int(row.raw["edit"])) for row in rows}
    assert len(found) == len(rows), "a natural key is stored twice"
    for row in rows:
        expected = activity(found[row.external_id])
        assert (row.start_utc, row.distance_m) == (expected.start_utc, expected.distance_m)
    return found


def apply(factory: sessionmaker[Session], athlete_id: int, page: Page) -> IngestResult:
    with factory() as session, session.begin():
        return ingest_activities(session, athlete_id, [activity(v) for v in page])


def new_athlete(factory: sessionmaker[Session]) -> int:
    with factory() as session, session.begin():
        return add_user(session).id


@contextmanager
def no_broker() -> Iterator[None]:
    with mock.patch("service.queue.send_now"):
        yield


def changed(result: IngestResult) -> int:
    return result.created + result.updated + result.linked


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(applied=pages)
def test_pages_in_any_order_and_again_equal_the_model(own_database: str, applied: list[Page]):
    factory = session_factory(Settings(database_url=own_database))
    with no_broker():
        athlete_id = new_athlete(factory)
        for page in applied:
            apply(factory, athlete_id, page)
        assert stored(factory, athlete_id) == model_of(applied)
        for page in applied:  # the whole listing delivered again
            apply(factory, athlete_id, page)
        final = stored(factory, athlete_id)
        assert final == model_of(applied)
        again = apply(factory, athlete_id, list(final.values()))
    assert changed(again) == 0 and again.unchanged == len(final)


def _run_concurrently(factory: sessionmaker[Session], athlete_id: int, streams: list[list[Page]]):
    barrier = threading.Barrier(len(streams))
    errors: list[BaseException] = []

    def run(stream: list[Page]) -> None:
        barrier.wait()
        try:
            for page in stream:
                apply(factory, athlete_id, page)
        except BaseException as exc:  # handed to the test below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(stream,)) for stream in streams]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=pages, second=pages)
def test_two_sessions_at_once_store_each_key_once(
    own_database: str, first: list[Page], second: list[Page]
):
    """Each page is its own transaction, so the two streams interleave page by page: a key ends
    as the last version one of the two streams gave it."""
    factory = session_factory(Settings(database_url=own_database))
    with no_broker():
        athlete_id = new_athlete(factory)
        _run_concurrently(factory, athlete_id, [first, second])
        final = stored(factory, athlete_id)
        last_first, last_second = model_of(first), model_of(second)
        assert set(final) == set(last_first) | set(last_second)
        for key, version in final.items():
            assert version in (last_first.get(key), last_second.get(key))
        again = apply(factory, athlete_id, list(final.values()))
    assert changed(again) == 0
