"""Files imported in the background, one task each, ask for one recompute between them: each
file's request merges into the one already queued, from the earliest day any of them changed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import delete

from service.db import session_scope
from service.metrics import queries
from service.models import QueuedTask
from tests.integration.imports.corpus_cases import fit_bytes
from tests.integration.imports.test_process import FENIX5, FR110, queue
from workers.tasks import activities as import_tasks

FR110_DAY = "2013-02-06"


@pytest.fixture(autouse=True)
def _forget_kept_calls(athlete_id: int) -> Iterator[None]:
    """The calls these committed requests kept (``queued_tasks``) go with the test."""
    yield
    with session_scope() as session:
        session.execute(delete(QueuedTask))


def test_several_files_imported_in_the_background_queue_one_recompute(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    imports = [queue(athlete_id, name, fit_bytes(name)) for name in (FENIX5, FR110)]

    for import_id in imports:
        import_tasks.process(import_id)

    recomputes = [ids for name, ids in sent_tasks if name == "metrics.recompute"]
    assert len(recomputes) == 1 and recomputes[0]["athlete_id"] == athlete_id
    with session_scope() as session:
        mark = queries.get_dirty(session, athlete_id)
    assert mark is not None and mark[0].isoformat() == FR110_DAY  # the earlier file's day
