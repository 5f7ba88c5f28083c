"""Cross-check against the acwr package (0.1.1) on randomised series.

Where both define a value, the rolling (rac, rau) and EWMA ratios, ``monotony(ddof=0)``, strain
and the week-to-week change agree to 1e-9. acwr keeps ``inf`` where we report undefined (no chronic
base, no earlier week), and with a missing day its windows are NaN; both are outside the overlap.
EWMA is compared on series without missing days: acwr decays the weight of a NaN day, we carry
the value forward (DOMAIN §1.2).
"""

from __future__ import annotations

import acwr
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.examples import examples
from tests.unit.training.support import series_of

PAIRS = [
    ("acwr_rolling", lambda s: acwr.acwr(s, method="rac")),
    ("acwr_uncoupled", lambda s: acwr.acwr(s, method="rau")),
    ("monotony_7d", lambda s: acwr.monotony(s, ddof=0)),
    ("strain_7d", lambda s: acwr.strain(s, ddof=0)),
    ("week_change_pct", lambda s: acwr.week_to_week_change(s)),
]


def random_loads(seed: int, n_days: int, missing_share: float) -> np.ndarray:
    """Zero-inflated gamma loads (a runner's km), some days repeated exactly, some missing."""
    rng = np.random.default_rng(seed)
    loads = np.where(rng.random(n_days) < 0.35, 0.0, np.round(rng.gamma(2.5, 4.0, n_days), 1))
    repeat = rng.random(n_days) < 0.2
    loads[1:][repeat[1:]] = loads[:-1][repeat[1:]]
    loads[rng.random(n_days) < missing_share] = np.nan
    return loads


def compare(loads: np.ndarray, column: str, theirs: pd.Series) -> int:
    """Assert agreement where both are finite; return how many days were compared."""
    days = [None if np.isnan(v) else ([] if v == 0 else [float(v)]) for v in loads]
    ours = series_of(days).column(column)
    other = theirs.to_numpy(dtype=float)
    both = np.isfinite(ours) & np.isfinite(other)
    np.testing.assert_allclose(ours[both], other[both], rtol=1e-9, atol=1e-9, err_msg=column)
    assert np.array_equal(np.isinf(ours) & np.isinf(other), np.isinf(ours)), column
    return int(both.sum())


def as_series(loads: np.ndarray) -> pd.Series:
    return pd.Series(loads, index=pd.date_range("2026-01-05", periods=len(loads), freq="D"))


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize(("column", "reference"), PAIRS)
def test_rolling_forms_agree(seed: int, column: str, reference) -> None:
    loads = random_loads(seed, 400, missing_share=0.02 if seed % 2 else 0.0)
    assert compare(loads, column, reference(as_series(loads))) > 100


@pytest.mark.parametrize("seed", range(12))
def test_ewma_ratio_agrees(seed: int) -> None:
    loads = random_loads(seed, 400, missing_share=0.0)
    assert compare(loads, "acwr_ewma", acwr.acwr(as_series(loads), method="ewma")) == 400 - 27


@settings(max_examples=examples(100), deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(28, 120), st.sampled_from([0.0, 0.05]))
def test_randomised_series_agree(seed: int, n_days: int, missing_share: float) -> None:
    loads = random_loads(seed, n_days, missing_share)
    series = as_series(loads)
    for column, reference in PAIRS:
        compare(loads, column, reference(series))
    if missing_share == 0.0:
        compare(loads, "acwr_ewma", acwr.acwr(series, method="ewma"))
