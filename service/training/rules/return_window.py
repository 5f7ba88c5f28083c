"""Breaks from running and the return window after them (DOMAIN §1.6.4, Part 2 R15).

A break is at least ``break_days`` (14) days without running. Its return window is the
``window_days`` (28) days from the first run after it. In the window the empty weeks dominate
every ratio, so the volume rules compare with what the athlete ran **before** the break, lowered
by ``discount_per_week_pct`` (10 %) for every whole week of the break (floored at 0): the longest
run of the 30 days before the break, and the mean 7-day distance of the 28 days before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from service.training.rules.common import runs_after_pause
from service.training.rules.inputs import LoadData, RuleInputs

LONGEST_RUN_DAYS = 30
WEEKLY_DAYS = 28


@dataclass(frozen=True, slots=True)
class ReturnWindow:
    """The first run after a break of ``break_days`` days, and the references of the window."""

    first_run: dt.date
    break_days: int
    last_day: dt.date
    discount: float
    pre_break_longest_km: float | None
    pre_break_week_km: float | None

    @property
    def break_weeks(self) -> int:
        return self.break_days // 7

    @property
    def discount_pct(self) -> float:
        return (1 - self.discount) * 100

    def covers(self, day: dt.date) -> bool:
        return self.first_run <= day <= self.last_day

    @property
    def longest_km(self) -> float | None:
        """The pre-break longest run, discounted."""
        known = self.pre_break_longest_km
        return None if known is None else known * self.discount

    @property
    def week_km(self) -> float | None:
        """The pre-break weekly distance, discounted."""
        known = self.pre_break_week_km
        return None if known is None else known * self.discount


def break_returns(inputs: RuleInputs) -> list[tuple[dt.date, int]]:
    """(first run after the break, days without running) for each break of ≥ ``break_days``."""
    minimum = inputs.policy.return_from_break.break_days
    return runs_after_pause(inputs.first_day, inputs.run_days, minimum)


def _before_break(data: LoadData, first_run: dt.date, break_days: int) -> tuple[float | None, ...]:
    """(longest run of the 30 days before the break, mean 7-day km of the 28 days before it)."""
    break_start = data.series.index_of(first_run) - break_days
    longest = data.top_session[max(0, break_start - LONGEST_RUN_DAYS) : max(0, break_start)]
    longest = longest[np.isfinite(longest)]
    loads = data.series.column("load")[max(0, break_start - WEEKLY_DAYS) : max(0, break_start)]
    loads = loads[np.isfinite(loads)]
    return (
        float(longest.max()) if longest.shape[0] else None,
        float(loads.mean() * 7) if loads.shape[0] else None,
    )


def return_windows(inputs: RuleInputs) -> list[ReturnWindow]:
    """Every return window up to the last day evaluated, in date order."""
    data = inputs.loads.get("distance_km")
    if data is None:
        return []
    limits = inputs.policy.return_from_break
    windows = []
    for first_run, break_days in break_returns(inputs):
        longest, week = _before_break(data, first_run, break_days)
        discount = max(0.0, 1 - limits.discount_per_week_pct / 100 * (break_days // 7))
        last_day = first_run + dt.timedelta(days=limits.window_days - 1)
        windows.append(ReturnWindow(first_run, break_days, last_day, discount, longest, week))
    return windows


def window_on(windows: list[ReturnWindow], day: dt.date) -> ReturnWindow | None:
    """The latest return window covering ``day``."""
    return next((w for w in reversed(windows) if w.covers(day)), None)
