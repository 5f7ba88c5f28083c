"""volume.weekly_progression, volume.session_spike, volume.high_for_tendon_risk at thresholds."""

from __future__ import annotations

import pytest

from service.training.rules import AthleteFlag
from service.training.rules.volume import high_for_tendon_risk, session_spike, weekly_progression

from .support import fired, inputs_for, on_day, runs, session, sparse

PREVIOUS_AT = [AthleteFlag.PREVIOUS_ACHILLES_TENDINOPATHY]


@pytest.mark.parametrize(
    ("previous_km", "this_km", "policy", "expected"),
    [
        (10, 12, {}, None),  # +20 %: not above 20
        (10, 12.1, {}, "caution"),  # +21 %
        (20, 24, {}, None),  # exactly +20 % despite float noise in the ratio
        (20, 24.5, {}, "caution"),
        (10, 15, {}, "caution"),  # on the 10 km base: the percentage decides
        (9.9, 14.9, {}, None),  # below the base: +5 km is allowed
        (9.9, 15, {}, "caution"),  # +5.1 km
        (0, 5, {}, None),
        (0, 6, {}, "caution"),
        (10, 12.5, {"volume.weekly_progression": {"caution_pct": 30}}, None),
        (10, 13.1, {"volume.weekly_progression": {"caution_pct": 30}}, "caution"),
        (12, 17, {"volume.weekly_progression": {"min_base_km": 15}}, None),  # +5 km allowed
        (12, 17.5, {"volume.weekly_progression": {"min_base_km": 15}}, "caution"),
        (5, 9, {"volume.weekly_progression": {"allowance_km": 3}}, "caution"),
    ],
)
def test_weekly_progression_one_week(previous_km, this_km, policy, expected) -> None:
    # The earlier week's distance on day 0, this week's on day 13: day 13 is the first day
    # with both 7-day windows, so it is the only day the rule can see.
    activities = sparse({0: previous_km, 13: this_km} if previous_km else {13: this_km})
    inputs = inputs_for(activities, end=13, policy=policy, history_start=0)
    assert fired(weekly_progression, inputs, 13) == expected


@pytest.mark.parametrize(
    ("earlier_14d_km", "last_14d_km", "expected"),
    [
        (20, 26, None),  # +30 %: not above 30
        (20, 26.2, "warning"),  # +31 %
        (19, 30, None),  # earlier 14 days below 20 km: the two-week rule does not apply
        (40, 60, "warning"),
    ],
)
def test_weekly_progression_two_weeks(earlier_14d_km, last_14d_km, expected) -> None:
    half = last_14d_km / 2
    # The earlier 14 days split over days 0 and 10: fewer than 14 days without running, so no
    # return window after a break (§1.6.4) replaces the percentage rules.
    earlier = earlier_14d_km / 2
    activities = sparse({0: earlier, 10: earlier, 20: half, 27: half})
    inputs = inputs_for(activities, end=27)
    assert fired(weekly_progression, inputs, 27) == expected


def test_weekly_progression_names_the_weeks() -> None:
    inputs = inputs_for(sparse({0: 10, 13: 15}), end=13)
    (finding,) = on_day(weekly_progression(inputs), 13)
    assert finding.values == {
        "this_7d_km": 15.0,
        "previous_7d_km": 10.0,
        "change_pct": 50.0,
        "increase_km": 5.0,
        "allowance_km": 5,
    }
    assert "15 km" in finding.message.en and "50%" in finding.message.en
    assert "15 km" in finding.message.nl and "10 km" in finding.message.nl


# Days without a run: a "no data" mark on a day with a run is ignored (§1.6.1).
@pytest.mark.parametrize("missing_day", [2, 5, 7, 12])
def test_weekly_progression_is_silent_with_a_missing_day_in_either_week(missing_day) -> None:
    inputs = inputs_for(sparse({0: 10, 1: 1, 13: 20}), end=13, missing={missing_day})
    assert fired(weekly_progression, inputs, 13) is None


def test_weekly_progression_is_silent_during_warm_up() -> None:
    inputs = inputs_for(sparse({0: 1, 12: 30}), end=12)
    assert weekly_progression(inputs) == []


@pytest.mark.parametrize(
    ("today_km", "expected", "double"),
    [
        (11, None, False),  # +10 %: not above 10 despite 11/10 − 1 = 0.10000000000000009
        (11.1, "caution", False),
        (13, "caution", False),  # +30 %: not above 30
        (13.1, "warning", False),
        (20, "warning", False),  # +100 %: not "more than double"
        (20.1, "warning", True),
    ],
)
def test_session_spike(today_km, expected, double) -> None:
    # History from day -10: the rule needs 28 days of history (§1.6.4).
    inputs = inputs_for(sparse({0: 10, 20: today_km}), end=20, history_start=-10)
    assert fired(session_spike, inputs, 20) == expected
    if expected:
        (finding,) = on_day(session_spike(inputs), 20)
        assert ("more than double" in finding.message.en) is double
        assert ("meer dan het dubbele" in finding.message.nl) is double
        assert finding.values["longest_30d_km"] == 10.0
        assert finding.values["session_km"] == today_km


def test_session_spike_uses_the_longest_run_of_the_day() -> None:
    activities = [*sparse({0: 10}), session(5, 4, hour=7), session(5, 15, hour=18)]
    (finding,) = session_spike(inputs_for(activities, end=5, history_start=-25))
    assert finding.values == {"session_km": 15.0, "longest_30d_km": 10.0, "spike_pct": 50.0}


@pytest.mark.parametrize(
    ("spike_policy", "today_km", "expected"),
    [
        ({"caution_pct": 20}, 11.5, None),
        ({"caution_pct": 20}, 12.1, "caution"),
        ({"warning_pct": 50}, 14, "caution"),
        ({"warning_pct": 50}, 15.1, "warning"),
    ],
)
def test_session_spike_follows_the_policy(spike_policy, today_km, expected) -> None:
    policy = {"volume.session_spike": spike_policy}
    inputs = inputs_for(sparse({0: 10, 3: today_km}), end=3, policy=policy, history_start=-25)
    assert fired(session_spike, inputs, 3) == expected


def test_session_spike_after_30_days_without_running_uses_the_pre_break_longest_run() -> None:
    """v1 was silent without a run in the previous 30 days; §1.6.4 (R15) compares the first runs
    after a break with the longest run before it, 10 % less per whole week of the break."""
    inputs = inputs_for(sparse({0: 10, 31: 25}), end=31)
    (finding,) = session_spike(inputs)
    assert finding.severity.value == "warning"
    assert finding.values["pre_break_km"] == 10 and finding.values["reference_km"] == 6


def test_a_long_ride_is_not_a_running_spike() -> None:
    activities = [*sparse({0: 10}), session(3, 80, sport="cycling")]
    assert session_spike(inputs_for(activities, end=3)) == []


def steady_weeks(days: int, bump_day: int | None = None, bump_km: float = 0.0):
    """4 km every day (28 km a week), with ``bump_km`` more on ``bump_day``."""
    kms = [4.0] * days
    if bump_day is not None:
        kms[bump_day] += bump_km
    return runs(kms)


@pytest.mark.parametrize(
    ("bump_day", "flags", "expected"),
    [
        (55, PREVIOUS_AT, "caution"),  # 56 days of history: 34 km vs a 90th percentile of 28
        (54, PREVIOUS_AT, None),  # 55 days of history: too early
        (55, [AthleteFlag.ACHILLES_TENDINOPATHY], "caution"),
        (55, [], None),  # not at tendon risk
    ],
)
def test_high_for_tendon_risk(bump_day, flags, expected) -> None:
    inputs = inputs_for(steady_weeks(bump_day + 1, bump_day, 6), end=bump_day, flags=flags)
    assert fired(high_for_tendon_risk, inputs, bump_day) == expected


def test_high_for_tendon_risk_does_not_fire_at_the_usual_volume() -> None:
    inputs = inputs_for(steady_weeks(90), end=89, flags=PREVIOUS_AT)
    assert high_for_tendon_risk(inputs) == []


def test_high_for_tendon_risk_cap() -> None:
    policy = {"volume.high_for_tendon_risk": {"cap_km": 27}}
    inputs = inputs_for(steady_weeks(60), end=59, flags=PREVIOUS_AT, policy=policy)
    found = high_for_tendon_risk(inputs)
    assert [f.date for f in found] == [inputs.loads["distance_km"].day(i) for i in range(55, 60)]
    assert found[0].values["cap_km"] == 27
    assert "reference_km" in found[0].values
    assert "27 km" in found[0].message.en and "27 km" in found[0].message.nl
    assert "90%" not in found[0].message.en  # the percentile did not fire, only the cap


def test_high_for_tendon_risk_needs_a_running_base() -> None:
    """After months of only cycling the percentile is 0: no base to compare with."""
    activities = [*runs([20.0] * 70, sport="cycling"), session(70, 5)]
    inputs = inputs_for(activities, end=70, flags=PREVIOUS_AT)
    assert high_for_tendon_risk(inputs) == []


def test_swapping_runs_for_rides_raises_no_running_volume_rule() -> None:
    """Rehabilitation: 40 km a week of running, then twice the training time on the bike."""
    running = runs([0, 8, 0, 8, 0, 16, 8] * 6)
    cycling = runs([40.0] * 28, first=42, sport="cycling")
    inputs = inputs_for(running + cycling, end=69, flags=PREVIOUS_AT)
    for rule in (weekly_progression, session_spike, high_for_tendon_risk):
        assert [f for f in rule(inputs) if f.date >= inputs.loads["distance_km"].day(42)] == []
