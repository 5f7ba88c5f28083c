"""The window columns of the daily series (DOMAIN §1.1), for one block of athletes.

Arrays are time-major: ``CONTEXT_DAYS`` rows of context (the days before the block), then one
row per day of the block. Every 7-day sum comes from one tree-shaped pass
(:func:`~service.training.windows.trailing_sum7`) read at lags 0, 7, 14 and 21; the 14-, 21- and
28-day sums are sums of those, so ``chronic_28d``'s window sum is ``acute + uncoupled`` and can
never fall below the acute sum (which keeps ``acwr_rolling`` ≤ 4 exactly, not just up to rounding).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.training.windows import ending, trailing_max30, trailing_sum7

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
CountArray = npt.NDArray[np.uint8]

CONTEXT_DAYS = 30  # longest look-back: longest_session_30d reads days t−30 .. t−1

# One-pass variance (Σx² − (Σx)²/7)/7 loses digits when the spread is tiny next to the level; where
# the variance is below this share of the mean square, monotony is recomputed from the 7 values.
MONOTONY_RECHECK = 1e-3


@dataclass(frozen=True)
class WindowInputs:
    """One block of athletes: loads (0 on missing days), missing-day mask, largest session of the
    day (NaN if none), all ``(CONTEXT_DAYS + days, athletes)``, and days of history before it."""

    loads: FloatArray
    missing: BoolArray
    top_session: FloatArray
    days_before: npt.NDArray[np.int64]

    @property
    def n_days(self) -> int:
        return int(self.loads.shape[0]) - CONTEXT_DAYS


@dataclass(frozen=True)
class SevenDaySums:
    """7-day load sums and missing-day counts ending on each block day, read at a lag."""

    sums: FloatArray
    misses: CountArray
    n_days: int

    def total(self, lag: int = 0) -> FloatArray:
        return ending(self.sums, 7, CONTEXT_DAYS, self.n_days, lag)

    def missing(self, lag: int = 0) -> CountArray:
        return ending(self.misses, 7, CONTEXT_DAYS, self.n_days, lag)


def short_history(inputs: WindowInputs, min_days: int) -> BoolArray | None:
    """True on block days with fewer than ``min_days`` days of history; None if there are none.

    Day ``r`` of the block (0-based) has ``days_before + r + 1`` days of history.
    """
    first_full = min_days - 1 - inputs.days_before
    if first_full.max(initial=0) <= 0:
        return None
    return np.arange(inputs.n_days)[:, None] < first_full[None, :]


def undefine(column: FloatArray, *masks: BoolArray | None) -> None:
    """Set ``column`` to NaN (undefined) wherever any of ``masks`` is true."""
    for mask in masks:
        if mask is not None:
            np.copyto(column, np.nan, where=mask)


def rolling_means(inputs: WindowInputs, week: SevenDaySums, cols: dict[str, FloatArray]) -> None:
    """acute_7d, chronic_28d, chronic_21d (means over observed days) and the two rolling ACWRs."""
    acute_sum, uncoupled_sum = week.total(0), (week.total(7) + week.total(14)) + week.total(21)
    acute_missing = week.missing(0)
    chronic_missing = (acute_missing + week.missing(7)) + (week.missing(14) + week.missing(21))
    np.divide(acute_sum, 7 - acute_missing, out=cols["acute_7d"])
    np.divide(acute_sum + uncoupled_sum, 28 - chronic_missing, out=cols["chronic_28d"])
    np.divide(uncoupled_sum, 21 - (chronic_missing - acute_missing), out=cols["chronic_21d"])
    undefine(cols["acute_7d"], short_history(inputs, 7), acute_missing > 1)
    chronic_gap = chronic_missing > 3
    short28 = short_history(inputs, 28)
    undefine(cols["chronic_28d"], short28, chronic_gap)
    undefine(cols["chronic_21d"], short28, chronic_gap)
    np.divide(cols["acute_7d"], cols["chronic_28d"], out=cols["acwr_rolling"])
    undefine(cols["acwr_rolling"], cols["chronic_28d"] == 0)
    np.divide(cols["acute_7d"], cols["chronic_21d"], out=cols["acwr_uncoupled"])
    undefine(cols["acwr_uncoupled"], cols["chronic_21d"] == 0)


def load_changes(inputs: WindowInputs, week: SevenDaySums, cols: dict[str, FloatArray]) -> None:
    """week_change_pct (7 d vs the 7 before) and two_week_change_pct (14 d vs the 14 before)."""
    this_week, last_week = week.total(0), week.total(7)
    np.subtract(this_week, last_week, out=cols["week_change_pct"])
    cols["week_change_pct"] /= last_week
    cols["week_change_pct"] *= 100.0
    fortnight_missing = week.missing(0) + week.missing(7)
    undefine(
        cols["week_change_pct"], short_history(inputs, 14), fortnight_missing > 0, last_week == 0
    )
    earlier = week.total(14) + week.total(21)
    np.subtract(this_week + last_week, earlier, out=cols["two_week_change_pct"])
    cols["two_week_change_pct"] /= earlier
    cols["two_week_change_pct"] *= 100.0
    month_missing = fortnight_missing + (week.missing(14) + week.missing(21))
    undefine(
        cols["two_week_change_pct"], short_history(inputs, 28), month_missing > 0, earlier == 0
    )


def exact_monotony(
    loads: FloatArray, rows: npt.NDArray[np.intp], athletes: npt.NDArray[np.intp]
) -> FloatArray:
    """Monotony from the 7 values ending at each (row, athlete): mean / population SD, two-pass.

    The SD is exactly 0 when the 7 values are equal, so such a week gives ``inf`` (mean > 0).
    """
    values = np.stack([loads[rows - lag, athletes] for lag in range(6, -1, -1)])
    mean = values.sum(axis=0) / 7.0
    deviations = values - mean
    variance = (deviations * deviations).sum(axis=0) / 7.0
    variance[values.max(axis=0) == values.min(axis=0)] = 0.0
    result: FloatArray = mean / np.sqrt(variance)
    return result


def monotony_strain(inputs: WindowInputs, week: SevenDaySums, cols: dict[str, FloatArray]) -> None:
    """Foster monotony (mean / population SD of the last 7 days) and strain (7-day sum × it)."""
    total = week.total(0)
    squares = ending(trailing_sum7(inputs.loads * inputs.loads), 7, CONTEXT_DAYS, inputs.n_days)
    mean = total / 7.0
    variance = (squares - total * mean) / 7.0
    monotony = cols["monotony_7d"]
    np.divide(mean, np.sqrt(variance), out=monotony)
    undefined = week.missing(0) > 0
    undefined |= total == 0
    history = short_history(inputs, 7)
    if history is not None:
        undefined |= history
    recheck = variance <= MONOTONY_RECHECK * (squares / 7.0)
    recheck &= ~undefined
    rows, athletes = np.nonzero(recheck)
    monotony[rows, athletes] = exact_monotony(inputs.loads, rows + CONTEXT_DAYS, athletes)
    undefine(monotony, undefined)
    np.multiply(total, monotony, out=cols["strain_7d"])


def session_spikes(inputs: WindowInputs, cols: dict[str, FloatArray]) -> None:
    """longest_session_30d (days t−30 .. t−1) and session_spike_pct (the day's largest session)."""
    longest = cols["longest_session_30d"]
    longest[...] = ending(trailing_max30(inputs.top_session), 30, CONTEXT_DAYS, inputs.n_days, 1)
    today = inputs.top_session[CONTEXT_DAYS:]
    spike = cols["session_spike_pct"]
    np.divide(today, longest, out=spike)
    spike -= 1.0
    spike *= 100.0
    undefine(spike, longest == 0)


def window_columns(inputs: WindowInputs, cols: dict[str, FloatArray]) -> None:
    """Fill the window columns of ``cols`` (block days × athletes) and acwr_ewma.

    The EWMA, CTL, ATL, TSB and ramp columns must already hold their values.
    """
    week = SevenDaySums(
        sums=trailing_sum7(inputs.loads),
        misses=trailing_sum7(inputs.missing.view(np.uint8)),
        n_days=inputs.n_days,
    )
    rolling_means(inputs, week, cols)
    load_changes(inputs, week, cols)
    monotony_strain(inputs, week, cols)
    session_spikes(inputs, cols)
    np.divide(cols["ewma_acute"], cols["ewma_chronic"], out=cols["acwr_ewma"])
    undefine(cols["acwr_ewma"], short_history(inputs, 28), cols["ewma_chronic"] == 0)
