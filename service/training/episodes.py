"""Injury episodes: one problem in one region, from its first report until it settles (§1.6.2).

An episode opens on the first check-in that reports pain > 0 in a field of its region, or a red
flag for the region, or a physio's record of it; it closes when the region's pain is 0 on every
check-in over 14 days (at least two such check-ins), or on the day a physio or the athlete closed
it (after which the region's next pain report opens a new one). While it is open, every pain
report of the region belongs to it. Its **pain value on a day**
is the highest of that day's pain fields (``pain_week``, ``morning_pain``, ``pain_during``,
``pain_after``), so rules compare days whatever question each day answered.

``onset`` comes from the opening check-in (``sudden`` when it says so, or when a sudden snap opens
the episode; ``gradual`` otherwise). ``kind`` is the physio's, else ``rupture`` after a rupture red
flag. A physio's record can clear a suspected rupture (``not_a_rupture``) or clear the athlete to
run from a date (``cleared_to_run``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from service.training.episode_records import EpisodeKind, EpisodeRecord
from service.training.symptoms import (
    PAIN_FIELDS,
    AnyCheckin,
    Onset,
    RedFlag,
    RedFlagReport,
    Region,
)

__all__ = [
    "CLOSING_CHECKINS",
    "QUIET_DAYS",
    "Episode",
    "EpisodeKind",
    "EpisodeRecord",
    "PainValue",
    "derive_episodes",
    "region_pain_days",
    "rupture_region",
]

QUIET_DAYS = 14
"""Days without pain that close an episode (and that a new one needs before it opens)."""
CLOSING_CHECKINS = 2
"""Pain-free check-ins needed within those days to close an episode."""

RUPTURE_FLAGS = frozenset({RedFlag.SUDDEN_SNAP, RedFlag.CANNOT_PUSH_OFF})
RUPTURE_REGIONS = frozenset({Region.ACHILLES, Region.CALF})
"""A snap or being unable to push off means a possible rupture here, or with no region given."""


@dataclass(frozen=True, slots=True)
class PainValue:
    """The episode's pain value (0–10) on one day: the highest of that day's pain fields."""

    day: dt.date
    value: int


@dataclass(frozen=True)
class Episode:
    """One problem in one region. ``closed`` is the day it closed (None while open);
    ``closed_by_hand`` when a physio or the athlete closed it. ``rupture_reported`` is the day of
    the first rupture red flag in it."""

    region: Region
    opened: dt.date
    closed: dt.date | None
    onset: Onset
    kind: EpisodeKind | None
    pain: tuple[PainValue, ...]
    rupture_reported: dt.date | None = None
    cleared_to_run: dt.date | None = None
    not_a_rupture: bool = False
    closed_by_hand: bool = False

    def covers(self, day: dt.date) -> bool:
        """Whether the episode is open on ``day`` (its closing day included)."""
        return self.opened <= day and (self.closed is None or day <= self.closed)

    @property
    def first_pain(self) -> PainValue | None:
        """The first pain value above 0: where the timers' comparison starts."""
        return next((point for point in self.pain if point.value > 0), None)

    def pain_on_or_before(self, day: dt.date) -> PainValue | None:
        found = None
        for point in self.pain:
            if point.day > day:
                break
            found = point
        return found

    @property
    def rupture_start(self) -> dt.date | None:
        """The first day of a suspected rupture still standing, or None."""
        if self.kind is not EpisodeKind.RUPTURE or self.not_a_rupture:
            return None
        return self.rupture_reported or self.opened

    def rupture_until(self) -> dt.date | None:
        """The first day the rupture no longer holds: cleared to run, or closed by hand."""
        by_hand = self.closed if self.closed_by_hand else None
        known = [day for day in (self.cleared_to_run, by_hand) if day is not None]
        return min(known) if known else None

    def rupture_on(self, day: dt.date) -> bool:
        """Whether a suspected rupture of this episode still stands on ``day``."""
        start = self.rupture_start
        until = self.rupture_until()
        return start is not None and start <= day and (until is None or day < until)


@dataclass
class _Open:
    """An episode being built."""

    region: Region
    opened: dt.date
    onset: Onset
    pain: list[PainValue] = field(default_factory=list)
    kind: EpisodeKind | None = None
    rupture_reported: dt.date | None = None
    cleared_to_run: dt.date | None = None
    not_a_rupture: bool = False
    last_pain_day: dt.date | None = None
    zero_days: list[dt.date] = field(default_factory=list)

    def built(self, closed: dt.date | None, by_hand: bool) -> Episode:
        kind = self.kind
        if kind is None and self.rupture_reported is not None and not self.not_a_rupture:
            kind = EpisodeKind.RUPTURE
        return Episode(
            region=self.region,
            opened=self.opened,
            closed=closed,
            onset=self.onset,
            kind=kind,
            pain=tuple(self.pain),
            rupture_reported=self.rupture_reported,
            cleared_to_run=self.cleared_to_run,
            not_a_rupture=self.not_a_rupture,
            closed_by_hand=by_hand,
        )

    def quiet_close(self, before: dt.date) -> dt.date | None:
        """The first day before ``before`` that ends 14 days without pain holding at least two
        pain-free check-ins, or None."""
        since = self.last_pain_day or self.opened
        candidates = [since + dt.timedelta(days=QUIET_DAYS)]
        candidates += [z for z in self.zero_days if z > candidates[0]]
        for day in candidates:
            if day >= before:
                return None
            window = day - dt.timedelta(days=QUIET_DAYS - 1)
            if sum(window <= z <= day for z in self.zero_days) >= CLOSING_CHECKINS:
                return day
        return None


@dataclass
class _Events:
    """A region's events by day."""

    pain: dict[dt.date, int] = field(default_factory=dict)
    sudden: set[dt.date] = field(default_factory=set)
    ruptures: set[dt.date] = field(default_factory=set)
    flags: set[dt.date] = field(default_factory=set)
    records: list[EpisodeRecord] = field(default_factory=list)

    def days(self) -> list[dt.date]:
        days = set(self.pain) | self.flags | {r.opened for r in self.records}
        days |= {r.closed for r in self.records if r.closed is not None}
        return sorted(days)


def rupture_region(report: RedFlagReport, pain_days: dict[Region, dict[dt.date, int]]) -> Region:
    """The region a rupture red flag is about: its own, or, without one, the Achilles or calf
    (whichever reported pain last in the 14 days up to the report), else the Achilles."""
    if report.region is not None:
        return report.region
    latest: tuple[dt.date, Region] | None = None
    for region in (Region.ACHILLES, Region.CALF):
        for day, value in pain_days.get(region, {}).items():
            recent = report.day - dt.timedelta(days=QUIET_DAYS) < day <= report.day
            if value > 0 and recent and (latest is None or day > latest[0]):
                latest = (day, region)
    return latest[1] if latest else Region.ACHILLES


def region_pain_days(checkins: Iterable[AnyCheckin]) -> dict[Region, dict[dt.date, int]]:
    """Region → day → the day's pain value (highest pain field answered that day, 0 included)."""
    days: dict[Region, dict[dt.date, int]] = defaultdict(dict)
    for checkin in checkins:
        region = getattr(checkin, "region", None)
        if region is None:
            continue
        for name in PAIN_FIELDS:
            value = getattr(checkin, name, None)
            if value is not None:
                days[region][checkin.day] = max(value, days[region].get(checkin.day, 0))
    return days


def _events(
    checkins: Sequence[AnyCheckin], records: Sequence[EpisodeRecord]
) -> dict[Region, _Events]:
    pain_days = region_pain_days(checkins)
    events: dict[Region, _Events] = defaultdict(_Events)
    for painful, days in pain_days.items():
        events[painful].pain.update(days)
    for checkin in checkins:
        region: Region | None = getattr(checkin, "region", None)
        if getattr(checkin, "onset", None) is Onset.SUDDEN and region is not None:
            events[region].sudden.add(checkin.day)
        if not isinstance(checkin, RedFlagReport):
            continue
        if checkin.flags & RUPTURE_FLAGS and (region is None or region in RUPTURE_REGIONS):
            target = rupture_region(checkin, pain_days)
            events[target].ruptures.add(checkin.day)
            events[target].flags.add(checkin.day)
        elif region is not None:
            events[region].flags.add(checkin.day)
        if region is not None and RedFlag.SUDDEN_SNAP in checkin.flags:
            events[region].sudden.add(checkin.day)
    for record in records:
        events[record.region].records.append(record)
    return events


def _apply(record: EpisodeRecord, current: _Open) -> None:
    if record.kind is not None:
        current.kind = record.kind
    if record.cleared_to_run is not None:
        current.cleared_to_run = record.cleared_to_run
    if record.not_a_rupture:
        current.not_a_rupture = True
        if current.kind is EpisodeKind.RUPTURE:
            current.kind = None


def _region_episodes(region: Region, events: _Events, end: dt.date) -> list[Episode]:
    episodes: list[Episode] = []
    current: _Open | None = None
    for day in events.days():
        if day > end:
            break
        if current is not None and (closed := current.quiet_close(day)) is not None:
            episodes.append(current.built(closed, by_hand=False))
            current = None
        opening = [r for r in events.records if r.opened == day]
        value = events.pain.get(day)
        if current is None and (opening or day in events.flags or (value or 0) > 0):
            onset = Onset.SUDDEN if day in events.sudden else Onset.GRADUAL
            current = _Open(region, day, onset)
        if current is None:
            continue
        for record in opening:
            _apply(record, current)
        if day in events.ruptures and current.rupture_reported is None:
            current.rupture_reported = day
        if value is not None:
            current.pain.append(PainValue(day, value))
            if value > 0:
                current.last_pain_day, current.zero_days = day, []
            else:
                current.zero_days.append(day)
        if any(r.closed == day for r in events.records if r.opened <= day):
            episodes.append(current.built(day, by_hand=True))
            current = None
    if current is not None:
        closed = current.quiet_close(end + dt.timedelta(days=1))
        episodes.append(current.built(closed, by_hand=False))
    return episodes


def derive_episodes(
    checkins: Sequence[AnyCheckin], records: Sequence[EpisodeRecord], end: dt.date
) -> tuple[Episode, ...]:
    """Every episode up to ``end``, by region, then opening day."""
    found: list[Episode] = []
    for region, events in sorted(_events(checkins, records).items()):
        found.extend(_region_episodes(region, events, end))
    return tuple(found)
