"""The training calendar of one month: ISO weeks as rows (Monday to Sunday), each day with its
activities, check-ins and warnings, and each week's running kilometres at the row's end.

Days are the athlete's local calendar days as stored with each activity (the day it counts on in
the series, DOMAIN §1.6.1), so a change of daylight-saving time moves no activity and every week
has seven days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from service.errors import Unprocessable
from service.integrations.base import RUNNING_SPORTS
from service.models import Activity, Checkin, Finding

FIRST_YEAR, LAST_YEAR = 1970, 2100


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    activities: list[Activity] = field(default_factory=list)
    checkins: list[Checkin] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    past: bool = True  # today or before: a day without activities was a rest day

    @property
    def rest(self) -> bool:
        return self.past and not self.activities


@dataclass
class CalendarWeek:
    days: list[CalendarDay]

    @property
    def iso_week(self) -> int:
        return self.days[0].day.isocalendar().week

    @property
    def running_km(self) -> float:
        return sum(
            (a.distance_m or 0) / 1000
            for d in self.days
            for a in d.activities
            if a.sport in RUNNING_SPORTS
        )


@dataclass(frozen=True)
class Calendar:
    month: date  # the first of the month
    weeks: list[CalendarWeek]

    @property
    def first(self) -> date:
        return self.weeks[0].days[0].day

    @property
    def last(self) -> date:
        return self.weeks[-1].days[-1].day

    @property
    def previous_month(self) -> date:
        return (self.month - timedelta(days=1)).replace(day=1)

    @property
    def next_month(self) -> date:
        return (self.month + timedelta(days=31)).replace(day=1)


def parse_month(text: str | None, today: date) -> date:
    """``YYYY-MM`` as the first day of that month; the month of ``today`` when empty."""
    if not text:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in text.split("-"))
        first = date(year, month, 1)
    except ValueError:
        raise Unprocessable("invalid_month", "a month is YYYY-MM") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Unprocessable("invalid_month", f"a month from {FIRST_YEAR} to {LAST_YEAR}")
    return first


def month_days(month: date) -> tuple[date, date]:
    """The Monday on or before the month's first day and the Sunday on or after its last."""
    first = month.replace(day=1)
    last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def build_calendar(
    month: date,
    today: date,
    activities: Iterable[Activity],
    checkins: Iterable[Checkin],
    findings: Iterable[Finding],
) -> Calendar:
    """The month's weeks, each day holding what happened on it (activities by start)."""
    first, last = month_days(month)
    by_day: dict[date, CalendarDay] = {}
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        by_day[day] = CalendarDay(day, day.month == month.month, past=day <= today)
    for activity in sorted(activities, key=lambda a: (a.start_utc, a.id)):
        if activity.local_date in by_day:
            by_day[activity.local_date].activities.append(activity)
    for day, rows in _by_day(checkins, lambda c: c.day).items():
        if day in by_day:
            by_day[day].checkins.extend(rows)
    for day, found in _by_day(findings, lambda f: f.day).items():
        if day in by_day:
            by_day[day].findings.extend(found)
    days = list(by_day.values())
    weeks = [CalendarWeek(days[start : start + 7]) for start in range(0, len(days), 7)]
    return Calendar(month.replace(day=1), weeks)


def _by_day[T](rows: Iterable[T], day_of: Callable[[T], date]) -> dict[date, list[T]]:
    grouped: dict[date, list[T]] = defaultdict(list)
    for row in rows:
        grouped[day_of(row)].append(row)
    return grouped


def checkin_pain(checkins: Sequence[Checkin]) -> float | None:
    """The highest pain any of a day's check-ins reported (0–10), None when none asked for it."""
    values = [
        value
        for c in checkins
        for value in (c.pain_week, c.morning_pain, c.pain_during, c.pain_after)
        if value is not None
    ]
    return max(values) if values else None
