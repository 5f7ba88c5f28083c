"""``evaluate``: the entry point the workers and the CLI share."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.training.input_errors import InputError, PolicyError
from service.training.measures import AthleteParams
from service.training.rules import RULE_IDS, evaluate
from service.training.symptoms import DailyCheckin, RedFlag, RedFlagReport, Region, WeeklyCheckin

from .support import ATHLETE, day, evaluate_days, runs, session, sparse

# Six weeks of 30 km a week, then two weeks of 45 km, with a long run of 20 km on day 45.
BLOCK = runs([0, 6, 0, 6, 0, 12, 6] * 6 + [0, 9, 0, 9, 0, 18, 9] * 2)
BLOCK[-5] = session(51, 20)
CHECKINS: list[DailyCheckin | WeeklyCheckin | RedFlagReport] = [
    DailyCheckin(day(45), Region.ACHILLES, morning_pain=1),
    WeeklyCheckin(day(48), Region.ACHILLES, pain_week=3),
    WeeklyCheckin(day(55), Region.ACHILLES, pain_week=5),
    RedFlagReport(day(50), frozenset({RedFlag.CALF_WARM_RED_SWOLLEN})),
]
FULL = evaluate_days(BLOCK, CHECKINS, end=60, flags=["previous_achilles_tendinopathy"])


def test_findings_are_in_date_then_rule_order() -> None:
    keys = [(f.date, f.rule, f.region or "") for f in FULL]
    assert keys == sorted(keys)
    assert {f.rule for f in FULL} <= set(RULE_IDS)
    assert {"volume.weekly_progression", "red_flag.thrombosis", "pain.weekly_trend"} <= {
        f.rule for f in FULL
    }


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60))
def test_a_window_sees_exactly_the_full_findings_of_its_days(a, b) -> None:
    """Rules read the whole history and never look ahead, and the cooldown only looks back: the
    findings of a window are those of a full evaluation on the same days, with the same keys.
    """
    start, end = min(a, b), max(a, b)
    window = evaluate_days(
        BLOCK, CHECKINS, start=start, end=end, flags=["previous_achilles_tendinopathy"]
    )
    assert window == [f for f in FULL if day(start) <= f.date <= day(end)]


def test_held_back_from_silences_load_rules_only() -> None:
    held = evaluate_days(BLOCK, CHECKINS, end=60, held_back_from=day(44))
    assert all(not f.rule.startswith(("volume.", "load.")) for f in held if f.date >= day(44))
    assert [f for f in held if f.date < day(44)] == [
        f for f in evaluate_days(BLOCK, CHECKINS, end=60) if f.date < day(44)
    ]
    assert any(f.rule == "red_flag.thrombosis" for f in held)


def steady_with(long_run_km: float) -> list:
    """Five weeks of 28 km (long run 10 km on day 5 of each week), the long run of day 33
    replaced by ``long_run_km``: past the 28 days the spike rule needs (DOMAIN §1.6.4)."""
    kms: list[float] = [0, 6, 0, 6, 0, 10, 6] * 5
    kms[33] = long_run_km
    return runs(kms)


def test_a_no_data_mark_on_a_day_with_a_run_is_ignored() -> None:
    """DOMAIN §1.6.1: a day that has a session is never missing (v1 dropped the run)."""
    spike = steady_with(14)
    assert [f.rule for f in evaluate_days(spike, end=33)] == ["volume.session_spike"]
    assert [f.rule for f in evaluate_days(spike, end=33, missing=[33])] == ["volume.session_spike"]
    # A day without a session marked as "no data" stays missing: the 7-day windows are silent.
    assert evaluate_days(sparse({0: 10, 1: 1, 13: 20}), end=13, missing=[5]) == []


def test_a_rehab_swap_to_cycling_gives_no_running_volume_finding() -> None:
    running = runs([0, 8, 0, 8, 0, 16, 8] * 6)
    rides = runs([60.0] * 28, first=42, sport="cycling")
    found = evaluate_days(running + rides, end=69, start=42, flags=["achilles_tendinopathy"])
    assert [f for f in found if f.rule.startswith("volume.")] == []


def test_a_policy_as_overrides_or_as_policy() -> None:
    spike = steady_with(12)
    assert evaluate_days(spike, end=33) != []
    assert evaluate_days(spike, end=33, policy={"volume.session_spike": {"caution_pct": 25}}) == []


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: evaluate_days(end=-1, start=0), "evaluate"),
        (lambda: evaluate_days(end=3, flags=["novice"]), "flags"),
        (lambda: evaluate_days(end=3, flags="achilles_tendinopathy"), "flags"),
        (
            lambda: evaluate_days(end=3, policy={"volume.session_spike": {"caution_pct": 1}}),
            "volume.session_spike.caution_pct",
        ),
    ],
)
def test_bad_input_names_the_field(call, field) -> None:
    with pytest.raises(InputError) as raised:
        call()
    assert raised.value.field == field
    assert raised.value.message_en and raised.value.message_nl


def test_a_heart_rate_measure_needs_the_heart_rate_profile() -> None:
    policy = {"load.monotony_strain": {"measure": "trimp"}}
    with pytest.raises(PolicyError) as raised:
        evaluate(
            AthleteParams(timezone="UTC"),
            [],
            policy,
            [],
            [],
            dt.date(2026, 1, 1),
            dt.date(2026, 1, 2),
        )
    assert raised.value.field == "load.monotony_strain.measure"
    assert evaluate(ATHLETE, [], policy, BLOCK, [], day(0), day(10)) is not None


def test_checkins_alone_without_any_activity() -> None:
    found = evaluate_days(checkins=CHECKINS, end=60)
    assert {f.rule for f in found} == {"pain.weekly_trend", "red_flag.thrombosis"}
