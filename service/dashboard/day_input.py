"""Days typed into a form, written and read as the page's language writes them.

A browser's own date field shows the day in the format of the browser's language, whatever the
page's: a Dutch page could show 12/08/2026 and leave a runner guessing. The forms use a text
field instead, with the expected format beside it: ``dd-mm-jjjj`` on Dutch pages (``8-12-2026``,
``8/12/2026`` and ``8.12.2026`` are read too), the unambiguous ``yyyy-mm-dd`` on English pages.
Either page also reads ``yyyy-mm-dd``, the form of a day in a link.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

FORMATS: Final = {"en": ("%Y-%m-%d", "yyyy-mm-dd"), "nl": ("%d-%m-%Y", "dd-mm-jjjj")}
"""Per language: how a day is written into a field, and how the field says so."""

ISO: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DUTCH: Final = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")


def _format(locale: str) -> tuple[str, str]:
    return FORMATS.get(locale, FORMATS["en"])


def day_hint(locale: str) -> str:
    """The expected format, as the field says it: ``dd-mm-jjjj``."""
    return _format(locale)[1]


def input_day(value: date | str | None, locale: str) -> str:
    """``value`` as the field shows it: ``08-12-2026`` on a Dutch page; empty for None. Text (a
    day typed before, or one from a link) is shown in that form too when it is a day, else as
    it was typed, so the reader can correct it."""
    if isinstance(value, str):
        day = parse_day(value, locale)
        return value if day is None else input_day(day, locale)
    return value.strftime(_format(locale)[0]) if value is not None else ""


def parse_day(text: str | None, locale: str) -> date | None:
    """The day typed as ``locale`` writes it (or as ``yyyy-mm-dd``); None when it is not one."""
    text = (text or "").strip()
    try:
        if found := ISO.fullmatch(text):
            return date(int(found[1]), int(found[2]), int(found[3]))
        if locale == "nl" and (found := DUTCH.fullmatch(text)):
            return date(int(found[4]), int(found[3]), int(found[1]))
    except ValueError:
        return None
    return None
