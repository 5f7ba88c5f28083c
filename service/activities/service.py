"""Storing activities: upsert on (athlete, source, external id), once across sources.

Repeating a delivery changes nothing (the payload hash is compared). The same session from a
second source (a synced run and its uploaded FIT file) is linked to the stored activity as an
extra source instead of being stored twice. After commit, the athlete's daily series is
recomputed from the earliest local day that changed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from service import dispatch
from service.activities import queries
from service.clock import zone
from service.errors import NotFound
from service.integrations.base import RUNNING_SPORTS, ActivityData
from service.models import Activity, ActivitySource
from service.queue import enqueue
from service.task_names import TaskName
from service.training.measures import MAX_UTC_OFFSET_S

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
    session: Session, athlete_id: int, items: Sequence[ActivityData], *, recompute: bool = True
) -> IngestResult:
    """Upsert ``items`` for one athlete and schedule the recompute of what changed.

    A handful of queries per call whatever its size: the stored sources of every item at once,
    their activities at once, and the twin candidates for the whole span of new items at once.
    ``recompute=False`` leaves the request to the caller, which stores several batches and asks
    once for all of them (:func:`request_recompute`); the series is still marked out of date
    from the first changed day in this transaction.
    """
    athlete = queries.lock_athlete(session, athlete_id)
    if athlete is None:
        raise NotFound("athlete_not_found")
    batch = _Batch(session, athlete_id, zone(athlete.timezone), items)
    batch.run()
    result = batch.result
    if recompute:
        request_recompute(session, athlete_id, result.changed_days)
    elif result.changed_days:  # the series is out of date from now on, whatever happens next
        dispatch.mark_series_dirty(session, athlete_id, min(result.changed_days))
    return result


def request_recompute(session: Session, athlete_id: int, changed_days: Collection[date]) -> None:
    """Ask for one recompute of the athlete's series from the earliest changed day (and so one
    evaluation after it), once ``session`` commits; nothing when no day changed."""
    if changed_days:
        enqueue(
            session,
            TaskName.METRICS_RECOMPUTE,
            athlete_id=athlete_id,
            from_date=min(changed_days).isoformat(),
        )


def retire_activities(
    session: Session, athlete_id: int, source: str, external_ids: Collection[str]
) -> int:
    """Delete what ``source`` delivered as ``external_ids`` and no longer stands for an activity
    of its own (a Garmin multisport parent, now stored as its legs): the activity it created goes
    (with whatever was linked to it); where it was only linked to another source's activity,
    just that link goes. Schedules the recompute from the earliest day that lost an activity."""
    if not external_ids:
        return 0
    known = queries.map_sources(session, athlete_id, [(source, e) for e in external_ids])
    if not known:
        return 0
    activities = queries.map_activities(session, {row.activity_id for row in known.values()})
    retired = [
        activity
        for row in known.values()
        if (activity := activities[row.activity_id]).source == source
        and activity.external_id == row.external_id
    ]
    for row in known.values():
        session.delete(row)
    session.flush()  # the source rows first: the database cascades nothing the session holds
    for activity in retired:
        session.delete(activity)
    session.flush()
    days = {activity.local_date for activity in retired}
    if days:
        enqueue(
            session,
            TaskName.METRICS_RECOMPUTE,
            athlete_id=athlete_id,
            from_date=min(days).isoformat(),
        )
    return len(known)


class _Batch:
    """One call's items, matched against what is stored with a few queries, written with two
    flushes: the new activities, then every new source row (which needs their ids)."""

    def __init__(
        self, session: Session, athlete_id: int, zone: ZoneInfo, items: Sequence[ActivityData]
    ) -> None:
        self.session = session
        self.athlete_id = athlete_id
        self.zone = zone
        self.latest = {(item.source.value, item.external_id): item for item in items}
        self.result = IngestResult()
        self.touched: list[Activity] = []
        self.new_sources: list[tuple[Activity, ActivitySource]] = []

    def run(self) -> None:
        known = queries.map_sources(self.session, self.athlete_id, self.latest.keys())
        stored = queries.map_activities(self.session, {s.activity_id for s in known.values()})
        fresh = [item for key, item in self.latest.items() if key not in known]
        candidates = list(self._twin_candidates(fresh))
        for key, item in self.latest.items():
            digest = item.payload_hash()
            source = known.get(key)
            if source is not None:
                self._update(stored[source.activity_id], source, item, digest)
                continue
            twin = _find_twin(candidates, item)
            if twin is not None:
                self._link(twin, item, digest)
                continue
            candidates.append(self._create(item, digest))
        self.session.flush()
        for activity, source in self.new_sources:
            source.activity_id = activity.id
            self.session.add(source)
        self.session.flush()
        self.result.activity_ids = [activity.id for activity in self.touched]

    def _twin_candidates(self, fresh: Sequence[ActivityData]) -> Sequence[Activity]:
        if not fresh:
            return []
        starts = [item.start_utc for item in fresh]
        return queries.list_started_between(
            self.session,
            self.athlete_id,
            min(starts) - TWIN_START_WINDOW,
            max(starts) + TWIN_START_WINDOW,
        )

    def _update(
        self, activity: Activity, source: ActivitySource, item: ActivityData, digest: str
    ) -> None:
        self.touched.append(activity)
        if source.payload_hash == digest:
            self.result.unchanged += 1
            return
        _record_source(source, item, digest)
        if activity.source == item.source.value:
            self.result.changed_days.update({activity.local_date, _local_day(item, self.zone)})
            _apply(activity, item, self.zone, digest)
        self.result.updated += 1

    def _link(self, activity: Activity, item: ActivityData, digest: str) -> None:
        """Add ``item`` as another source of ``activity``, filling in values it lacks."""
        self._add_source(activity, item, digest)
        filled = False
        for name in ("distance_m", "moving_s", "avg_hr_bpm", "max_hr_bpm", "rpe", "vendor_load"):
            if getattr(activity, name) is None and getattr(item, name) is not None:
                setattr(activity, name, getattr(item, name))
                filled = True
        if filled:
            self.result.changed_days.add(activity.local_date)
        self.result.linked += 1
        self.touched.append(activity)

    def _create(self, item: ActivityData, digest: str) -> Activity:
        activity = Activity(
            athlete_id=self.athlete_id, source=item.source.value, external_id=item.external_id
        )
        _apply(activity, item, self.zone, digest)
        self.session.add(activity)
        self._add_source(activity, item, digest)
        self.result.created += 1
        self.result.changed_days.add(activity.local_date)
        self.touched.append(activity)
        return activity

    def _add_source(self, activity: Activity, item: ActivityData, digest: str) -> None:
        source = ActivitySource(athlete_id=self.athlete_id)
        _record_source(source, item, digest)
        self.new_sources.append((activity, source))


def _local_day(item: ActivityData, zone: ZoneInfo) -> date:
    """The day the session counts on: at its own UTC offset when the source gave one (a watch
    keeps local time while travelling), else in the athlete's time zone (DOMAIN §1.6.1)."""
    if item.utc_offset_s is not None and abs(item.utc_offset_s) <= MAX_UTC_OFFSET_S:
        own = timezone(timedelta(seconds=item.utc_offset_s))
        return item.start_utc.astimezone(own).date()
    return item.start_utc.astimezone(zone).date()


def _apply(activity: Activity, item: ActivityData, zone: ZoneInfo, digest: str) -> None:
    if not (item.sport_to_confirm and activity.sport and not activity.sport_to_confirm):
        # A sport the athlete confirmed stays when the file that guessed it comes again.
        activity.sport = item.sport.value
        activity.sport_to_confirm = item.sport_to_confirm
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
    activity.race = item.race
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


def _find_twin(candidates: Sequence[Activity], item: ActivityData) -> Activity | None:
    """The activity among ``candidates`` that is this same session, recorded by another
    source: the same kind of sport, started within a few minutes, of about the same length."""
    for candidate in candidates:
        longest = max(candidate.duration_s, item.duration_s, 1.0)
        if (
            candidate.source != item.source.value
            and abs(candidate.start_utc - item.start_utc) <= TWIN_START_WINDOW
            and _same_kind(candidate.sport, item.sport.value)
            and abs(candidate.duration_s - item.duration_s) / longest <= TWIN_DURATION_TOLERANCE
        ):
            return candidate
    return None
