"""The stored daily series: recompute it, read it, and the days an athlete marks as "no data".

``recompute_metrics`` replaces the stored rows from ``from_date`` on, or from the day the series
is marked dirty (``SeriesDirty``: written with every change it is computed from), if earlier; the
same transaction clears the mark, so a day reads as current only once a recompute covering it
committed. It reads the athlete's
activities (numbers only, no raw payloads: one indexed query) and resumes the engine from the
stored rows of the 30 days before ``from_date`` (``series.recompute_from``: the same numbers as a
full computation), so a daily update computes and writes only the days that changed. When a row
before ``from_date`` is absent (a lost message, a new measure, an earlier first day) it computes
and writes the whole history instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from service import queue
from service.athletes.status import refresh_status
from service.clock import local_today, utcnow, zone
from service.errors import Unprocessable
from service.metrics import build, queries
from service.models import MissingDay, Role, User
from service.queue import enqueue
from service.task_names import TaskName
from service.texts import text
from service.training.daily_columns import CONTEXT_DAYS
from service.training.measures import MEASURES, session_loads


@dataclass(frozen=True)
class RecomputeResult:
    """What a recompute stored: the series' days, the first day rewritten and the row count."""

    athlete_id: int
    start: date | None = None
    end: date | None = None
    written_from: date | None = None
    rows_written: int = 0
    measures: tuple[str, ...] = ()


def recompute_metrics(
    session: Session, athlete_id: int, from_date: date, *, now: datetime | None = None
) -> RecomputeResult:
    """Replace the athlete's stored daily series from ``from_date`` on, for every measure.

    Locks the athlete's row first, so two recomputes (or a recompute and an ingestion) for one
    athlete run one after the other and the later one sees the earlier one's rows, then the
    series' dirty mark, which it takes: a recompute asked for from now on is queued anew
    instead of merging into this one (``dispatch.request_series_recompute``). Idempotent: the
    same activities give the same rows. Schedules ``findings.evaluate`` after commit.
    """
    athlete = queries.lock_athlete(session, athlete_id)
    if athlete is None or athlete.role != Role.ATHLETE:
        return RecomputeResult(athlete_id)
    dirty = queries.get_dirty(session, athlete_id, lock=True)  # requests now wait for us
    if dirty is not None:
        from_date = min(from_date, dirty[0])  # whatever request came first, or was lost
        if not queries.clear_dirty(session, athlete_id, dirty[1]):  # part of this transaction
            _marked_meanwhile(session, athlete_id, dirty[0])
    profile = queries.get_profile(session, athlete_id)
    sessions = build.session_inputs(queries.list_session_rows(session, athlete_id))
    series_start = profile.series_start if profile is not None else None
    bounds = build.series_range(
        sessions, zone(athlete.timezone), series_start, local_today(athlete.timezone, now)
    )
    if bounds is None:
        queries.delete_series(session, athlete_id)
        refresh_status(session, [athlete_id], now)
        return RecomputeResult(athlete_id)
    start, end = bounds
    params = build.athlete_params(athlete, profile)
    measures = build.computable_measures(params)
    queries.delete_measures(session, athlete_id, set(MEASURES) - set(measures))
    wanted = min(max(from_date, start), end + timedelta(days=1))
    write_from = _first_day_to_write(session, athlete_id, measures, start, wanted)
    queries.delete_rows_outside(session, athlete_id, start, write_from)
    missing = build.days_without_data(
        queries.list_missing_days(session, athlete_id, start, end), sessions, zone(athlete.timezone)
    )
    context = write_from - timedelta(days=CONTEXT_DAYS)
    stored = queries.list_rows_between(session, athlete_id, measures, context, write_from)
    rows = []
    for measure in measures:
        loads = session_loads(sessions, params, measure)
        before = [row for row in stored if row.measure == measure]
        series = build.compute_series(loads, (start, end), write_from, missing, before)
        if series is not None:
            rows.extend(build.metric_rows(athlete_id, measure, series, write_from))
    queries.insert_rows(session, rows)
    refresh_status(session, [athlete_id], now)
    enqueue(session, TaskName.FINDINGS_EVALUATE, athlete_id=athlete_id)
    return RecomputeResult(athlete_id, start, end, write_from, len(rows), measures)


def _marked_meanwhile(session: Session, athlete_id: int, day: date) -> None:
    """A change marked the series again between reading and clearing the mark (a database
    without row locks): whatever request it merged into may be this one, so ask for another."""
    queries.forget_request(session, athlete_id)
    _recompute_from(session, athlete_id, day)


def _first_day_to_write(
    session: Session, athlete_id: int, measures: Sequence[str], start: date, wanted: date
) -> date:
    """``wanted``, unless a row before it is absent (a lost recompute, a new measure, an earlier
    start): then the whole series, from ``start``."""
    expected = (wanted - start).days * len(measures)
    stored = queries.count_rows(session, athlete_id, measures, start, wanted)
    return wanted if stored == expected else start


def extend_series_to_today(session: Session, now: datetime | None = None) -> int:
    """Send a recompute for every athlete whose stored series stops before their today.

    Run hourly by beat, so each series gains its new day within an hour of local midnight (the
    rest days up to today are real zeros) and a series whose recompute message was lost is
    written after all. Safe to run twice: a recompute is idempotent. Returns how many were sent.
    """
    moment = now or utcnow()
    sent = 0
    for athlete_id, timezone, last_day in queries.list_series_ends(session):
        today = local_today(timezone, moment)
        if last_day is not None and last_day >= today:
            continue
        first = date.min if last_day is None else last_day + timedelta(days=1)
        queue.send_now(
            TaskName.METRICS_RECOMPUTE, athlete_id=athlete_id, from_date=first.isoformat()
        )
        sent += 1
    return sent


def mark_missing_day(session: Session, athlete: User, day: date) -> bool:
    """Mark ``day`` as "no data"; True when it was not marked before (then recompute from it)."""
    _refuse_future(athlete, day)
    if queries.get_missing_day(session, athlete.id, day) is not None:
        return False
    session.add(MissingDay(athlete_id=athlete.id, day=day))
    session.flush()
    _recompute_from(session, athlete.id, day)
    return True


def clear_missing_day(session: Session, athlete: User, day: date) -> bool:
    """Unmark ``day``; True when it was marked (then recompute from it)."""
    marked = queries.get_missing_day(session, athlete.id, day)
    if marked is None:
        return False
    session.delete(marked)
    session.flush()
    _recompute_from(session, athlete.id, day)
    return True


def _refuse_future(athlete: User, day: date) -> None:
    if day > local_today(athlete.timezone):
        raise Unprocessable(
            "day_in_future", text("metrics.day_in_future", athlete.locale, day=day.isoformat())
        )


def _recompute_from(session: Session, athlete_id: int, day: date) -> None:
    enqueue(session, TaskName.METRICS_RECOMPUTE, athlete_id=athlete_id, from_date=day.isoformat())
