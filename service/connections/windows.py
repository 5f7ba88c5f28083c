"""The sync cursor: which days to fetch next, in windows, and how far the backfill has come.

Pure (dates in, dates out). The cursor is the JSON object stored on the connection::

    {"backfill_from": "2026-08-25",   first day of the 90-day backfill
     "backfill_until": "2026-11-22",  the day the connection was made
     "synced_until": "2026-11-23",    every day up to here was fetched and stored at least once
     "resync_from": "2026-11-01",     a webhook said data from this day on changed (optional)
     "resync_requested_at": "…"}      when it said so (a request during a run outlives that run)

A run fetches ``first..last`` (local start days, inclusive) in windows of ``chunk_days``, oldest
first, and stores each window with the advanced cursor in one transaction: a run that dies
resumes after the last stored window. Incremental runs start ``overlap_days`` before
``synced_until`` so late uploads and edits are picked up; ``last`` is tomorrow (UTC), which
covers athletes east of Greenwich.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from service.connections.policy import SyncPolicy

BACKFILL = "backfill"
INCREMENTAL = "incremental"


@dataclass(frozen=True, slots=True)
class SyncRange:
    first: date
    last: date
    kind: str
    resync_from: date | None


@dataclass(frozen=True, slots=True)
class BackfillProgress:
    first: date
    until: date
    done_until: date | None
    fraction: float

    @property
    def complete(self) -> bool:
        return self.fraction >= 1.0


def new_cursor(today: date, policy: SyncPolicy) -> dict[str, Any]:
    """The cursor of a fresh connection: backfill the ``backfill_days`` ending today."""
    return {
        "backfill_from": (today - timedelta(days=policy.backfill_days - 1)).isoformat(),
        "backfill_until": today.isoformat(),
    }


def read_day(cursor: dict[str, Any], key: str) -> date | None:
    value = cursor.get(key)
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def plan(cursor: dict[str, Any], today: date, policy: SyncPolicy) -> SyncRange:
    """The days the next run fetches, and whether it is (still) the backfill."""
    backfill_from = read_day(cursor, "backfill_from") or today - timedelta(
        days=policy.backfill_days - 1
    )
    backfill_until = read_day(cursor, "backfill_until") or today
    synced = read_day(cursor, "synced_until")
    last = today + timedelta(days=1)
    first = backfill_from if synced is None else max(backfill_from, synced - _days(policy))
    resync = read_day(cursor, "resync_from")
    if resync is not None:
        first = min(first, max(resync, today - timedelta(days=policy.max_resync_days)))
    kind = BACKFILL if synced is None or synced < backfill_until else INCREMENTAL
    return SyncRange(first=min(first, last), last=last, kind=kind, resync_from=resync)


def _days(policy: SyncPolicy) -> timedelta:
    return timedelta(days=policy.overlap_days)


def windows(first: date, last: date, chunk_days: int) -> list[tuple[date, date]]:
    """``first..last`` cut into consecutive inclusive windows of at most ``chunk_days`` days."""
    cuts: list[tuple[date, date]] = []
    start = first
    while start <= last:
        end = min(last, start + timedelta(days=chunk_days - 1))
        cuts.append((start, end))
        start = end + timedelta(days=1)
    return cuts


def advanced(cursor: dict[str, Any], stored_until: date) -> dict[str, Any]:
    """A copy with ``synced_until`` moved forward to ``stored_until`` (never backwards)."""
    synced = read_day(cursor, "synced_until")
    until = stored_until if synced is None else max(synced, stored_until)
    return {**cursor, "synced_until": until.isoformat()}


def with_resync(cursor: dict[str, Any], day: date, at: datetime) -> dict[str, Any]:
    """A copy asking the next run to fetch again from ``day`` (the earliest request wins)."""
    current = read_day(cursor, "resync_from")
    earliest = day if current is None else min(current, day)
    return {**cursor, "resync_from": earliest.isoformat(), "resync_requested_at": at.isoformat()}


def settled(cursor: dict[str, Any], run_started_at: datetime) -> tuple[dict[str, Any], bool]:
    """After a successful run: drop the resync request it served; True if a newer one waits.

    A request made after the run started may concern a window the run had already fetched, so
    it stays for the next run.
    """
    requested = cursor.get("resync_requested_at")
    if "resync_from" not in cursor:
        return dict(cursor), False
    if isinstance(requested, str) and _instant(requested) > run_started_at:
        return dict(cursor), True
    return {k: v for k, v in cursor.items() if k not in _RESYNC_KEYS}, False


_RESYNC_KEYS = frozenset({"resync_from", "resync_requested_at"})


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def backfill_progress(cursor: dict[str, Any]) -> BackfillProgress | None:
    """Share of the backfill days stored, 0..1; ``None`` before a cursor exists."""
    first = read_day(cursor, "backfill_from")
    until = read_day(cursor, "backfill_until")
    if first is None or until is None:
        return None
    done = read_day(cursor, "synced_until")
    total = (until - first).days + 1
    stored = 0 if done is None else (min(done, until) - first).days + 1
    fraction = min(1.0, max(0.0, stored / total)) if total > 0 else 1.0
    return BackfillProgress(first=first, until=until, done_until=done, fraction=fraction)
