"""Numbers and dates as a language writes them (``12,5`` in Dutch, ``12.5`` in English)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache, partial

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import NumberPattern, parse_pattern

from service.clock import zone

MISSING = "–"


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def number(value: float | None, locale: str, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals and the locale's separators; a dash when undefined."""
    if value is None or not _finite(value):
        return MISSING
    return _decimal(value, "#,##0" + ("." + "0" * digits if digits > 0 else ""), locale)


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


@lru_cache(maxsize=16)
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


def _decimal(value: float | Decimal, pattern: str, locale: str) -> str:
    """babel's ``format_decimal`` with its pattern and locale parsed once (a page formats
    hundreds of numbers)."""
    formatted: str = _pattern(pattern).apply(value, _locale(locale))
    return formatted


def signed_percent(value: float | None, locale: str) -> str:
    """A change in percent with its sign, e.g. ``+12 %`` / ``-4 %``; a dash when undefined."""
    if value is None or not _finite(value):
        return MISSING
    rounded = round(value)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "±")
    return f"{sign}{_decimal(abs(rounded), '#,##0', locale)} %"


def day(value: date | None, locale: str, style: str = "medium") -> str:
    """A calendar day: ``medium`` is ``2 Mar 2026`` / ``2 mrt 2026``; ``short_day`` has no year."""
    if value is None:
        return MISSING
    if style == "short_day":
        return format_date(value, format="EEE d MMM", locale=locale)
    return format_date(value, format=style, locale=locale)


def long_day(value: date | None, locale: str, today: date | None = None) -> str:
    """A day with its weekday, ``Saturday 5 December`` / ``zaterdag 5 december``; the year is
    added when it is not the year of ``today``."""
    if value is None:
        return MISSING
    same_year = today is not None and today.year == value.year
    return format_date(value, format="EEEE d MMMM" if same_year else "EEEE d MMMM y", locale=locale)


def moment(value: datetime | None, locale: str, timezone: str = "UTC") -> str:
    """A point in time to the minute in ``timezone`` (the reader's): ``2 mrt 2026, 14:05``."""
    if value is None:
        return MISSING
    local = zone(timezone)
    when = format_skeleton("yMMMd", value, tzinfo=local, locale=locale)
    return f"{when}, {format_skeleton('Hm', value, tzinfo=local, locale=locale)}"


def moment_span(first: datetime, last: datetime, locale: str, timezone: str = "UTC") -> str:
    """From ``first`` to ``last`` to the minute: ``2 mrt 2026, 14:05–14:20``; the day again
    only when it changed; one moment when both fall in the same minute."""
    start, end = moment(first, locale, timezone), moment(last, locale, timezone)
    if start == end:
        return start
    local = zone(timezone)
    if first.astimezone(local).date() == last.astimezone(local).date():
        return f"{start}–{format_skeleton('Hm', last, tzinfo=local, locale=locale)}"
    return f"{start} – {end}"


def filters(locale: str) -> dict[str, Callable[..., str]]:
    """Jinja filters bound to one locale: ``{{ km | number }}``, ``{{ d | day }}``."""
    return {
        "number": partial(_number_filter, locale=locale),
        "signed_percent": partial(signed_percent, locale=locale),
        "day": partial(_day_filter, locale=locale),
        "long_day": partial(_long_day_filter, locale=locale),
        "moment": partial(_moment_filter, locale=locale),
        "moment_span": partial(_moment_span_filter, locale=locale),
    }


def _number_filter(value: float | None, digits: int = 1, *, locale: str) -> str:
    return number(value, locale, digits)


def _day_filter(value: date | None, style: str = "medium", *, locale: str) -> str:
    return day(value, locale, style)


def _long_day_filter(value: date | None, today: date | None = None, *, locale: str) -> str:
    return long_day(value, locale, today)


def _moment_filter(value: datetime | None, timezone: str = "UTC", *, locale: str) -> str:
    return moment(value, locale, timezone)


def _moment_span_filter(
    first: datetime, last: datetime, timezone: str = "UTC", *, locale: str
) -> str:
    return moment_span(first, last, locale, timezone)
