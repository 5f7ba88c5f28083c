"""The advice policy: defaults of DOMAIN §1.4/§9, ranges, roles, evidence, override validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.training.input_errors import PolicyError
from service.training.policy import (
    DEFAULT_POLICY,
    RULE_SECTIONS,
    describe_policy,
    param_specs,
    validate_overrides,
)
from service.training.rules import RULE_IDS

DEFAULTS = {
    ("volume.weekly_progression", "caution_pct"): 20,
    ("volume.weekly_progression", "min_base_km"): 10,
    ("volume.weekly_progression", "allowance_km"): 5,
    ("volume.weekly_progression", "two_week_pct"): 30,
    ("volume.weekly_progression", "two_week_min_base_km"): 20,
    ("volume.session_spike", "caution_pct"): 10,
    ("volume.session_spike", "warning_pct"): 30,
    ("volume.session_spike", "double_pct"): 100,
    ("volume.high_for_tendon_risk", "percentile"): 90,
    ("volume.high_for_tendon_risk", "history_days"): 182,
    ("volume.high_for_tendon_risk", "min_history_days"): 56,
    ("load.acwr_context", "rolling_high"): 1.5,
    ("load.acwr_context", "uncoupled_high"): 1.8,
    ("load.acwr_context", "measure"): "distance_km",
    ("pain.during_or_after_run", "ceiling"): 5,
    ("pain.next_morning", "baseline_mornings"): 7,
    ("pain.next_morning", "min_mornings"): 3,
    ("pain.weekly_trend", "rise_points"): 1,
    ("referral.achilles_not_improving", "days"): 14,
    ("referral.achilles_not_improving", "pause_days"): 7,
    ("referral.achilles_not_improving", "resume_window_days"): 7,
    ("referral.rest_too_long", "heel_shin_days"): 21,
    ("referral.rest_too_long", "knee_days"): 14,
    ("ostrc.substantial_problem", "referral_weeks"): 2,
    ("visa_a.change", "mcid"): 10,
    ("load.monotony_strain", "monotony_high"): 2.0,
    ("load.monotony_strain", "strain_percentile"): 90,
    ("load.monotony_strain", "strain_history_days"): 84,
    ("load.monotony_strain", "min_strain_values"): 28,
    ("load.return_from_break", "break_days"): 14,
    ("load.return_from_break", "hide_ratio_days"): 28,
    ("data.sync_stale", "stale_hours"): 72,
}


@pytest.mark.parametrize(("key", "default"), DEFAULTS.items())
def test_defaults_follow_the_domain_contract(key, default) -> None:
    rule, name = key
    assert getattr(getattr(DEFAULT_POLICY, RULE_SECTIONS[rule]), name) == default
    assert param_specs(rule)[name].default == default


def test_every_parameter_has_a_range_roles_and_evidence_in_both_languages() -> None:
    rows = describe_policy()
    assert {row["rule"] for row in rows} <= set(RULE_IDS)
    for row in rows:
        assert row["evidence"]["en"].strip() and row["evidence"]["nl"].strip()
        assert row["changed_by"]
        if not row["choices"]:
            assert row["low"] <= row["default"] <= row["high"]
    # §9 ranges where the contract gives them
    ranges = {(r["rule"], r["name"]): (r["low"], r["high"]) for r in rows}
    assert ranges[("volume.weekly_progression", "caution_pct")] == (10, 30)
    assert ranges[("volume.weekly_progression", "two_week_pct")] == (20, 50)
    assert ranges[("volume.weekly_progression", "min_base_km")] == (5, 20)
    assert ranges[("pain.during_or_after_run", "ceiling")] == (3, 5)
    assert ranges[("visa_a.change", "mcid")] == (6.5, 15)
    roles = {(r["rule"], r["name"]): r["changed_by"] for r in rows}
    assert roles[("pain.during_or_after_run", "ceiling")] == ["physio"]
    assert roles[("volume.weekly_progression", "caution_pct")] == ["coach", "physio"]
    assert roles[("data.sync_stale", "stale_hours")] == ["admin"]


def test_overrides_change_only_what_they_name() -> None:
    policy = validate_overrides(
        {
            "volume.weekly_progression": {"caution_pct": 25},
            "load.monotony_strain": {"measure": "srpe"},
            "referral.rest_too_long": {"knee_days": 21.0},
        }
    )
    assert policy.weekly_progression.caution_pct == 25
    assert policy.weekly_progression.min_base_km == 10
    assert policy.monotony_strain.measure == "srpe"
    assert policy.rest_too_long.knee_days == 21 and isinstance(policy.rest_too_long.knee_days, int)
    assert policy.session_spike == DEFAULT_POLICY.session_spike
    assert validate_overrides({}) == DEFAULT_POLICY


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"volume.weekly_progresion": {}}, "volume.weekly_progresion", "not a rule"),
        ({"red_flag.rupture": {}}, "red_flag.rupture", "not a rule with settings"),
        (
            {"volume.weekly_progression": {"caution": 20}},
            "volume.weekly_progression.caution",
            "not a setting",
        ),
        (
            {"volume.weekly_progression": {"caution_pct": 9.9}},
            "volume.weekly_progression.caution_pct",
            "from 10 to 30",
        ),
        (
            {"volume.weekly_progression": {"caution_pct": 31}},
            "volume.weekly_progression.caution_pct",
            "from 10 to 30",
        ),
        (
            {"volume.weekly_progression": {"caution_pct": "20"}},
            "volume.weekly_progression.caution_pct",
            "number",
        ),
        (
            {"volume.weekly_progression": {"caution_pct": True}},
            "volume.weekly_progression.caution_pct",
            "number",
        ),
        (
            {"pain.during_or_after_run": {"ceiling": float("nan")}},
            "pain.during_or_after_run.ceiling",
            "number",
        ),
        ({"pain.next_morning": {"min_mornings": 2.5}}, "pain.next_morning.min_mornings", "whole"),
        (
            {"pain.next_morning": {"min_mornings": 7, "baseline_mornings": 5}},
            "pain.next_morning.min_mornings",
            "not be above",
        ),
        (
            {"volume.session_spike": {"caution_pct": 30, "warning_pct": 20}},
            "volume.session_spike.caution_pct",
            "not be above",
        ),
        ({"load.acwr_context": {"measure": "rtss"}}, "load.acwr_context.measure", "one of"),
        ({"volume.session_spike": 10}, "volume.session_spike", "object"),
        ([], "policy", "object"),
    ],
)
def test_bad_overrides_are_rejected_naming_the_field(overrides, field, text) -> None:
    with pytest.raises(PolicyError) as raised:
        validate_overrides(overrides)
    assert raised.value.field == field
    assert text in raised.value.message_en
    assert raised.value.message_nl and raised.value.message_nl != raised.value.message_en


numeric_specs = [
    (rule, name, spec)
    for rule in RULE_SECTIONS
    for name, spec in param_specs(rule).items()
    if not spec.choices
]


@given(st.sampled_from(numeric_specs), st.floats(-1000, 1000, allow_nan=False))
def test_a_number_is_accepted_exactly_when_it_is_in_range(case, value) -> None:
    """One parameter at a time: inside its range it never breaks the order of its neighbours."""
    rule, name, spec = case
    inside = spec.low <= value <= spec.high and (not spec.whole or float(value).is_integer())
    if inside:
        policy = validate_overrides({rule: {name: value}})
        assert getattr(getattr(policy, RULE_SECTIONS[rule]), name) == value
    else:
        with pytest.raises(PolicyError):
            validate_overrides({rule: {name: value}})
