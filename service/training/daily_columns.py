"""The window columns of the daily series (DOMAIN §1.1), for one block of athletes.

Arrays are time-major: ``CONTEXT_DAYS`` rows of context (the days before the block), then one
row per day of the block. Every 7-day sum comes from one tree-shaped pass
(:func:`~service.training.windows.trailing_sum7`) read at lags 0, 7, 14 and 21; the 14-, 21- and
28-day sums are sums of those, so ``chronic_28d``'s window sum is ``acute + uncoupled`` and can
never fall below the acute sum (which keeps ``acwr_rolling`` ≤ 4 exactly, not just up to rounding).

Two kinds of sums serve the two kinds of missing-day rule: sums over the loads with missing days
as 0 (plus a count of missing days) for the means, which tolerate a few; and sums over the loads
with missing days as NaN, which turn NaN by themselves when any day of the window is missing, for
monotony, strain and the week-on-week changes, which tolerate none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from service.training.windows import ending, max30_ending, sum7_ending, trailing_sum7

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
CountArray = npt.NDArray[np.uint8]

CONTEXT_DAYS = 30  # longest look-back: longest_session_30d reads days t−30 .. t−1

# One-pass variance (Σx² − (Σx)²/7)/7 loses digits when the spread is tiny next to the level; where
# the variance is below this share of the mean square, monotony is recomputed from the 7 values.
MONOTONY_RECHECK = 1e-3

# The columns window_columns computes (it also applies the warm-up rule to acwr_ewma).
WINDOW_COLUMNS = (
    "acute_7d",
    "chronic_28d",
    "chronic_21d",
    "acwr_rolling",
    "acwr_uncoupled",
    "monotony_7d",
    "strain_7d",
    "week_change_pct",
    "two_week_change_pct",
    "longest_session_30d",
    "session_spike_pct",
)

SHORT_BLOCK_DAYS = 8  # below this many days, compute only the windows that are read


@dataclass(frozen=True)
class WindowInputs:
    """One block of athletes, all ``(CONTEXT_DAYS + days, athletes)``: the daily loads (NaN on
    missing days), the missing-day mask, the day's largest session (NaN if none); and the days of
    history before the block, per athlete."""

    loads: FloatArray
    missing: BoolArray
    top_session: FloatArray
    days_before: npt.NDArray[np.int64]

    @property
    def n_days(self) -> int:
        return int(self.loads.shape[0]) - CONTEXT_DAYS

    @cached_property
    def filled(self) -> FloatArray:
        """The loads with 0 on missing days (``fmax`` ignores NaN)."""
        return np.fmax(self.loads, 0.0)


@dataclass(frozen=True)
class Sums7[Number: (np.float64, np.uint8)]:
    """7-day sums of ``values`` ending on each block day, read at a lag.

    A long block computes all windows at once (:func:`trailing_sum7`); a short one (a daily
    update) only the windows it reads (:func:`sum7_ending`). Both give the same bits.
    """

    values: npt.NDArray[Number]
    n_days: int

    @cached_property
    def all_windows(self) -> npt.NDArray[Number]:
        return trailing_sum7(self.values)

    def at(self, lag: int = 0) -> npt.NDArray[Number]:
        if self.n_days < SHORT_BLOCK_DAYS:
            return sum7_ending(self.values, CONTEXT_DAYS, self.n_days, lag)
        return ending(self.all_windows, 7, CONTEXT_DAYS, self.n_days, lag)


@dataclass(frozen=True)
class Windows:
    """7-day sums with missing days as 0 (``total``), as NaN (``strict``), and the count of
    missing days (``missing``)."""

    totals: Sums7[np.float64]
    stricts: Sums7[np.float64]
    misses: Sums7[np.uint8]

    @classmethod
    def of(cls, inputs: WindowInputs) -> Windows:
        return cls(
            totals=Sums7(inputs.filled, inputs.n_days),
            stricts=Sums7(inputs.loads, inputs.n_days),
            misses=Sums7(inputs.missing.view(np.uint8), inputs.n_days),
        )

    def total(self, lag: int = 0) -> FloatArray:
        return self.totals.at(lag)

    def strict(self, lag: int = 0) -> FloatArray:
        return self.stricts.at(lag)

    def missing(self, lag: int = 0) -> CountArray:
        return self.misses.at(lag)


def undefine(column: FloatArray, mask: BoolArray) -> None:
    """Set ``column`` to NaN (undefined) wherever ``mask`` is true."""
    np.copyto(column, np.nan, where=mask)


def undefine_short(column: FloatArray, inputs: WindowInputs, min_days: int) -> None:
    """NaN on block days with fewer than ``min_days`` days of history.

    Day ``r`` of the block (0-based) has ``days_before + r + 1`` days of history. When every
    athlete of the block has the same history (a full recompute) this is a slice of rows.
    """
    first_full = np.clip(min_days - 1 - inputs.days_before, 0, inputs.n_days)
    if first_full.size == 0 or first_full.max() == 0:
        return
    if first_full.min() == first_full.max():
        column[: first_full[0]] = np.nan
        return
    undefine(column, np.arange(inputs.n_days)[:, None] < first_full[None, :])


def rolling_means(inputs: WindowInputs, week: Windows, cols: dict[str, FloatArray]) -> None:
    """acute_7d, chronic_28d, chronic_21d (means over observed days) and the two rolling ACWRs."""
    acute_sum, uncoupled_sum = week.total(0), (week.total(7) + week.total(14)) + week.total(21)
    acute_missing = week.missing(0)
    chronic_missing = (acute_missing + week.missing(7)) + (week.missing(14) + week.missing(21))
    acute, chronic, uncoupled = cols["acute_7d"], cols["chronic_28d"], cols["chronic_21d"]
    np.divide(acute_sum, 7 - acute_missing, out=acute)
    np.divide(acute_sum + uncoupled_sum, 28 - chronic_missing, out=chronic)
    np.divide(uncoupled_sum, 21 - (chronic_missing - acute_missing), out=uncoupled)
    undefine(acute, acute_missing > 1)
    undefine_short(acute, inputs, 7)
    chronic_gap = chronic_missing > 3
    for column in (chronic, uncoupled):
        undefine(column, chronic_gap)
        undefine_short(column, inputs, 28)
    # chronic = 0 only when its window sum, acute sum + uncoupled sum (all >= 0), is 0, so the acute
    # mean is 0 too and the ratio is already NaN (0 / 0): no mask needed.
    np.divide(acute, chronic, out=cols["acwr_rolling"])
    np.divide(acute, uncoupled, out=cols["acwr_uncoupled"])
    undefine(cols["acwr_uncoupled"], uncoupled == 0)


def percent_change(recent: FloatArray, earlier: FloatArray, out: FloatArray) -> None:
    """(recent − earlier) / earlier × 100, undefined where ``earlier`` is 0."""
    np.subtract(recent, earlier, out=out)
    out /= earlier
    out *= 100.0
    undefine(out, earlier == 0)


def load_changes(inputs: WindowInputs, week: Windows, cols: dict[str, FloatArray]) -> None:
    """week_change_pct (7 d vs the 7 before) and two_week_change_pct (14 d vs the 14 before);
    NaN through the strict sums when any day of the windows is missing."""
    this_week, last_week = week.strict(0), week.strict(7)
    percent_change(this_week, last_week, cols["week_change_pct"])
    undefine_short(cols["week_change_pct"], inputs, 14)
    earlier = week.strict(14) + week.strict(21)
    percent_change(this_week + last_week, earlier, cols["two_week_change_pct"])
    undefine_short(cols["two_week_change_pct"], inputs, 28)


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


def monotony_strain(inputs: WindowInputs, week: Windows, cols: dict[str, FloatArray]) -> None:
    """Foster monotony (mean / population SD of the last 7 days) and strain (7-day sum × it).

    Undefined when a day is missing (strict sums) and when all 7 days are 0 (0 / 0); ``inf`` when
    the 7 values are equal and positive.
    """
    total = week.strict(0)
    squares = Sums7(inputs.loads * inputs.loads, inputs.n_days).at(0)
    mean = total / 7.0
    spread = squares - total * mean  # 7 × variance
    recheck = spread < MONOTONY_RECHECK * squares
    spread /= 7.0
    monotony = cols["monotony_7d"]
    np.divide(mean, np.sqrt(spread), out=monotony)
    if recheck.any():
        rows, athletes = np.nonzero(recheck)
        monotony[rows, athletes] = exact_monotony(inputs.loads, rows + CONTEXT_DAYS, athletes)
    undefine_short(monotony, inputs, 7)
    np.multiply(total, monotony, out=cols["strain_7d"])


def session_spikes(inputs: WindowInputs, cols: dict[str, FloatArray]) -> None:
    """longest_session_30d (days t−30 .. t−1) and session_spike_pct (the day's largest session)."""
    longest = cols["longest_session_30d"]
    max30_ending(inputs.top_session, CONTEXT_DAYS, inputs.n_days, out=longest)
    today = inputs.top_session[CONTEXT_DAYS:]
    spike = cols["session_spike_pct"]
    np.divide(today, longest, out=spike)
    spike -= 1.0
    spike *= 100.0
    undefine(spike, longest == 0)


def window_columns(inputs: WindowInputs, cols: dict[str, FloatArray]) -> None:
    """Fill the window columns of ``cols`` (block days × athletes); undefine acwr_ewma in warm-up.

    The EWMA, CTL, ATL, TSB and ramp columns must already hold their values.
    """
    week = Windows.of(inputs)
    rolling_means(inputs, week, cols)
    load_changes(inputs, week, cols)
    monotony_strain(inputs, week, cols)
    session_spikes(inputs, cols)
    undefine_short(cols["acwr_ewma"], inputs, 28)
