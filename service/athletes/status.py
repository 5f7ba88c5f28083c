"""An athlete's status as the roster shows it, stored (``athlete_status``) so that a roster of
fifty athletes reads fifty small rows instead of their series, check-ins and findings.

Whatever changes a figure rebuilds the athlete's row in the transaction of the change:
``metrics.service.recompute_metrics`` (the running weeks), ``findings.evaluation.evaluate_athlete``
(the findings) and a check-in recorded or corrected (the pain and the last check-in). A row
that is missing, of an older ``STATUS_FORMAT`` or built for another local day than the athlete's
today (the week and the two weeks of findings move with the calendar) is rebuilt when it is read
(:func:`current_statuses`), so the roster never shows a figure the stored data no longer gives.

What depends on the reader (the findings they marked as seen, whether the athlete shares
symptoms with them) and what changes outside the pipeline (a connection's sync state, a series
waiting for its recompute) is not stored here: the roster asks for it on each view.

A view reads every row's stamp (its day, its format and a digest of the whole row) and the whole
row only of athletes whose status of that digest is not kept in the process from an earlier
read; the digest changes with any column, so a kept status is never an older one. (SQLite has
no digest: there every view reads the whole rows.)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final, Protocol

from sqlalchemy.orm import Session

from service.athletes import status_queries as queries
from service.athletes.status_cache import Kept
from service.clock import local_today, utcnow
from service.training.findings import Severity

STATUS_FORMAT = 1
"""Raised whenever what a row holds changes: older rows are rebuilt when read."""
STATUS_WEEKS = 9
"""Eight full ISO weeks and the current one."""
OPEN_FINDING_DAYS = 14
"""A finding stays open (for whoever has not marked it seen) for two weeks."""
WEEK_DAYS_BACK = 14
"""The week's figures come from the last stored day of the two weeks up to today."""
RUNNING_MEASURE = "distance_km"
PAIN_FIELDS = ("morning_pain", "pain_during", "pain_after", "pain_week")


class StoredDay(Protocol):
    @property
    def day(self) -> date: ...
    @property
    def load(self) -> float | None: ...
    @property
    def session_spike_pct(self) -> float | None: ...
    @property
    def week_change_pct(self) -> float | None: ...
    @property
    def longest_session_30d(self) -> float | None: ...


class PainAnswers(Protocol):
    """A check-in's pain answers (a stored row or its columns)."""

    @property
    def day(self) -> date: ...
    @property
    def region(self) -> str: ...
    @property
    def morning_pain(self) -> float | None: ...
    @property
    def pain_during(self) -> float | None: ...
    @property
    def pain_after(self) -> float | None: ...
    @property
    def pain_week(self) -> float | None: ...


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


@dataclass(frozen=True)
class WeekFigures:
    """The seven days up to ``as_of`` (the last stored day) in one measure, km for running:
    ``total`` sums the days' loads, ``missing_days`` counts days marked "no data";
    ``change_pct`` and ``longest_30d`` are the stored ``week_change_pct`` and
    ``longest_session_30d`` of ``as_of``, ``top_spike_pct`` the largest ``session_spike_pct``."""

    as_of: date | None = None
    total: float | None = None
    missing_days: int = 0
    change_pct: float | None = None
    longest_30d: float | None = None
    top_spike_pct: float | None = None


def week_figures(days: Sequence[StoredDay]) -> WeekFigures:
    """``days``: one athlete's stored days of one measure, in date order (any span)."""
    if not days:
        return WeekFigures()
    last = days[-1]
    window = [d for d in days if d.day > last.day - timedelta(days=7)]
    loads = [_finite(d.load) for d in window]
    spikes = [s for s in (_finite(d.session_spike_pct) for d in window) if s is not None]
    return WeekFigures(
        as_of=last.day,
        total=sum(v for v in loads if v is not None),
        missing_days=sum(1 for v in loads if v is None),
        change_pct=_finite(last.week_change_pct),
        longest_30d=_finite(last.longest_session_30d),
        top_spike_pct=max(spikes) if spikes else None,
    )


def week_starts(today: date, weeks: int = STATUS_WEEKS) -> list[date]:
    """The Mondays of the last ``weeks`` ISO weeks, oldest first; the last is today's week."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def weekly_totals(days: Iterable[StoredDay], mondays: Sequence[date]) -> list[float | None]:
    """Each week's summed load; None for a week without any stored day."""
    totals: dict[date, float] = {}
    for row in days:
        monday = row.day - timedelta(days=row.day.weekday())
        load = _finite(row.load)
        totals[monday] = totals.get(monday, 0.0) + (load or 0.0)
    return [totals.get(monday) for monday in mondays]


def highest_pain_by_day(rows: Iterable[PainAnswers]) -> dict[date, float]:
    """Each check-in day's highest pain (0–10) in any field of any region."""
    highest: dict[date, float] = {}
    for row in rows:
        values = [v for v in (getattr(row, name) for name in PAIN_FIELDS) if v is not None]
        if values:
            highest[row.day] = max(highest.get(row.day, 0.0), *values)
    return highest


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def pain_between(highest: dict[date, float], first: date, last: date) -> float | None:
    """The mean of the check-in days' highest pain from ``first`` to ``last``."""
    return _mean([v for d, v in highest.items() if first <= d <= last])


def latest_problem(rows: Sequence[PainAnswers]) -> tuple[str, date] | None:
    """The region and day of the newest check-in reporting pain in a region."""
    for row in reversed(rows):
        values = [v for v in (getattr(row, name) for name in PAIN_FIELDS) if v is not None]
        if row.region and any(v > 0 for v in values):
            return row.region, row.day
    return None


def _severity_rank(severity: str) -> int:
    return Severity(severity).rank if severity in Severity else -1


def _ordered(findings: Iterable[queries.RecentFinding]) -> list[list[Any]]:
    """Most severe first, the newest among equals."""
    ranked = sorted(
        findings, key=lambda f: (-_severity_rank(f.severity), -f.day.toordinal(), -f.id)
    )
    return [[f.id, f.rule, f.severity, f.day.isoformat()] for f in ranked]


def status_values(
    athlete_id: int,
    today: date,
    days: Sequence[StoredDay],
    pains: Sequence[PainAnswers],
    last_checkin: date | None,
    findings: Iterable[queries.RecentFinding],
    now: datetime,
) -> dict[str, Any]:
    """The stored row of one athlete on ``today`` from what it is built from."""
    mondays = week_starts(today)
    week = week_figures([d for d in days if d.day >= today - timedelta(days=WEEK_DAYS_BACK)])
    highest = highest_pain_by_day(pains)
    problem = latest_problem(pains)
    pain_weeks = [pain_between(highest, m, m + timedelta(days=6)) for m in mondays]
    since = today - timedelta(days=OPEN_FINDING_DAYS)
    return {
        "athlete_id": athlete_id,
        "built_for": today,
        "format": STATUS_FORMAT,
        "as_of": week.as_of,
        "week_km": week.total,
        "week_missing_days": week.missing_days,
        "week_change_pct": week.change_pct,
        "longest_30d_km": week.longest_30d,
        "top_spike_pct": week.top_spike_pct,
        "weekly_km": _pairs(mondays, weekly_totals(days, mondays)),
        "pain_weeks": _pairs(mondays, pain_weeks),
        "pain_this_week": pain_between(highest, today - timedelta(days=6), today),
        "pain_last_week": pain_between(
            highest, today - timedelta(days=13), today - timedelta(days=7)
        ),
        "last_checkin_day": last_checkin,
        "problem_region": problem[0] if problem else None,
        "problem_day": problem[1] if problem else None,
        "findings": _ordered(f for f in findings if since <= f.day <= today),
        "updated_at": now,
    }


def _pairs(mondays: Sequence[date], values: Sequence[float | None]) -> list[list[Any]]:
    return [[m.isoformat(), v] for m, v in zip(mondays, values, strict=True)]


def _grouped[T: tuple[Any, ...]](rows: Iterable[T]) -> dict[int, list[T]]:
    """Rows by their ``athlete_id`` (the field of that name), in the order given."""
    out: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        out[row.athlete_id].append(row)  # type: ignore[attr-defined]
    return out


def refresh_status(
    session: Session, athlete_ids: Collection[int], now: datetime | None = None
) -> None:
    """Rebuild the stored status of ``athlete_ids`` from the stored series, check-ins and
    findings, in the caller's transaction (call it after the change it is to show)."""
    if not athlete_ids:
        return
    now = now or utcnow()
    ids = sorted(set(athlete_ids))
    today = {aid: local_today(tz, now) for aid, tz in queries.lock_athletes(session, ids)}
    if not today:
        return
    first = min(week_starts(d)[0] for d in today.values())
    last = max(today.values())
    found = list(today)
    days = _grouped(queries.list_running_days(session, found, RUNNING_MEASURE, first, last))
    pains = _grouped(queries.list_pain_rows(session, found, first, last))
    last_checkins = queries.last_checkin_days(session, found, last)
    since = min(today.values()) - timedelta(days=OPEN_FINDING_DAYS)
    findings = _grouped(queries.list_recent_findings(session, found, since))
    rows = [
        status_values(
            aid,
            day,
            [d for d in days[aid] if d.day <= day],
            [p for p in pains[aid] if p.day <= day],
            last_checkins.get(aid),
            findings[aid],
            now,
        )
        for aid, day in today.items()
    ]
    queries.upsert_statuses(session, rows)


@dataclass(frozen=True)
class OpenFinding:
    """A finding of the last two weeks, as the roster ranks it."""

    id: int
    rule: str
    severity: str
    day: date


@dataclass(frozen=True)
class Status:
    """One athlete's stored status, read back (see :class:`service.models.AthleteStatus`)."""

    athlete_id: int
    built_for: date
    week: WeekFigures
    weekly_km: tuple[tuple[date, float | None], ...]
    pain_weeks: tuple[tuple[date, float | None], ...]
    pain_this_week: float | None
    pain_last_week: float | None
    last_checkin_day: date | None
    problem_region: str | None
    problem_day: date | None
    findings: tuple[OpenFinding, ...]


def _status(row: dict[str, Any]) -> Status:
    return Status(
        athlete_id=row["athlete_id"],
        built_for=row["built_for"],
        week=WeekFigures(
            as_of=row["as_of"],
            total=row["week_km"],
            missing_days=row["week_missing_days"],
            change_pct=row["week_change_pct"],
            longest_30d=row["longest_30d_km"],
            top_spike_pct=row["top_spike_pct"],
        ),
        weekly_km=tuple((date.fromisoformat(d), v) for d, v in row["weekly_km"]),
        pain_weeks=tuple((date.fromisoformat(d), v) for d, v in row["pain_weeks"]),
        pain_this_week=row["pain_this_week"],
        pain_last_week=row["pain_last_week"],
        last_checkin_day=row["last_checkin_day"],
        problem_region=row["problem_region"],
        problem_day=row["problem_day"],
        findings=tuple(
            OpenFinding(fid, rule, severity, date.fromisoformat(day))
            for fid, rule, severity, day in row["findings"]
        ),
    )


KEPT_STATUSES: Final = 8192
"""Read-back statuses kept by their row's digest: a roster reads only the rows that changed."""
_KEPT: Final = Kept[tuple[int, str], Status](KEPT_STATUSES)


def current_statuses(
    session: Session,
    athletes: Sequence[tuple[int, str]],
    now: datetime | None = None,
    stamps: Mapping[int, queries.StatusStamp] | None = None,
) -> dict[int, Status]:
    """The status of each ``(athlete id, time zone)``, rebuilding first the rows that are
    missing or not of the athlete's today. Only the rows' stamps are read for every athlete
    (or taken from ``stamps``, read by the caller with what else it reads: an athlete without
    one has no stored row); the whole row only where no status of that very content is kept
    from an earlier read."""
    now = now or utcnow()
    if stamps is None:
        ids = [athlete_id for athlete_id, _ in athletes]
        stamps = {s.athlete_id: s for s in queries.list_status_stamps(session, ids)}
    wanted = {
        athlete_id
        for athlete_id, timezone in athletes
        if (stamp := stamps.get(athlete_id)) is None
        or stamp.format != STATUS_FORMAT
        or stamp.built_for != local_today(timezone, now)
    }
    if wanted:
        refresh_status(session, wanted, now)
    statuses: dict[int, Status] = {}
    for athlete_id, stamp in stamps.items():
        if athlete_id in wanted:
            continue
        kept = _KEPT.get((athlete_id, stamp.digest)) if stamp.digest is not None else None
        if kept is None:
            wanted.add(athlete_id)
        else:
            statuses[athlete_id] = kept
    for row in queries.list_statuses(session, sorted(wanted)):
        status = _status(row)
        if row["digest"] is not None:
            _KEPT.put((status.athlete_id, row["digest"]), status)
        statuses[status.athlete_id] = status
    return statuses
