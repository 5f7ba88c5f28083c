"""The roster's table rows, each rendered once for what it shows and kept in a bounded cache.

A roster of fifty athletes draws fifty rows with two trend lines each; rendering them is most of
the page's cost, yet between two views of a coach almost no row changes. A row's markup is kept
under a key made of everything it shows: the reader (their id, language, time zone and local
today, which words like "yesterday" depend on) and the row's figures as :class:`RowShown`,
built from the data read for this very request. The row template sees nothing but the key, so
a kept row is exactly what rendering it again would give: a new finding, a check-in, a finding
marked as seen, a change in sharing, another language or a new day makes another key, and one
coach's row is never served to another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from markupsafe import Markup

from service.athletes.status_cache import Kept
from service.dashboard.page import Page
from service.dashboard.render import environment
from service.dashboard.service import RosterRow, RowShown

ROW_TEMPLATE: Final = "staff/_roster_row.html"
KEPT_ROWS: Final = 4096
"""About 12 MB at most: 80 coaches of fifty athletes in two languages."""


@dataclass(frozen=True)
class RowReader:
    """What a row depends on of the reader; handed to the row template as its ``page``."""

    reader_id: int
    locale: str
    timezone: str
    today: date


KEPT: Final = Kept[tuple[RowReader, RowShown], str](KEPT_ROWS)


def reader_of(page: Page) -> RowReader:
    return RowReader(page.reader.id, page.locale, page.timezone, page.today)


def roster_rows(page: Page, rows: Sequence[RosterRow]) -> Markup:
    """The ``<tr>`` of each row in order: kept markup where the key is known, else rendered
    (and kept)."""
    reader = reader_of(page)
    template = environment(page.locale).get_template(ROW_TEMPLATE)
    parts = []
    for row in rows:
        shown = row.shown
        key = (reader, shown)
        html = KEPT.get(key)
        if html is None:
            html = template.render(page=reader, row=shown)
            KEPT.put(key, html)
        parts.append(html)
    # Each part is a whole rendered template (autoescaped), joined unchanged.
    return Markup("\n".join(parts))  # noqa: S704  # nosec B704: rendered, autoescaped templates
