"""Builders for advice-check scenarios (DOMAIN §1.5/§1.6.5 JSON) on realistic weeks.

Day offsets count from DAY0, a Monday; runs start at 08:00 in Amsterdam unless told otherwise.
The scenarios run through :func:`parse_scenario` and :func:`run_scenario`, the same code as
``loadwatch advice check``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from service.findings.scenario import parse_scenario, run_scenario
from service.training.findings import Finding

DAY0 = dt.date(2026, 1, 5)  # a Monday
ZONE = ZoneInfo("Europe/Amsterdam")
WEEK = [0, 6, 0, 8, 0, 12, 6]  # 32 km a week, long run 12 km on Saturday


def day(offset: int) -> dt.date:
    return DAY0 + dt.timedelta(days=offset)


def iso(offset: int) -> str:
    return day(offset).isoformat()


def run(offset: int, km: float | None, *, minutes: float | None = None, **extra: Any) -> dict:
    """A run on day ``offset`` at 6 min/km (``km`` None: no distance, ``minutes`` long)."""
    start = dt.datetime.combine(day(offset), dt.time(8), tzinfo=ZONE)
    record: dict[str, Any] = {
        "start": start.isoformat(),
        "sport": extra.pop("sport", "running"),
        "duration_s": (minutes if minutes is not None else (km or 0) * 6) * 60,
    }
    if km is not None:
        record["distance_m"] = km * 1000
    return record | extra


def weeks_of(pattern: Sequence[float], weeks: int, first: int = 0) -> list[dict]:
    """``pattern`` (km per weekday, 0 = rest) repeated ``weeks`` times from day ``first``."""
    kms = list(pattern) * weeks
    return [run(first + offset, km) for offset, km in enumerate(kms) if km]


def checkin(offset: int, region: str | None = None, **answers: Any) -> dict:
    record: dict[str, Any] = {"date": iso(offset), **answers}
    if region is not None:
        record["region"] = region
    return record


def scenario(
    activities: list[dict],
    checkins: list[dict] = (),  # type: ignore[assignment]
    *,
    start: int,
    end: int,
    **top: Any,
) -> dict[str, Any]:
    athlete = {"timezone": "Europe/Amsterdam", "flags": top.pop("flags", [])}
    return {
        "athlete": athlete,
        "activities": activities,
        "checkins": list(checkins),
        "evaluate": {"from": iso(start), "to": iso(end)},
        **top,
    }


def findings(data: dict[str, Any]) -> list[Finding]:
    return run_scenario(parse_scenario(data))


def rules(found: list[Finding]) -> list[tuple[str, str, int, str | None]]:
    """(rule, severity, day offset, region) of each finding."""
    return [
        (f.rule, f.severity.value, (f.date - DAY0).days, f.region.value if f.region else None)
        for f in found
    ]
