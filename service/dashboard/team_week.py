"""The team week view: every athlete's weekly running distance side by side, from the roster.

Each row is an athlete of the roster (so the same consent, the same risk order); the columns
are the reader's last eight ISO weeks, the current one unfinished, then the seven days and their
change as the roster shows them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from service.athletes.status import week_starts
from service.dashboard.service import Roster, RosterRow

SORTS: Final = ("risk", "name", "week", "change")


@dataclass(frozen=True)
class TeamWeekRow:
    row: RosterRow
    km: tuple[float | None, ...]
    """Running km of each of the view's weeks (None: no stored day in that week)."""


@dataclass(frozen=True)
class TeamWeek:
    weeks: tuple[date, ...]
    rows: list[TeamWeekRow]
    sort: str


def _descending(value: float | None) -> float:
    return -value if value is not None and math.isfinite(value) else math.inf


def _sorted(rows: Sequence[RosterRow], sort: str) -> list[RosterRow]:
    """``risk``: the roster's own order; else by name, by the seven days' distance or by
    their change (the largest first, athletes without a figure last)."""

    def name(r: RosterRow) -> tuple[str, int]:
        return (r.athlete.display_name.lower(), r.athlete.id)

    if sort == "name":
        return sorted(rows, key=name)
    if sort == "week":
        return sorted(rows, key=lambda r: (_descending(r.week.total), *name(r)))
    if sort == "change":
        return sorted(rows, key=lambda r: (_descending(r.week.change_pct), *name(r)))
    return list(rows)


def team_week(roster: Roster, today: date, sort: str) -> TeamWeek:
    weeks = tuple(week_starts(today))
    sort = sort if sort in SORTS else "risk"
    rows = [
        TeamWeekRow(row, tuple(dict(row.weekly_km).get(monday) for monday in weeks))
        for row in _sorted(roster.rows, sort)
    ]
    return TeamWeek(weeks, rows, sort)
