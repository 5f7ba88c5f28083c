"""The column names of the daily series, in DOMAIN §1.1 order (after ``date``).

The CLI, the API and the exports use these names; they are stable.
"""

from __future__ import annotations

SERIES_COLUMNS: tuple[str, ...] = (
    "load",
    "acute_7d",
    "chronic_28d",
    "chronic_21d",
    "acwr_rolling",
    "acwr_uncoupled",
    "ewma_acute",
    "ewma_chronic",
    "acwr_ewma",
    "ctl",
    "atl",
    "tsb",
    "ramp_7d",
    "monotony_7d",
    "strain_7d",
    "week_change_pct",
    "two_week_change_pct",
    "longest_session_30d",
    "session_spike_pct",
)
