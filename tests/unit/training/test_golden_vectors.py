"""DOMAIN Part 2 §8: the worked examples and published vectors that apply to our conventions.

Each case is (loads per day, column, 1-based day, expected to 4 decimals); NaN = undefined.
"""

from __future__ import annotations

import math

import pytest

from tests.unit.training.support import daily, series_of

NAN = math.nan
INF = math.inf

EXAMPLE_A = [0, 10, 0, 10, 0, 20, 0] * 3 + [0, 15, 0, 15, 0, 30, 10]
EXAMPLE_B = [40, 0, 60, 0, 0, 80, 40, 0, 100, 0]
EXAMPLE_C = [100] * 7 + [0] * 3
EXAMPLE_D = [0, 60, 30, 0, 90, 45, 75]
STEP = [50] * 28 + [100] * 7
CRAN_ID1 = [30] * 21 + [50] * 7
CRAN_ID2 = [15, 15, 20, 20, 20, 25, 25, 25, 25, 30, 30, 30, 35, 35, 35, 35, 35, 40, 45, 45, 45]
CRAN_ID2 += [40, 40, 45, 45, 50, 60, 70]
CRAN_ID3 = [55, 50, 40, 60, 45, 50, 50, 20, 30, 80, 25, 10, 30, 15, 20, 15, 5, 5, 15, 5, 5]
CRAN_ID3 += [5, 5, 15, 45, 90, 95, 95]

CASES = [
    # Example A: rolling coupled and uncoupled ACWR, week and two-week change, session spike.
    ("A", EXAMPLE_A, "acute_7d", 28, 10.0),
    ("A", EXAMPLE_A, "chronic_28d", 28, 6.7857),
    ("A", EXAMPLE_A, "chronic_21d", 28, 5.7143),
    ("A", EXAMPLE_A, "acwr_rolling", 28, 1.4737),
    ("A", EXAMPLE_A, "acwr_uncoupled", 28, 1.75),
    ("A", EXAMPLE_A, "acwr_rolling", 27, NAN),
    ("A", EXAMPLE_A, "acwr_uncoupled", 27, NAN),
    ("A", EXAMPLE_A, "week_change_pct", 28, 75.0),
    ("A", EXAMPLE_A, "two_week_change_pct", 28, 37.5),
    ("A", EXAMPLE_A, "longest_session_30d", 27, 20.0),
    ("A", EXAMPLE_A, "session_spike_pct", 27, 50.0),
    # Example A': the coupled ceiling; no chronic base is undefined (Part 1), not +inf.
    ("A'", [0] * 28 + [10], "acwr_rolling", 29, 4.0),
    ("A'", [0] * 28 + [10], "acwr_uncoupled", 29, NAN),
    ("A'", [0] * 40, "acwr_rolling", 40, NAN),
    # Example B: EWMA legs seeded with the first load.
    ("B", EXAMPLE_B, "ewma_acute", 1, 40.0),
    ("B", EXAMPLE_B, "ewma_chronic", 1, 40.0),
    ("B", EXAMPLE_B, "ewma_acute", 2, 30.0),
    ("B", EXAMPLE_B, "ewma_chronic", 2, 37.2414),
    ("B", EXAMPLE_B, "ewma_acute", 6, 35.8203),
    ("B", EXAMPLE_B, "ewma_chronic", 6, 36.8394),
    ("B", EXAMPLE_B, "ewma_acute", 9, 45.7367),
    ("B", EXAMPLE_B, "ewma_chronic", 9, 39.0188),
    ("B", EXAMPLE_B, "ewma_acute", 10, 34.3025),
    ("B", EXAMPLE_B, "ewma_chronic", 10, 36.3279),
    ("B", EXAMPLE_B, "acwr_ewma", 10, NAN),  # ratio suppressed until day 28
    # Example C: GoldenCheetah CTL / ATL, TSB shown the next day, ramp rate.
    ("C", EXAMPLE_C, "ctl", 1, 2.3528),
    ("C", EXAMPLE_C, "atl", 1, 13.3122),
    ("C", EXAMPLE_C, "ctl", 2, 4.6503),
    ("C", EXAMPLE_C, "atl", 2, 24.8523),
    ("C", EXAMPLE_C, "ctl", 7, 15.3518),
    ("C", EXAMPLE_C, "atl", 7, 63.2121),
    ("C", EXAMPLE_C, "ctl", 8, 14.9906),
    ("C", EXAMPLE_C, "atl", 8, 54.7971),
    ("C", EXAMPLE_C, "ctl", 10, 14.2935),
    ("C", EXAMPLE_C, "atl", 10, 41.1788),
    ("C", EXAMPLE_C, "tsb", 1, 0.0),
    ("C", EXAMPLE_C, "tsb", 2, -10.9594),
    ("C", EXAMPLE_C, "tsb", 7, -44.2505),
    ("C", EXAMPLE_C, "tsb", 8, -47.8602),
    ("C", EXAMPLE_C, "tsb", 10, -32.8645),
    ("C", EXAMPLE_C, "ramp_7d", 8, 12.6378),
    ("C", EXAMPLE_C, "ramp_7d", 9, 9.9876),
    ("C", EXAMPLE_C, "ramp_7d", 10, 7.3998),
    ("C", EXAMPLE_C, "ramp_7d", 7, 15.3518),  # CTL_t − 0 for t <= 7
    # Example D: Foster monotony and strain with the population SD.
    ("D", EXAMPLE_D, "acute_7d", 7, 42.8571),
    ("D", EXAMPLE_D, "monotony_7d", 7, 1.3188),
    ("D", EXAMPLE_D, "strain_7d", 7, 395.6283),
    # 8.1.1 acwr 0.1.1 vectors.
    ("8.1.1", STEP, "acwr_rolling", 35, 1.6),
    ("8.1.1", STEP, "acwr_uncoupled", 35, 2.0),
    ("8.1.1", STEP, "acwr_ewma", 35, 1.3394),
    ("8.1.1", [0] * 10 + [100] + [0] * 10, "ewma_acute", 11, 25.0),
    ("8.1.1", [0] * 10 + [100] + [0] * 10, "ewma_acute", 12, 18.75),
    ("8.1.1", [0] * 28 + [40] * 7, "acwr_uncoupled", 35, NAN),  # acwr: +inf
    ("8.1.1", [0] * 40, "acwr_uncoupled", 40, NAN),
    ("8.1.1", [40] * 7, "monotony_7d", 7, INF),
    ("8.1.1", [40] * 7, "strain_7d", 7, INF),
    ("8.1.1", [10] * 7 + [12] * 7, "week_change_pct", 14, 20.0),
    ("8.1.1", [0] * 7 + [10] * 7, "week_change_pct", 14, NAN),  # acwr: +inf
    # 8.1.2 CRAN ACWR: EWMA legs every day; rolling forms on day 28, where its expanding windows
    # and ours coincide; and days 29 and 35 of the 28 × 50 + 7 × 100 series.
    ("8.1.2", CRAN_ID1, "ewma_acute", 22, 35.0),
    ("8.1.2", CRAN_ID1, "ewma_chronic", 22, 31.3793),
    ("8.1.2", CRAN_ID1, "acwr_ewma", 28, 1.2497),
    ("8.1.2", CRAN_ID1, "ewma_acute", 28, 47.3303),
    ("8.1.2", CRAN_ID1, "ewma_chronic", 28, 37.8720),
    ("8.1.2", CRAN_ID2, "ewma_acute", 8, 22.0007),
    ("8.1.2", CRAN_ID2, "ewma_chronic", 8, 17.7082),
    ("8.1.2", CRAN_ID2, "acwr_ewma", 28, 1.4062),
    ("8.1.2", CRAN_ID3, "ewma_acute", 2, 53.75),
    ("8.1.2", CRAN_ID3, "ewma_chronic", 2, 54.6552),
    ("8.1.2", CRAN_ID3, "ewma_acute", 14, 29.1501),
    ("8.1.2", CRAN_ID3, "ewma_chronic", 14, 43.5783),
    ("8.1.2", CRAN_ID3, "acwr_ewma", 28, 1.5507),
    ("8.1.2", STEP, "acwr_ewma", 29, 1.1694),
]

ROUNDED_TO_2DP = [
    # 8.1.2 rolling forms, published to 2 decimals: (series, column, day, expected)
    (CRAN_ID1, "acute_7d", 28, 50.0),
    (CRAN_ID1, "chronic_28d", 28, 35.0),
    (CRAN_ID1, "acwr_rolling", 28, 1.43),
    (CRAN_ID1, "chronic_21d", 28, 30.0),
    (CRAN_ID1, "acwr_uncoupled", 28, 1.67),
    (CRAN_ID2, "acwr_rolling", 28, 1.43),
    (CRAN_ID2, "acwr_uncoupled", 28, 1.67),
    (CRAN_ID3, "acwr_rolling", 28, 1.43),
    (CRAN_ID3, "acwr_uncoupled", 28, 1.67),
    (STEP, "acwr_rolling", 29, 1.10),
]

# 8.1.1 monotony and strain vectors use the sample SD (ddof = 1); ours uses the population SD, so
# the published value is ours × √(6/7).
SAMPLE_SD = [
    ([0, 80, 40, 0, 90, 60, 80], "monotony_7d", 7, 1.3207, 4),
    ([0, 80, 40, 0, 90, 60, 80], "strain_7d", 7, 462.2, 1),
    ([0, 60, 0, 60, 0, 60, 0], "monotony_7d", 7, 0.8018, 4),
    ([0, 0, 140, 0, 0, 140, 0], "strain_7d", 7, 163.95, 2),
    ([10, 0, 20, 10, 0, 30, 10] * 2, "monotony_7d", 7, 1.069, 3),
    ([10, 0, 20, 10, 0, 30, 10] * 2, "monotony_7d", 14, 1.069, 3),
]


def _value(loads: list[float], column: str, day: int) -> float:
    return float(series_of(daily(loads)).column(column)[day - 1])


@pytest.mark.parametrize(("example", "loads", "column", "day", "expected"), CASES)
def test_worked_example(
    example: str, loads: list[float], column: str, day: int, expected: float
) -> None:
    value = _value(loads, column, day)
    if math.isnan(expected) or math.isinf(expected):
        assert (math.isnan(value) and math.isnan(expected)) or value == expected, example
    else:
        assert round(value, 4) == pytest.approx(expected, abs=1e-9), example


@pytest.mark.parametrize(("loads", "column", "day", "expected"), ROUNDED_TO_2DP)
def test_cran_acwr_on_day_28(loads: list[float], column: str, day: int, expected: float) -> None:
    assert round(_value(loads, column, day), 2) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("loads", "column", "day", "expected", "places"), SAMPLE_SD)
def test_sample_sd_vectors(
    loads: list[float], column: str, day: int, expected: float, places: int
) -> None:
    assert round(_value(loads, column, day) * math.sqrt(6 / 7), places) == pytest.approx(expected)


def test_ctl_and_atl_match_their_closed_forms() -> None:
    series = series_of(daily(EXAMPLE_C))
    assert series.column("ctl")[6] == pytest.approx(100 * (1 - math.exp(-1 / 6)), rel=1e-12)
    assert series.column("atl")[6] == pytest.approx(100 * (1 - math.exp(-1)), rel=1e-12)


def test_constant_load_gives_ratio_one_once_defined() -> None:
    series = series_of(daily([50] * 40))
    for column in ("acwr_rolling", "acwr_uncoupled", "acwr_ewma"):
        values = series.column(column)
        assert all(math.isnan(v) for v in values[:27]), column
        assert values[27:] == pytest.approx([1.0] * 13, rel=1e-12), column
