"""What the check-in page shows besides its forms: the regions with a problem, the recent runs a
post-run check-in belongs to, the check-ins of the last weeks, and a stored day's answers for
correcting it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from service.activities.queries import list_activities
from service.dashboard.checkin_form import NUMBERS, OSTRC, REGIONS, VISA, name
from service.dashboard.form_data import Fields
from service.models import Checkin
from service.training.measures import RUNNING_SPORTS

ACTIVE_REGION_DAYS = 42
"""A region with a check-in in the last six weeks keeps its own block on the forms."""
RECENT_RUN_DAYS = 7
HISTORY_DAYS = 28


@dataclass(frozen=True)
class RunChoice:
    """A recent run a post-run check-in can belong to; check-ins are kept per day."""

    day: date
    km: float | None
    minutes: float


def recent_runs(session: Session, athlete_id: int, today: date) -> list[RunChoice]:
    """The runs of the last seven days, newest first."""
    start = today - timedelta(days=RECENT_RUN_DAYS)
    runs = [
        RunChoice(
            a.local_date,
            a.distance_m / 1000 if a.distance_m is not None else None,
            (a.moving_s or a.duration_s) / 60,
        )
        for a in list_activities(session, athlete_id, start, today)
        if a.sport in RUNNING_SPORTS
    ]
    return runs[::-1]


def active_regions(checkins: Sequence[Checkin], today: date) -> list[str]:
    """Regions with a check-in in the last six weeks, in the order of the region list."""
    since = today - timedelta(days=ACTIVE_REGION_DAYS)
    used = {row.region for row in checkins if row.region and row.day >= since}
    return [region for region in REGIONS if region in used]


def stored_answers(checkins: Sequence[Checkin], kind: str, day: date) -> Fields:
    """The answers stored for ``day`` in the form's field names, to correct them."""
    values: dict[str, list[str]] = {"date": [day.isoformat()]}
    for row in checkins:
        if kind == "daily" and row.day == day and row.kind == "illness" and row.feeling_ill:
            values["feeling_ill"] = ["1"]
        if row.day != day or row.kind != kind:
            continue
        if row.onset and row.region:
            values[name("onset", row.region)] = [row.onset]
        if kind == "red_flag":
            values["red_flags"] = list(row.red_flags)
            values["region"] = [row.region]
            continue
        for answer in NUMBERS.get(kind, ()):
            value = getattr(row, answer)
            if value is not None:
                values[name(answer, row.region)] = [_shown(value)]
        values |= _questionnaires(row)
    return Fields(values)


def _questionnaires(row: Checkin) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    if row.ostrc is not None:
        for question, answer in zip(OSTRC, row.ostrc, strict=True):
            if answer is not None:
                values[name(question, row.region)] = [str(answer)]
    if row.visa_a_items is not None:
        for item in VISA:
            values[name(item, row.region)] = [str(row.visa_a_items[item.removeprefix("visa_")])]
    return values


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def regions_of_day(checkins: Sequence[Checkin], kind: str, day: date) -> list[str]:
    return [row.region for row in checkins if row.day == day and row.kind == kind and row.region]
