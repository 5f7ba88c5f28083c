"""What the pages summarise: an athlete's last seven days, and a roster of athletes by risk.

Every figure comes from the stored daily series (DOMAIN §1.1) or the stored findings; nothing is
estimated here. A figure the series leaves undefined stays ``None`` and the page says why.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from service.athletes import queries as athlete_queries
from service.athletes.access import shows_finding
from service.athletes.status import OpenFinding, Status, WeekFigures, current_statuses, week_figures
from service.athletes.status_queries import RunningDay, list_running_days
from service.clock import local_today, utcnow
from service.dashboard import queries
from service.metrics import queries as metrics_queries
from service.models import ConnectionState, Finding, User

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


def summarise_week(days: Sequence[RunningDay]) -> WeekSummary:
    """``days``: one athlete's stored days of one measure, in date order (any span)."""
    return week_from(week_figures(days))


def week_from(figures: WeekFigures) -> WeekSummary:
    return WeekSummary(
        as_of=figures.as_of,
        total=figures.total,
        missing_days=figures.missing_days,
        change_pct=figures.change_pct,
        longest_30d=figures.longest_30d,
        top_spike_pct=figures.top_spike_pct,
    )


def week_summary(session: Session, athlete: User, measure: str = RUNNING_MEASURE) -> WeekSummary:
    if metrics_queries.dirty_from(session, [athlete.id]):
        return WeekSummary(updating=True)
    today = local_today(athlete.timezone)
    days = list_running_days(session, [athlete.id], measure, today - timedelta(days=13), today)
    return summarise_week(days)


def open_findings(
    session: Session, athlete_ids: Iterable[int], today: date, reader: User
) -> list[Finding]:
    """The findings of the last two weeks ``reader`` has not marked as seen, most severe first."""
    since = today - timedelta(days=OPEN_FINDING_DAYS)
    return by_severity(queries.list_open_findings(session, list(athlete_ids), since, reader.id))


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first; among equals the newest first."""
    return sorted(
        findings, key=lambda f: (-SEVERITY_RANK.get(f.severity, 0), -f.day.toordinal(), -f.id)
    )


NEVER_FOLDED = SEVERITY_RANK["referral"]
"""Red flags (urgent) and referrals are always shown, however many warnings there are."""
SHOWN_FINDINGS = 3


def fold(findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(shown, folded away) of findings in severity order: every red flag and referral, and the
    others up to three shown in all."""
    must = [f for f in findings if SEVERITY_RANK.get(f.severity, 0) >= NEVER_FOLDED]
    rest = [f for f in findings if SEVERITY_RANK.get(f.severity, 0) < NEVER_FOLDED]
    room = max(SHOWN_FINDINGS - len(must), 0)
    return must + rest[:room], rest[room:]


def seen_ids(session: Session, reader: User, findings: Iterable[Finding]) -> set[int]:
    return queries.list_seen_ids(session, reader.id, [f.id for f in findings])


def worst_open(
    status: Status, today: date, sees_symptoms: bool, seen: Collection[int]
) -> OpenFinding | None:
    """The most severe finding of the last two weeks that the reader has not marked as seen
    and may see (findings drawn from symptom data only when the athlete shares them)."""
    since = today - timedelta(days=OPEN_FINDING_DAYS)
    return next(
        (
            f
            for f in status.findings  # most severe first, the newest among equals
            if f.day >= since and f.id not in seen and shows_finding(f.rule, sees_symptoms)
        ),
        None,
    )


@dataclass(frozen=True)
class SyncSummary:
    last_success_at: datetime | None
    needs_attention: bool
    providers: tuple[str, ...]


def summarise_sync(connections: Sequence[queries.SyncState], now: datetime) -> SyncSummary | None:
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


PAIN_TREND_STEP = 1.0
"""A week's mean pain more than 1 above the week before (DOMAIN §1.4, ``pain.weekly_trend``)."""


@dataclass(frozen=True)
class Symptoms:
    """What a coach or physio sees of the athlete's check-ins (only while they are shared)."""

    pain: PainTrend | None
    pain_weeks: tuple[tuple[date, float | None], ...]
    last_checkin_day: date | None
    problem_region: str | None
    problem_day: date | None

    @property
    def recent_pain(self) -> tuple[float | None, ...]:
        """The weeks' mean pain of the last eight weeks, this one included, oldest first."""
        return tuple(pain for _monday, pain in self.pain_weeks[1:])


def pain_trend(this_week: float | None, last_week: float | None) -> PainTrend | None:
    """None without any pain answer in the last 14 days."""
    return None if this_week is None and last_week is None else PainTrend(this_week, last_week)


def symptoms_of(status: Status) -> Symptoms:
    return Symptoms(
        pain_trend(status.pain_this_week, status.pain_last_week),
        status.pain_weeks,
        status.last_checkin_day,
        status.problem_region,
        status.problem_day,
    )


@dataclass(frozen=True)
class RowShown:
    """Everything one roster row shows, and nothing else (the key its markup is kept under,
    ``dashboard.roster_rows``)."""

    athlete_id: int
    name: str
    shares_symptoms: bool
    week: WeekSummary
    finding: OpenFinding | None
    sync: SyncSummary | None
    symptoms: Symptoms | None
    full_weeks_km: tuple[float | None, ...]

    @property
    def pain(self) -> PainTrend | None:
        return self.symptoms.pain if self.symptoms else None


@dataclass(frozen=True)
class RosterRow:
    athlete: athlete_queries.VisibleAthlete  # with whether they share symptoms with the reader
    week: WeekSummary
    finding: OpenFinding | None
    sync: SyncSummary | None
    symptoms: Symptoms | None = None  # only where the athlete shares symptoms
    weekly_km: tuple[tuple[date, float | None], ...] = ()

    @property
    def pain(self) -> PainTrend | None:
        return self.symptoms.pain if self.symptoms else None

    @property
    def full_weeks_km(self) -> tuple[float | None, ...]:
        """The km of the full weeks before this one, oldest first (this one is not over)."""
        return tuple(km for _monday, km in self.weekly_km[:-1])

    @property
    def needs_attention(self) -> bool:
        """An open caution or worse, or a connection that stopped delivering."""
        severity = SEVERITY_RANK.get(self.finding.severity, 0) if self.finding else 0
        return severity >= SEVERITY_RANK["caution"] or bool(self.sync and self.sync.needs_attention)

    @property
    def shown(self) -> RowShown:
        return RowShown(
            self.athlete.id,
            self.athlete.display_name,
            self.athlete.share_symptoms,
            self.week,
            self.finding,
            self.sync,
            self.symptoms,
            self.full_weeks_km,
        )

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
    """Every linked athlete's stored status (``athletes.status``) with what depends on the
    reader or changes outside the pipeline: the findings they marked as seen, consent, the
    connections' sync state and a series waiting for its recompute; a few queries in all,
    however many athletes."""
    now = now or utcnow()
    entries = queries.list_roster_entries(session, staff.id)
    linked = [entry.athlete for entry in entries]
    ids = [athlete.id for athlete in linked]
    stamps = {entry.athlete.id: entry.stamp for entry in entries if entry.stamp is not None}
    statuses = current_statuses(session, [(a.id, a.timezone) for a in linked], now, stamps)
    days = [f.day for status in statuses.values() for f in status.findings]
    seen = queries.list_seen_since(session, staff.id, min(days)) if days else set[int]()
    connections_by: dict[int, list[queries.SyncState]] = defaultdict(list)
    for connection in queries.list_sync_states(session, ids):
        connections_by[connection.athlete_id].append(connection)
    updating = {entry.athlete.id for entry in entries if entry.updating}
    rows = [
        _roster_row(athlete, statuses[athlete.id], seen, connections_by, updating, now)
        for athlete in linked
    ]
    by_risk = any(row.finding is not None for row in rows)
    if by_risk:
        rows.sort(key=lambda r: (*r.risk_key(), r.athlete.display_name.lower(), r.athlete.id))
    return Roster(rows, by_risk)


def _roster_row(
    athlete: athlete_queries.VisibleAthlete,
    status: Status,
    seen: Collection[int],
    connections: dict[int, list[queries.SyncState]],
    updating: Collection[int],
    now: datetime,
) -> RosterRow:
    shares = athlete.share_symptoms
    return RosterRow(
        athlete,
        WeekSummary(updating=True) if athlete.id in updating else week_from(status.week),
        worst_open(status, status.built_for, shares, seen),
        summarise_sync(connections[athlete.id], now),
        symptoms_of(status) if shares else None,
        status.weekly_km,
    )
