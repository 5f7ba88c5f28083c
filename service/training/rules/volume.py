"""Running-volume rules on running distance (km): ``volume.weekly_progression``,
``volume.session_spike`` and ``volume.high_for_tendon_risk`` (DOMAIN §1.4, §6, §10 R1–R3).

Only running sports count towards running distance, so a runner who swaps runs for cycling or
swimming during rehabilitation never raises these rules. Every rule is silent on days whose
numbers are undefined (warm-up, a missing day in the window).
"""

from __future__ import annotations

import numpy as np

from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import load_texts as texts
from service.training.messages import render
from service.training.rules.common import FloatArray, above, at_least, make_finding, window_sum
from service.training.rules.inputs import AthleteFlag, LoadData, RuleInputs

PROGRESSION_SOURCE = "Damsted et al. 2019 JOSPT 49:230; Nielsen et al. 2014 JOSPT 44:739"
SPIKE_SOURCE = "Frandsen et al. 2025 BJSM 59:1203"
TENDON_SOURCE = "Jandacka et al. 2025 BJSM 60:e110260"
TENDON_FLAGS = frozenset(
    {AthleteFlag.PREVIOUS_ACHILLES_TENDINOPATHY, AthleteFlag.ACHILLES_TENDINOPATHY}
)


def weekly_progression(inputs: RuleInputs) -> list[Finding]:
    """Caution: ``week_change_pct`` > 20 with ≥ 10 km in the earlier 7 days, or more than 5 km
    added on a smaller base; warning: ``two_week_change_pct`` > 30 with ≥ 20 km in the earlier 14.
    """
    data = inputs.loads.get("distance_km")
    if data is None:
        return []
    limits = inputs.policy.weekly_progression
    columns = _progression_columns(data)
    week_pct, two_week_pct = columns["change_pct"], columns["two_week_change_pct"]
    previous_7d = columns["previous_7d_km"]
    on_base = at_least(previous_7d, limits.min_base_km)
    added = columns["this_7d_km"] - previous_7d
    by_pct = on_base & above(week_pct, limits.caution_pct)
    by_km = np.isfinite(previous_7d) & ~on_base & above(added, limits.allowance_km)
    warn = at_least(columns["previous_14d_km"], limits.two_week_min_base_km) & above(
        two_week_pct, limits.two_week_pct
    )
    findings = []
    parts: tuple[LocalizedText, ...]
    for index in np.flatnonzero(by_pct | by_km | warn):
        values = {name: _finite(column[index]) for name, column in columns.items()}
        values |= {"increase_km": float(added[index]), "allowance_km": limits.allowance_km}
        if warn[index]:
            severity, parts = Severity.WARNING, (texts.TWO_WEEKS,)
        else:
            lead = texts.WEEK_PCT if by_pct[index] else texts.WEEK_KM
            severity, parts = Severity.CAUTION, (lead, texts.WEEK_ACTION)
            values = {name: value for name, value in values.items() if "14d" not in name}
            values.pop("two_week_change_pct", None)
        message = render(*parts, **values)
        day = data.day(int(index))
        findings.append(
            make_finding(
                "volume.weekly_progression", severity, day, message, PROGRESSION_SOURCE, values
            )
        )
    return findings


def _progression_columns(data: LoadData) -> dict[str, FloatArray]:
    """The 7- and 14-day totals (km) and the engine's change columns, by value name."""
    load = data.series.column("load")
    return {
        "this_7d_km": window_sum(load, 7),
        "previous_7d_km": window_sum(load, 7, lag=7),
        "last_14d_km": window_sum(load, 14),
        "previous_14d_km": window_sum(load, 14, lag=14),
        "change_pct": data.series.column("week_change_pct"),
        "two_week_change_pct": data.series.column("two_week_change_pct"),
    }


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def session_spike(inputs: RuleInputs) -> list[Finding]:
    """Today's longest run vs the longest of the previous 30 days (``session_spike_pct``):
    > 10 % caution, > 30 % warning, > 100 % warning worded as "more than double".
    """
    data = inputs.loads.get("distance_km")
    if data is None:
        return []
    limits = inputs.policy.session_spike
    spike = data.series.column("session_spike_pct")
    longest = data.series.column("longest_session_30d")
    findings = []
    for index in np.flatnonzero(above(spike, limits.caution_pct)):
        values = {
            "session_km": data.top_session[index],
            "longest_30d_km": longest[index],
            "spike_pct": spike[index],
        }
        lead: tuple[LocalizedText, ...]
        if above(float(spike[index]), limits.double_pct):
            severity, lead = Severity.WARNING, (texts.SPIKE_DOUBLE, texts.SPIKE_LINKED)
        elif above(float(spike[index]), limits.warning_pct):
            severity, lead = Severity.WARNING, (texts.SPIKE_LONGER, texts.SPIKE_LINKED)
        else:
            severity, lead = Severity.CAUTION, (texts.SPIKE_LONGER,)
        message = render(*lead, texts.SPIKE_ACTION, **values)
        day = data.day(int(index))
        findings.append(
            make_finding("volume.session_spike", severity, day, message, SPIKE_SOURCE, values)
        )
    return findings


def high_for_tendon_risk(inputs: RuleInputs) -> list[Finding]:
    """For an athlete with (a history of) Achilles tendinopathy and ≥ 56 days of history: the
    7-day km above the 90th percentile of the 7-day km of the previous 182 days (linear
    interpolation; a percentile of 0 means no running base and is not used), or above the cap.
    """
    data = inputs.loads.get("distance_km")
    if data is None or not inputs.flags & TENDON_FLAGS:
        return []
    limits = inputs.policy.high_for_tendon_risk
    week = window_sum(data.series.column("load"), 7)
    findings = []
    for index in range(limits.min_history_days - 1, week.shape[0]):
        if not np.isfinite(week[index]):
            continue
        reference = _reference_km(week, index, limits.history_days, limits.percentile)
        if _above_reference(week[index], reference) or _above_cap(week[index], limits.cap_km):
            findings.append(_tendon_finding(inputs, data, index, week[index], reference))
    return findings


def _above_reference(week_km: float, reference: float | None) -> bool:
    return reference is not None and above(float(week_km), reference)


def _above_cap(week_km: float, cap_km: float) -> bool:
    return cap_km > 0 and above(float(week_km), cap_km)


def _reference_km(
    week: FloatArray, index: int, history_days: int, percentile: float
) -> float | None:
    earlier = week[max(0, index - history_days) : index]
    earlier = earlier[np.isfinite(earlier)]
    if earlier.shape[0] == 0:
        return None
    reference = float(np.percentile(earlier, percentile))
    return reference if reference > 0 else None


def _tendon_finding(
    inputs: RuleInputs, data: LoadData, index: int, week_km: float, reference: float | None
) -> Finding:
    limits = inputs.policy.high_for_tendon_risk
    values = {
        "week_km": week_km,
        "reference_km": reference,
        "percentile_pct": limits.percentile,
        "history_days": limits.history_days,
        "cap_km": limits.cap_km if limits.cap_km > 0 else None,
    }
    parts = [texts.TENDON_WEEK]
    if _above_reference(week_km, reference):
        parts.append(texts.TENDON_PERCENTILE)
    if _above_cap(week_km, limits.cap_km):
        parts.append(texts.TENDON_CAP)
    message = render(*parts, texts.TENDON_ACTION, **values)
    day = data.day(index)
    return make_finding(
        "volume.high_for_tendon_risk", Severity.CAUTION, day, message, TENDON_SOURCE, values
    )
