"""Reading stored activities with their sources, and the athlete's own corrections to them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from service.activities import queries
from service.activities.schemas import ActivityUpdateIn
from service.errors import NotFound
from service.models import Activity, ActivitySource
from service.queue import enqueue
from service.task_names import TaskName


def list_with_sources(
    session: Session, athlete_id: int, start: date, end: date
) -> list[tuple[Activity, Sequence[ActivitySource]]]:
    """The athlete's activities on local days ``start .. end``, each with every source."""
    activities = queries.list_activities(session, athlete_id, start, end)
    sources: dict[int, list[ActivitySource]] = defaultdict(list)
    for source in queries.list_sources_of(session, [a.id for a in activities]):
        sources[source.activity_id].append(source)
    return [(activity, sources[activity.id]) for activity in activities]


def update_activity(
    session: Session, athlete_id: int, activity_id: int, changes: ActivityUpdateIn
) -> Activity:
    """Apply the athlete's corrections (the RPE, the sport); a change recomputes the series from
    its day.

    A later sync of the same activity keeps the athlete's RPE unless the source sends one; a
    sport the athlete set is kept when the file that left it to be confirmed comes again.
    """
    activity = queries.get_activity(session, athlete_id, activity_id, lock=True)
    if activity is None:
        raise NotFound("activity_not_found")
    changed = False
    if "rpe" in changes.model_fields_set and changes.rpe != activity.rpe:
        activity.rpe = changes.rpe
        changed = True
    if changes.sport is not None and (
        changes.sport.value != activity.sport or activity.sport_to_confirm
    ):
        activity.sport = changes.sport.value
        activity.sport_to_confirm = False
        changed = True
    if changed:
        session.flush()
        enqueue(
            session,
            TaskName.METRICS_RECOMPUTE,
            athlete_id=athlete_id,
            from_date=activity.local_date.isoformat(),
        )
    return activity
