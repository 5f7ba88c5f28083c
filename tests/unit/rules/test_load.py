"""load.acwr_context, load.monotony_strain, load.return_from_break."""

from __future__ import annotations

import numpy as np
import pytest

from service.training.findings import LocalizedText, Severity
from service.training.rules.common import make_finding
from service.training.rules.load import acwr_context, monotony_strain, return_from_break

from .support import day, fired, inputs_for, on_day, runs, session, sparse


def volume_finding(offset: int):
    """A stand-in for a volume.* finding on day ``offset``."""
    text = LocalizedText("volume", "omvang")
    return make_finding("volume.session_spike", Severity.CAUTION, day(offset), text, "test", {})


# 2 km a day for 28 days, then 8 km a day: the coupled ratio is 1.29 on day 28 and 1.53 on
# day 29; the uncoupled ratio 1.43 and 1.86.
RATIO_RUNS = runs([2.0] * 28 + [8.0] * 3)


@pytest.mark.parametrize(
    ("volume_day", "policy", "expected"),
    [
        (29, {}, "info"),
        (28, {}, None),  # ratio 1.29: not high
        (None, {}, None),  # never alone
        (29, {"load.acwr_context": {"rolling_high": 2.0}}, "info"),  # uncoupled 1.86 > 1.8
        (29, {"load.acwr_context": {"rolling_high": 2.0, "uncoupled_high": 1.9}}, None),
    ],
)
def test_acwr_context(volume_day, policy, expected) -> None:
    inputs = inputs_for(RATIO_RUNS, end=30, policy=policy)
    volume = [] if volume_day is None else [volume_finding(volume_day)]
    check_day = 29 if volume_day is None else volume_day
    found = on_day(acwr_context(inputs, volume), check_day)
    assert (found[0].severity.value if found else None) == expected


def test_acwr_context_wording() -> None:
    inputs = inputs_for(RATIO_RUNS, end=30)
    (finding,) = acwr_context(inputs, [volume_finding(29)])
    assert finding.values == {"acwr_rolling_ratio": 1.53, "acwr_uncoupled_ratio": 1.86}
    assert "1.53 times" in finding.message.en and "28 days" in finding.message.en
    assert "1,53 keer" in finding.message.nl
    assert "does not predict injury" in finding.message.en
    only_uncoupled = inputs_for(
        RATIO_RUNS, end=30, policy={"load.acwr_context": {"rolling_high": 2}}
    )
    (finding,) = acwr_context(only_uncoupled, [volume_finding(29)])
    assert "1.86 times that of the 21 days before" in finding.message.en


def test_acwr_context_is_silent_in_warm_up() -> None:
    inputs = inputs_for(runs([2.0] * 10 + [12.0] * 3), end=12)
    assert acwr_context(inputs, [volume_finding(11), volume_finding(12)]) == []


# 3 km a day for 10 days, 20 days without running, then 8 km a day from day 30: on day 31 the
# coupled ratio is 1.88, but the break dominates it.
AFTER_BREAK = [*runs([3.0] * 10), *runs([8.0] * 5, first=30)]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ({}, None),  # a 20-day break: ratios hidden for 28 days
        ({"load.return_from_break": {"break_days": 21}}, "info"),  # not a break by this policy
        ({"load.return_from_break": {"hide_ratio_days": 14}}, None),
    ],
)
def test_ratio_context_is_hidden_after_a_break(policy, expected) -> None:
    inputs = inputs_for(AFTER_BREAK, end=34, policy=policy)
    found = acwr_context(inputs, [volume_finding(31)])
    assert (found[0].severity.value if found else None) == expected


def test_ratio_context_returns_after_the_hidden_days() -> None:
    # Back on day 30 after 20 days; short runs every 8–10 days, then 10 km on days 58 and 59:
    # the coupled ratio is 3.6 on day 59, the first day after the 28 hidden ones.
    activities = [*runs([3.0] * 10), *sparse({30: 1, 40: 1, 50: 1, 58: 10, 59: 10})]
    inputs = inputs_for(activities, end=59)
    assert acwr_context(inputs, [volume_finding(58)]) == []  # day 58 = break return + 28
    assert fired(lambda i: acwr_context(i, [volume_finding(59)]), inputs, 59) == "info"


# 26 days of 5 km every other day before the week under test (days 26–32): the week's 7-day
# average is then well above 1.1 × its 28-day average, which the monotony info needs (DOMAIN
# §1.6.4), and too few strain values exist yet for the strain caution.
BASE = [5.0, 0.0] * 13


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        ([10, 10, 10, 10, 10, 10, 10], "info"),  # the same every day: no variation at all
        ([10, 10, 10, 10, 10, 10, 0], "info"),  # monotony 2.45
        ([10, 0, 10, 0, 10, 0, 10], None),  # monotony 1.15
        ([10, 10, 10, 10, 10, 0, 0], None),  # monotony 1.58
    ],
)
def test_monotony(week, expected) -> None:
    inputs = inputs_for(runs(BASE + week), end=32, history_start=0)
    assert fired(monotony_strain, inputs, 32) == expected


@pytest.mark.parametrize("missing_day", [27, 29, 32])
def test_monotony_is_silent_with_a_missing_day_in_the_week(missing_day) -> None:
    week = [10.0, 10, 10, 10, 10, 10, 10]
    week[missing_day - 26] = 0  # a day without a run, marked as "no data"
    inputs = inputs_for(runs(BASE + week), end=32, missing={missing_day})
    assert on_day(monotony_strain(inputs), 32) == []


def test_monotony_wording() -> None:
    inputs = inputs_for(runs(BASE + [10] * 7), end=32)
    constant = on_day(monotony_strain(inputs), 32)[0]
    assert "exactly the same" in constant.message.en and "precies gelijk" in constant.message.nl
    assert "monotony_ratio" not in constant.values  # infinite: not a number to show
    uneven_week = inputs_for(runs(BASE + [10] * 6), end=32, history_start=0)
    uneven = on_day(monotony_strain(uneven_week), 32)[0]
    assert uneven.values["monotony_ratio"] == 2.45
    assert "monotony 2.45" in uneven.message.en and "monotonie 2,45" in uneven.message.nl


# The same week five times: strain is constant, so its 90th percentile is that constant.
WEEK = [10.0, 0, 10.0, 0, 10.0, 0, 0]


@pytest.mark.parametrize(
    ("bump_day", "expected"),
    [
        (34, "caution"),  # 28 earlier strain values (days 6..33)
        (33, None),  # only 27: too few to know the athlete's usual strain
    ],
)
def test_strain_above_the_athletes_usual(bump_day, expected) -> None:
    kms = WEEK * 6
    kms[bump_day] = 20.0
    inputs = inputs_for(runs(kms[: bump_day + 1]), end=bump_day, history_start=0)
    assert fired(monotony_strain, inputs, bump_day) == expected


def test_strain_values() -> None:
    kms = WEEK * 5
    kms[34] = 20.0
    inputs = inputs_for(runs(kms), end=34, history_start=0)
    (finding,) = on_day(monotony_strain(inputs), 34)
    strain = inputs.loads["distance_km"].series.column("strain_7d")
    assert finding.values["strain"] == round(float(strain[34]), 2)
    assert finding.values["reference"] == round(float(np.percentile(strain[6:34], 90)), 2)
    assert finding.severity is Severity.CAUTION


def test_monotony_follows_the_policy_measure() -> None:
    """Rides count for training time, not for running distance."""
    rides = runs([1.0, 0.0] * 13 + [1.0] * 7, sport="cycling")
    assert monotony_strain(inputs_for(rides, end=32)) == []
    by_time = inputs_for(
        rides, end=32, policy={"load.monotony_strain": {"measure": "duration_min"}}
    )
    assert fired(monotony_strain, by_time, 32) == "info"


@pytest.mark.parametrize(
    ("gap_days", "expected"),
    [(14, "info"), (13, None), (30, "info")],
)
def test_return_from_break(gap_days, expected) -> None:
    first_back = 10 + gap_days
    activities = [*runs([3.0] * 10), session(first_back, 5)]
    inputs = inputs_for(activities, end=first_back)
    assert fired(return_from_break, inputs, first_back) == expected


def test_return_from_break_values_and_rides_in_the_gap() -> None:
    rides = runs([30.0] * 14, first=10, sport="cycling")
    activities = [*sparse({0: 3, 4: 12, 9: 6}), *rides, session(24, 5)]
    (finding,) = return_from_break(inputs_for(activities, end=24))
    assert finding.date == day(24)
    assert finding.values == {
        "break_days": 14,
        "session_km": 5.0,
        "pre_break_km": 12.0,
        "hide_days": 28,
    }
    assert "14 days" in finding.message.en and "12 km" in finding.message.en
    assert "14 dagen" in finding.message.nl and "28 dagen" in finding.message.nl


def test_return_from_break_after_a_history_without_running() -> None:
    inputs = inputs_for([session(14, 5)], end=14, history_start=0)
    assert fired(return_from_break, inputs, 14) == "info"
    assert return_from_break(inputs_for([session(14, 5)], end=14)) == []  # no history before
