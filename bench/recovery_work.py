"""The work of a recovery round, and when each kind of it was all done (``bench/recovery.py``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from service.db import session_scope
from service.models import (
    Activity,
    Alert,
    DailyMetric,
    FileImport,
    QueuedTask,
    SeriesDirty,
    SyncRun,
)


@dataclass
class Work:
    """Connections to sync (one athlete each), athletes whose series only needs a recompute,
    and alerts to deliver."""

    connections: list[int] = field(default_factory=list)
    athletes: list[int] = field(default_factory=list)
    series_only: list[int] = field(default_factory=list)
    alerts: list[int] = field(default_factory=list)
    imports: list[int] = field(default_factory=list)

    def describe(self) -> str:
        parts = [
            f"{len(self.connections)} syncs" if self.connections else "",
            f"{len(self.imports)} imports" if self.imports else "",
            f"{len(self.athletes) + len(self.series_only)} series"
            if self.athletes or self.series_only
            else "",
            f"{len(self.alerts)} alerts" if self.alerts else "",
        ]
        return ", ".join(part for part in parts if part)


def count(statement: object) -> int:
    with session_scope() as session:
        return int(session.scalar(statement) or 0)  # type: ignore[call-overload]


def synced(work: Work) -> int:
    return count(
        select(func.count(func.distinct(SyncRun.connection_id))).where(
            SyncRun.connection_id.in_(work.connections), SyncRun.status == "succeeded"
        )
    )


def checks(work: Work) -> dict[str, Callable[[], bool]]:
    """Per kind of work, whether all of it is done (a series also needs its evaluation: no
    request left in ``queued_tasks``)."""
    athletes = work.athletes + work.series_only
    with_series = select(func.count(func.distinct(DailyMetric.athlete_id))).where(
        DailyMetric.athlete_id.in_(athletes)
    )
    kept = select(func.count()).select_from(QueuedTask)
    dirty = select(func.count()).where(SeriesDirty.athlete_id.in_(athletes))
    unsent = select(func.count()).where(Alert.id.in_(work.alerts), Alert.status != "sent")
    waiting = select(func.count()).where(
        FileImport.id.in_(work.imports), FileImport.status != "done"
    )
    found: dict[str, Callable[[], bool]] = {}
    if work.connections:
        found["syncs"] = lambda: synced(work) == len(work.connections)
    if work.imports:
        found["imports"] = lambda: count(waiting) == 0
    if athletes:
        found["series"] = lambda: (
            count(with_series) == len(athletes) and count(kept) == 0 and count(dirty) == 0
        )
    if work.alerts:
        found["alerts"] = lambda: count(unsent) == 0
    return found


Times = dict[str, float]


def finish_times(work: Work, since: float, timeout: float) -> Times:
    """Seconds from ``since`` (``time.monotonic()``) until each kind of work was all done."""
    pending, times = checks(work), {}
    deadline = time.monotonic() + timeout
    while pending:
        for kind, check in list(pending.items()):
            if check():
                times[kind] = time.monotonic() - since
                del pending[kind]
        if pending and time.monotonic() > deadline:
            raise TimeoutError(f"not done after {timeout:.0f} s: {', '.join(pending)}")
        time.sleep(0.1)
    return times


def verdict(work: Work, per_account: int) -> str:
    """Each connection synced once, each activity stored once; or each alert sent once."""
    if not work.connections:
        return _alerts_verdict(work) if work.alerts else "-"
    with session_scope() as session:
        succeeded = session.scalars(
            select(SyncRun.connection_id).where(
                SyncRun.connection_id.in_(work.connections), SyncRun.status == "succeeded"
            )
        ).all()
        stored = session.scalar(select(func.count()).where(Activity.athlete_id.in_(work.athletes)))
    once = sorted(succeeded) == sorted(work.connections)
    expected = per_account * len(work.connections)
    return f"every connection synced once: {once}; activities stored {stored} of {expected}"


def _alerts_verdict(work: Work) -> str:
    with session_scope() as session:
        statuses = session.scalars(select(Alert.status).where(Alert.id.in_(work.alerts))).all()
    return f"alerts sent: {statuses.count('sent')} of {len(work.alerts)}"
