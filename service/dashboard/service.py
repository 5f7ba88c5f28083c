"""What the pages summarise: an athlete's last seven days, and a roster of athletes by risk.

Every figure comes from the stored daily series (DOMAIN §1.1) or the stored findings; nothing is
estimated here. A figure the series leaves undefined stays ``None`` and the page says why.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from service.athletes import queries as athlete_queries
from service.athletes.access import shows_finding
from service.clock import local_today, utcnow
from service.dashboard import queries
from service.metrics import queries as metrics_queries
from service.models import (
    Checkin,
    CoachLink,
    Connection,
    ConnectionState,
    Finding,
    User,
)

RUNNING_MEASURE = "distance_km"
SPIKE_GUARD = 1.10
"""Today's safe maximum is the 30-day longest run + 10 % (Frandsen et al. 2025; DOMAIN §1.4)."""
SEVERITY_RANK = {"info": 1, "caution": 2, "warning": 3, "referral": 4, "urgent": 5}
OPEN_FINDING_DAYS = 14
SYNC_STALE_AFTER = timedelta(hours=72)
ATTENTION_STATES = frozenset(
    {ConnectionState.NEEDS_REAUTH, ConnectionState.ERROR, ConnectionState.RATE_LIMITED}
)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


@dataclass(frozen=True)
class WeekSummary:
    """The seven days up to ``as_of`` (the last stored day) in one measure, km for running.

    ``total`` sums the days' loads; ``missing_days`` counts days marked "no data" among them.
    ``change_pct`` and ``longest_30d`` are the stored ``week_change_pct`` and
    ``longest_session_30d`` of ``as_of``; ``top_spike_pct`` the largest ``session_spike_pct``.
    """

    as_of: date | None = None
    #: The stored series is being recomputed after a change: no figure is current yet.
    updating: bool = False
    total: float | None = None
    missing_days: int = 0
    change_pct: float | None = None
    longest_30d: float | None = None
    top_spike_pct: float | None = None

    @property
    def guard(self) -> float | None:
        """The longest session today that stays within +10 % of the 30-day longest."""
        return self.longest_30d * SPIKE_GUARD if self.longest_30d else None


def summarise_week(days: Sequence[queries.WeekDay]) -> WeekSummary:
    """``days``: one athlete's stored days of one measure, in date order (any span)."""
    if not days:
        return WeekSummary()
    last = days[-1]
    window = [d for d in days if d.day > last.day - timedelta(days=7)]
    loads = [_finite(d.load) for d in window]
    spikes = [s for s in (_finite(d.session_spike_pct) for d in window) if s is not None]
    return WeekSummary(
        as_of=last.day,
        total=sum(v for v in loads if v is not None),
        missing_days=sum(1 for v in loads if v is None),
        change_pct=_finite(last.week_change_pct),
        longest_30d=_finite(last.longest_session_30d),
        top_spike_pct=max(spikes) if spikes else None,
    )


def week_summary(session: Session, athlete: User, measure: str = RUNNING_MEASURE) -> WeekSummary:
    if metrics_queries.dirty_from(session, [athlete.id]):
        return WeekSummary(updating=True)
    today = local_today(athlete.timezone)
    days = queries.list_week_days(session, [athlete.id], measure, today - timedelta(days=13), today)
    return summarise_week(days)


def open_findings(session: Session, athlete_ids: Iterable[int], today: date) -> list[Finding]:
    since = today - timedelta(days=OPEN_FINDING_DAYS)
    return list(queries.list_open_findings(session, list(athlete_ids), since))


def visible_findings(findings: Iterable[Finding], sees_symptoms: bool) -> list[Finding]:
    """Findings drawn from symptom data reach a coach or physio only when the athlete shares."""
    return [f for f in findings if shows_finding(f.rule, sees_symptoms)]


def worst(findings: Iterable[Finding]) -> Finding | None:
    """The most severe finding, the newest among equals."""
    ranked = sorted(findings, key=lambda f: (SEVERITY_RANK.get(f.severity, 0), f.day, f.id))
    return ranked[-1] if ranked else None


@dataclass(frozen=True)
class SyncSummary:
    last_success_at: datetime | None
    needs_attention: bool
    providers: tuple[str, ...]


def summarise_sync(connections: Sequence[Connection], now: datetime) -> SyncSummary | None:
    """None when the athlete has no connection (uploads only): there is nothing to be stale."""
    active = [c for c in connections if c.state != ConnectionState.DISCONNECTED]
    if not active:
        return None
    successes = [c.last_success_at for c in active if c.last_success_at is not None]
    last = max(successes) if successes else None
    attention = any(c.state in ATTENTION_STATES for c in active) or (
        last is None or now - last > SYNC_STALE_AFTER
    )
    return SyncSummary(last, attention, tuple(c.provider for c in active))


@dataclass(frozen=True)
class PainTrend:
    """Mean of each check-in day's highest pain (0–10, any region) this week and the week before."""

    this_week: float | None
    last_week: float | None

    @property
    def change(self) -> float | None:
        if self.this_week is None or self.last_week is None:
            return None
        return self.this_week - self.last_week

    @property
    def direction(self) -> str:
        """``rising`` or ``falling`` by more than the weekly-trend rule's step, else ``steady``."""
        change = self.change
        if change is not None and change > PAIN_TREND_STEP:
            return "rising"
        if change is not None and change < -PAIN_TREND_STEP:
            return "falling"
        return "steady"


PAIN_FIELDS = ("morning_pain", "pain_during", "pain_after", "pain_week")
PAIN_TREND_STEP = 1.0
"""A week's mean pain more than 1 above the week before (DOMAIN §1.4, ``pain.weekly_trend``)."""


def pain_trend(checkins: Sequence[Checkin], today: date) -> PainTrend | None:
    """None without any pain answer in the last 14 days."""
    highest: dict[date, float] = {}
    for row in checkins:
        values = [v for v in (getattr(row, name) for name in PAIN_FIELDS) if v is not None]
        if values:
            highest[row.day] = max(highest.get(row.day, 0.0), *values)
    weeks = (
        [v for d, v in highest.items() if today - timedelta(days=6) <= d <= today],
        [
            v
            for d, v in highest.items()
            if today - timedelta(days=13) <= d < today - timedelta(days=6)
        ],
    )
    if not any(weeks):
        return None
    this_week, last_week = (sum(w) / len(w) if w else None for w in weeks)
    return PainTrend(this_week, last_week)


@dataclass(frozen=True)
class RosterRow:
    athlete: User
    link: CoachLink
    week: WeekSummary
    finding: Finding | None
    sync: SyncSummary | None
    pain: PainTrend | None = None  # only where the athlete shares symptoms

    @property
    def needs_attention(self) -> bool:
        """An open caution or worse, or a connection that stopped delivering."""
        severity = SEVERITY_RANK.get(self.finding.severity, 0) if self.finding else 0
        return severity >= SEVERITY_RANK["caution"] or bool(self.sync and self.sync.needs_attention)

    def risk_key(self) -> tuple[float, ...]:
        """Worst open finding first, then the biggest single-run spike, then the weekly rise."""
        severity = SEVERITY_RANK.get(self.finding.severity, 0) if self.finding else 0
        spike = self.week.top_spike_pct if self.week.top_spike_pct is not None else -math.inf
        change = self.week.change_pct if self.week.change_pct is not None else -math.inf
        return (-severity, -spike, -change)


@dataclass(frozen=True)
class Roster:
    rows: list[RosterRow]
    by_risk: bool  # False while no athlete has an open finding: then the order is by name


def roster(session: Session, staff: User, now: datetime | None = None) -> Roster:
    now = now or utcnow()
    linked = athlete_queries.list_visible_athletes(session, staff.id)
    ids = [athlete.id for athlete, _link in linked]
    today = max((local_today(a.timezone, now) for a, _l in linked), default=now.date())
    days_by: dict[int, list[queries.WeekDay]] = defaultdict(list)
    start = today - timedelta(days=14)
    for row in queries.list_week_days(session, ids, RUNNING_MEASURE, start, today):
        days_by[row.athlete_id].append(row)
    findings_by: dict[int, list[Finding]] = defaultdict(list)
    for finding in open_findings(session, ids, today):
        findings_by[finding.athlete_id].append(finding)
    connections_by: dict[int, list[Connection]] = defaultdict(list)
    for connection in queries.list_connections(session, ids):
        connections_by[connection.athlete_id].append(connection)
    sharing = [athlete.id for athlete, link in linked if link.share_symptoms]
    checkins_by: dict[int, list[Checkin]] = defaultdict(list)
    for checkin in queries.list_checkins_since(session, sharing, today - timedelta(days=13)):
        checkins_by[checkin.athlete_id].append(checkin)
    updating = metrics_queries.dirty_from(session, ids)
    rows = [
        RosterRow(
            athlete,
            link,
            WeekSummary(updating=True)
            if athlete.id in updating
            else summarise_week(days_by[athlete.id]),
            worst(visible_findings(findings_by[athlete.id], link.share_symptoms)),
            summarise_sync(connections_by[athlete.id], now),
            pain_trend(checkins_by[athlete.id], local_today(athlete.timezone, now)),
        )
        for athlete, link in linked
    ]
    by_risk = any(row.finding is not None for row in rows)
    if by_risk:
        rows.sort(key=lambda r: (*r.risk_key(), r.athlete.display_name.lower(), r.athlete.id))
    return Roster(rows, by_risk)
