"""Storing activities: upsert on (athlete, source, external id), once across sources.

Repeating a delivery changes nothing (the payload hash is compared). The same session from a
second source (a synced run and its uploaded FIT file) is linked to the stored activity as an
extra source instead of being stored twice. After commit, the athlete's daily series is
recomputed from the earliest local day that changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from service.activities import queries
from service.errors import NotFound
from service.integrations.base import RUNNING_SPORTS, ActivityData
from service.models import Activity, ActivitySource
from service.queue import enqueue

TWIN_START_WINDOW = timedelta(minutes=3)
TWIN_DURATION_TOLERANCE = 0.10


@dataclass
class IngestResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    linked: int = 0
    changed_days: set[date] = field(default_factory=set)
    activity_ids: list[int] = field(default_factory=list)

    @property
    def earliest_changed(self) -> date | None:
        return min(self.changed_days) if self.changed_days else None


def ingest_activities(
    session: Session, athlete_id: int, items: Sequence[ActivityData]
) -> IngestResult:
    """Upsert ``items`` for one athlete and schedule the recompute of what changed."""
    athlete = queries.lock_athlete(session, athlete_id)
    if athlete is None:
        raise NotFound("athlete_not_found")
    zone = ZoneInfo(athlete.timezone)
    latest = {(item.source.value, item.external_id): item for item in items}
    result = IngestResult()
    for item in latest.values():
        _ingest_one(session, athlete_id, zone, item, result)
    session.flush()
    if result.earliest_changed is not None:
        enqueue(
            session,
            "metrics.recompute",
            athlete_id=athlete_id,
            from_date=result.earliest_changed.isoformat(),
        )
    return result


def _ingest_one(
    session: Session, athlete_id: int, zone: ZoneInfo, item: ActivityData, result: IngestResult
) -> None:
    digest = item.payload_hash()
    known = queries.get_source(session, athlete_id, item.source.value, item.external_id)
    if known is not None:
        activity = session.get_one(Activity, known.activity_id)
        result.activity_ids.append(activity.id)
        if known.payload_hash == digest:
            result.unchanged += 1
            return
        _record_source(known, item, digest)
        if activity.source == item.source.value:
            result.changed_days.update({activity.local_date, _local_day(item, zone)})
            _apply(activity, item, zone, digest)
        result.updated += 1
        return
    twin = _find_twin(session, athlete_id, item)
    if twin is not None:
        if _link(session, twin, item, digest):
            result.changed_days.add(twin.local_date)
        result.linked += 1
        result.activity_ids.append(twin.id)
        return
    activity = Activity(
        athlete_id=athlete_id, source=item.source.value, external_id=item.external_id
    )
    _apply(activity, item, zone, digest)
    session.add(activity)
    session.flush()
    source = ActivitySource(activity_id=activity.id, athlete_id=athlete_id)
    _record_source(source, item, digest)
    session.add(source)
    result.created += 1
    result.changed_days.add(activity.local_date)
    result.activity_ids.append(activity.id)


def _local_day(item: ActivityData, zone: ZoneInfo) -> date:
    return item.start_utc.astimezone(zone).date()


def _apply(activity: Activity, item: ActivityData, zone: ZoneInfo, digest: str) -> None:
    activity.sport = item.sport.value
    activity.name = item.name
    activity.start_utc = item.start_utc
    activity.local_date = _local_day(item, zone)
    activity.timezone = item.timezone
    activity.utc_offset_s = item.utc_offset_s
    activity.distance_m = item.distance_m
    activity.duration_s = item.duration_s
    activity.moving_s = item.moving_s
    activity.avg_hr_bpm = item.avg_hr_bpm
    activity.max_hr_bpm = item.max_hr_bpm
    activity.rpe = item.rpe if item.rpe is not None else activity.rpe
    activity.vendor_load = item.vendor_load
    activity.vendor_load_label = item.vendor_load_label
    activity.incomplete = item.incomplete
    activity.raw = item.raw
    activity.payload_hash = digest


def _record_source(source: ActivitySource, item: ActivityData, digest: str) -> None:
    source.source = item.source.value
    source.external_id = item.external_id
    source.payload_hash = digest
    source.incomplete = item.incomplete
    source.raw = item.raw


def _same_kind(a: str, b: str) -> bool:
    return a == b or (a in RUNNING_SPORTS and b in RUNNING_SPORTS)


def _find_twin(session: Session, athlete_id: int, item: ActivityData) -> Activity | None:
    """The stored activity that is this same session, recorded by another source."""
    for candidate in queries.list_twin_candidates(
        session, athlete_id, item.source.value, item.start_utc, TWIN_START_WINDOW
    ):
        longest = max(candidate.duration_s, item.duration_s, 1.0)
        if (
            _same_kind(candidate.sport, item.sport.value)
            and abs(candidate.duration_s - item.duration_s) / longest <= TWIN_DURATION_TOLERANCE
        ):
            return candidate
    return None


def _link(session: Session, activity: Activity, item: ActivityData, digest: str) -> bool:
    """Add ``item`` as another source of ``activity``; True when it filled in missing values."""
    source = ActivitySource(activity_id=activity.id, athlete_id=activity.athlete_id)
    _record_source(source, item, digest)
    session.add(source)
    filled = False
    for name in ("distance_m", "moving_s", "avg_hr_bpm", "max_hr_bpm", "rpe", "vendor_load"):
        if getattr(activity, name) is None and getattr(item, name) is not None:
            setattr(activity, name, getattr(item, name))
            filled = True
    return filled
