"""A sync stores its pages (windows) in transactions of their own; they ask for one recompute
between them, from the earliest day any page changed."""

from __future__ import annotations

from sqlalchemy import func, select

from service.connections.sync import sync_connection
from service.metrics import queries
from service.models import Activity


def test_a_backfill_of_three_pages_queues_one_recompute_from_its_first_day(
    db_session, tx, athlete, connect_garmin, settings, sent_tasks
):
    connection = connect_garmin(athlete)

    assert sync_connection(connection.id, tx, settings=settings) == "ok"

    recomputes = [ids for name, ids in sent_tasks if name == "metrics.recompute"]
    assert [ids["athlete_id"] for ids in recomputes] == [athlete.id]
    first_day = db_session.scalar(
        select(func.min(Activity.local_date)).where(Activity.athlete_id == athlete.id)
    )
    assert queries.get_dirty(db_session, athlete.id)[0] == first_day
