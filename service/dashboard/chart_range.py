"""Which days the athlete view's charts show: a period (6 weeks, 3 months, a season) or a free
range of two dates, always from a Monday so the weekly chart has whole calendar weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from service.dashboard.i18n import N_

Period = Literal["6w", "3m", "season"]
DEFAULT_PERIOD: Final[Period] = "6w"
PERIOD_WEEKS: Final[dict[Period, int]] = {"6w": 6, "3m": 13, "season": 52}
PERIOD_LABELS: Final[dict[Period, str]] = {
    "6w": N_("6 weeks"),
    "3m": N_("3 months"),
    "season": N_("Season (12 months)"),
}
LONGEST_DAYS: Final = 3 * 365 - 7
"""A free range reaches back at most about three years (within the metrics API's limit, once
its start has moved back to a Monday)."""


@dataclass(frozen=True)
class ChartRange:
    start: date
    end: date
    period: Period | None  # None for a free range that matches no period
    reversed: bool = False  # the reader gave a start after the end: the default is shown


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def period_range(today: date, period: Period) -> ChartRange:
    """The period's whole weeks up to ``today``, this (unfinished) week included."""
    start = monday(today) - timedelta(weeks=PERIOD_WEEKS[period] - 1)
    return ChartRange(start, today, period)


def chart_range(
    today: date,
    period: Period | None = None,
    start: date | None = None,
    end: date | None = None,
    days: int | None = None,
) -> ChartRange:
    """The days to chart. A free range (``start``/``end``, either may be left out) ends at
    ``today`` at the latest and starts on the Monday of its first day; ``days`` is the older
    form "the last N days". A free range equal to a period's days is that period."""
    if start is None and end is None and days is None:
        return period_range(today, period or DEFAULT_PERIOD)
    last = min(end or today, today)
    if days is not None and start is None:
        start = last - timedelta(days=days - 1)
    first = start or last - timedelta(weeks=PERIOD_WEEKS[DEFAULT_PERIOD])
    if first > last:
        return ChartRange(*_dates(period_range(today, DEFAULT_PERIOD)), DEFAULT_PERIOD, True)
    first = monday(max(first, last - timedelta(days=LONGEST_DAYS)))
    matching = [p for p in PERIOD_WEEKS if _dates(period_range(today, p)) == (first, last)]
    return ChartRange(first, last, matching[0] if matching else None)


def _dates(shown: ChartRange) -> tuple[date, date]:
    return shown.start, shown.end
