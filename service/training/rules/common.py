"""Small helpers the rule families share: thresholds, building a finding, window sums, pauses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import overload

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from service.training.findings import Finding, LocalizedText, Severity, rounded_values
from service.training.symptoms import Region

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


TOLERANCE = 1e-9
"""Relative slack on every threshold: sums of decimal kilometres carry float noise (72.8 km over
56 km is 30.000000000000004 %), and noise must not decide whether a rule fires."""


def _slack(limit: float) -> float:
    return TOLERANCE * max(1.0, abs(limit))


@overload
def above(value: FloatArray, limit: float) -> BoolArray: ...
@overload
def above(value: float, limit: float) -> bool: ...
def above(value: FloatArray | float, limit: float) -> BoolArray | bool:
    """``value > limit`` beyond float noise (elementwise for arrays; NaN is never above)."""
    if not isinstance(value, np.ndarray):
        return bool(value > limit + _slack(limit))
    with np.errstate(invalid="ignore"):
        result = np.greater(value, limit + _slack(limit))
    return result if isinstance(result, np.ndarray) else bool(result)


@overload
def at_least(value: FloatArray, limit: float) -> BoolArray: ...
@overload
def at_least(value: float, limit: float) -> bool: ...
def at_least(value: FloatArray | float, limit: float) -> BoolArray | bool:
    """``value >= limit`` up to float noise (elementwise for arrays; NaN never is)."""
    if not isinstance(value, np.ndarray):
        return bool(value >= limit - _slack(limit))
    with np.errstate(invalid="ignore"):
        result = np.greater_equal(value, limit - _slack(limit))
    return result if isinstance(result, np.ndarray) else bool(result)


def make_finding(
    rule: str,
    severity: Severity,
    day: dt.date,
    message: LocalizedText,
    source: str,
    values: Mapping[str, float | int | None],
    region: Region | None = None,
) -> Finding:
    """A finding that opens its own cooldown window: its period key is its date."""
    return Finding(
        rule=rule,
        severity=severity,
        date=day,
        region=region,
        values=rounded_values(values),
        message=message,
        source=source,
        period_key=day.isoformat(),
    )


def window_sum(load: FloatArray, width: int, lag: int = 0) -> FloatArray:
    """Σ load over days t−lag−width+1 .. t−lag for each day t; NaN if any day is missing or
    the window reaches before the first day. Each window is summed directly (no running sums),
    so a total compares exactly with a threshold.
    """
    out = np.full(load.shape[0], np.nan)
    if load.shape[0] < width + lag:
        return out
    sums = sliding_window_view(load, width).sum(axis=1)
    out[width - 1 + lag :] = sums[: sums.shape[0] - lag]
    return out


def runs_after_pause(
    first_day: dt.date | None, run_days: Iterable[dt.date], minimum_days: int
) -> list[tuple[dt.date, int]]:
    """(run day, days without running before it) for every run after ≥ ``minimum_days`` days
    without running. Days before ``first_day`` are unknown, so a run counts as following a pause
    from the start of the history only when the history holds that many days before it.
    """
    if first_day is None:
        return []
    found = []
    previous = first_day - dt.timedelta(days=1)
    for run_day in sorted(run_days):
        days_without = (run_day - previous).days - 1
        if days_without >= minimum_days:
            found.append((run_day, days_without))
        previous = run_day
    return found
