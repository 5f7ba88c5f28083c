"""The advice policy: every rule threshold with its default; validation of per-athlete overrides.

Overrides have the JSON shape of DOMAIN §1.5, rule id → parameter → value::

    {"volume.weekly_progression": {"caution_pct": 20}}

:func:`validate_overrides` accepts only known rules and parameters, numbers inside their allowed
range (whole numbers where a count is meant) and known measure names, and returns a complete
:class:`Policy`; anything else raises :class:`PolicyError` naming the field, and nothing of it is
used. The parameters, ranges and evidence notes are in :mod:`policy_params` and
:mod:`policy_symptom_params`.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from service.training.input_errors import PolicyError
from service.training.policy_params import (
    AcwrContext,
    HighForTendonRisk,
    MonotonyStrain,
    ParamSpec,
    ReturnFromBreak,
    Role,
    SessionSpike,
    SyncStale,
    WeeklyProgression,
)
from service.training.policy_pathway_params import (
    AcuteMuscleInjury,
    BackToBackTendon,
    EpisodeRupture,
    OutlierDay,
    RegionNotImproving,
)
from service.training.policy_symptom_params import (
    AchillesNotImproving,
    DuringOrAfterRun,
    NextMorning,
    OstrcSubstantial,
    RestTooLong,
    VisaAChange,
    WeeklyTrend,
)

__all__ = ["DEFAULT_POLICY", "RULE_SECTIONS", "Policy", "PolicyError", "Role", "validate_overrides"]


@dataclass(frozen=True, slots=True)
class Policy:
    """One athlete's complete advice policy; attribute names follow the rule ids' last part."""

    weekly_progression: WeeklyProgression = field(default_factory=WeeklyProgression)
    session_spike: SessionSpike = field(default_factory=SessionSpike)
    high_for_tendon_risk: HighForTendonRisk = field(default_factory=HighForTendonRisk)
    acwr_context: AcwrContext = field(default_factory=AcwrContext)
    during_or_after_run: DuringOrAfterRun = field(default_factory=DuringOrAfterRun)
    next_morning: NextMorning = field(default_factory=NextMorning)
    weekly_trend: WeeklyTrend = field(default_factory=WeeklyTrend)
    achilles_not_improving: AchillesNotImproving = field(default_factory=AchillesNotImproving)
    rest_too_long: RestTooLong = field(default_factory=RestTooLong)
    ostrc_substantial: OstrcSubstantial = field(default_factory=OstrcSubstantial)
    visa_a_change: VisaAChange = field(default_factory=VisaAChange)
    monotony_strain: MonotonyStrain = field(default_factory=MonotonyStrain)
    return_from_break: ReturnFromBreak = field(default_factory=ReturnFromBreak)
    sync_stale: SyncStale = field(default_factory=SyncStale)
    region_not_improving: RegionNotImproving = field(default_factory=RegionNotImproving)
    acute_muscle_injury: AcuteMuscleInjury = field(default_factory=AcuteMuscleInjury)
    episode_rupture: EpisodeRupture = field(default_factory=EpisodeRupture)
    back_to_back_tendon: BackToBackTendon = field(default_factory=BackToBackTendon)
    outlier_day: OutlierDay = field(default_factory=OutlierDay)


RULE_SECTIONS: dict[str, str] = {
    "volume.weekly_progression": "weekly_progression",
    "volume.session_spike": "session_spike",
    "volume.high_for_tendon_risk": "high_for_tendon_risk",
    "load.acwr_context": "acwr_context",
    "pain.during_or_after_run": "during_or_after_run",
    "pain.next_morning": "next_morning",
    "pain.weekly_trend": "weekly_trend",
    "referral.achilles_not_improving": "achilles_not_improving",
    "referral.rest_too_long": "rest_too_long",
    "ostrc.substantial_problem": "ostrc_substantial",
    "visa_a.change": "visa_a_change",
    "load.monotony_strain": "monotony_strain",
    "load.return_from_break": "return_from_break",
    "data.sync_stale": "sync_stale",
    "referral.region_not_improving": "region_not_improving",
    "acute.muscle_injury": "acute_muscle_injury",
    "episode.rupture": "episode_rupture",
    "load.back_to_back_tendon": "back_to_back_tendon",
    "data.outlier_day": "outlier_day",
}
"""Rule id → the Policy attribute holding its parameters (rules without thresholds are absent)."""

DEFAULT_POLICY = Policy()

_ORDERED = {
    "volume.session_spike": ("caution_pct", "warning_pct", "double_pct"),
    "volume.high_for_tendon_risk": ("min_history_days", "history_days"),
    "pain.next_morning": ("min_mornings", "baseline_mornings"),
    "pain.weekly_trend": ("rise_points", "warning_rise_points"),
}
"""Parameters that must keep their order (each at most the next) for the rule to make sense."""


def param_specs(rule: str) -> dict[str, ParamSpec]:
    """The parameters of ``rule`` by name (KeyError for a rule without parameters)."""
    section = type(getattr(DEFAULT_POLICY, RULE_SECTIONS[rule]))
    return {item.name: item.metadata["spec"] for item in dataclasses.fields(section)}


def validate_overrides(overrides: object) -> Policy:
    """A complete Policy from per-athlete overrides; PolicyError names the first bad field."""
    if not isinstance(overrides, Mapping):
        raise PolicyError(
            "policy", "must be an object of rule ids", "moet een object met regels zijn"
        )
    policy = DEFAULT_POLICY
    for rule, changes in overrides.items():
        if rule not in RULE_SECTIONS:
            raise PolicyError(
                str(rule), "is not a rule with settings", "is geen regel met instellingen"
            )
        if not isinstance(changes, Mapping):
            raise PolicyError(
                rule, "must be an object of settings", "moet een object met instellingen zijn"
            )
        section = getattr(policy, RULE_SECTIONS[rule])
        checked = _checked_changes(rule, changes)
        updated = dataclasses.replace(section, **checked)
        _check_order(rule, updated)
        policy = dataclasses.replace(policy, **{RULE_SECTIONS[rule]: updated})
    return policy


def _checked_changes(rule: str, changes: Mapping[Any, object]) -> dict[str, float | str]:
    specs = param_specs(rule)
    checked: dict[str, float | str] = {}
    for name, value in changes.items():
        where = f"{rule}.{name}"
        if name not in specs:
            listed = ", ".join(specs)
            raise PolicyError(
                where, f"is not a setting; known: {listed}", f"bestaat niet; wel: {listed}"
            )
        checked[name] = _checked_value(where, specs[name], value)
    return checked


def _checked_value(where: str, spec: ParamSpec, value: object) -> float | str:
    if spec.choices:
        if value not in spec.choices:
            listed = ", ".join(spec.choices)
            raise PolicyError(where, f"must be one of {listed}", f"moet een van {listed} zijn")
        return str(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PolicyError(where, "must be a number", "moet een getal zijn")
    low, high = _shown(spec.low), _shown(spec.high)
    if not spec.low <= value <= spec.high:
        raise PolicyError(
            where,
            f"must be from {low} to {high} {spec.unit}, got {value}",
            f"moet van {low} tot en met {high} {spec.unit} zijn, maar is {value}",
        )
    if spec.whole:
        if not float(value).is_integer():
            raise PolicyError(where, "must be a whole number", "moet een geheel getal zijn")
        return int(value)
    return float(value)


def _check_order(rule: str, section: object) -> None:
    names = _ORDERED.get(rule, ())
    for smaller, larger in itertools.pairwise(names):
        if getattr(section, smaller) > getattr(section, larger):
            raise PolicyError(
                f"{rule}.{smaller}",
                f"must not be above {larger}",
                f"mag niet hoger zijn dan {larger}",
            )


def _shown(limit: float) -> str:
    return str(int(limit)) if float(limit).is_integer() else str(limit)


def describe_policy(policy: Policy = DEFAULT_POLICY) -> list[dict[str, Any]]:
    """Every parameter with its current value, default, range, roles and evidence (for settings)."""
    rows: list[dict[str, Any]] = []
    for rule, attribute in RULE_SECTIONS.items():
        section = getattr(policy, attribute)
        for name, spec in param_specs(rule).items():
            rows.append(
                {
                    "rule": rule,
                    "name": name,
                    "value": getattr(section, name),
                    "default": spec.default,
                    "unit": spec.unit,
                    "low": None if spec.choices else spec.low,
                    "high": None if spec.choices else spec.high,
                    "choices": list(spec.choices),
                    "changed_by": sorted(role.value for role in spec.changed_by),
                    "evidence": spec.evidence.as_dict(),
                }
            )
    return rows
