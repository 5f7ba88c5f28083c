"""Running-volume rules on running distance (km): ``volume.weekly_progression``,
``volume.session_spike`` and ``volume.high_for_tendon_risk`` (DOMAIN §1.4, §1.6.4, §6, §10 R1–R3).

Only running sports count towards running distance, so a runner who swaps runs for cycling or
swimming during rehabilitation never raises these rules. Every rule is silent on days whose
numbers are undefined (warm-up, a missing day in the window). In the return window after a break
the progression and spike rules compare with the pre-break distances (:mod:`.return_window`);
after a race they advise recovery instead of building up.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import load_texts as texts
from service.training.messages import render
from service.training.rules.common import FloatArray, above, at_least, make_finding, window_sum
from service.training.rules.inputs import AthleteFlag, LoadData, RuleInputs
from service.training.rules.return_window import ReturnWindow, return_windows, window_on

PROGRESSION_SOURCE = "Damsted et al. 2019 JOSPT 49:230; Nielsen et al. 2014 JOSPT 44:739"
SPIKE_SOURCE = "Frandsen et al. 2025 BJSM 59:1203"
TENDON_SOURCE = "Jandacka et al. 2025 BJSM 60:e110260"
TENDON_FLAGS = frozenset(
    {AthleteFlag.PREVIOUS_ACHILLES_TENDINOPATHY, AthleteFlag.ACHILLES_TENDINOPATHY}
)
RACE_WEEK_DAYS = 7


def _race_before(inputs: RuleInputs, day: dt.date) -> dt.date | None:
    """The latest race day in the 7 days up to ``day``."""
    recent = [r for r in inputs.race_days if 0 <= (day - r).days < RACE_WEEK_DAYS]
    return max(recent, default=None)


def weekly_progression(inputs: RuleInputs) -> list[Finding]:
    """Caution: ``week_change_pct`` > 20 with ≥ 10 km in the earlier 7 days, or more than 5 km
    added on a smaller base; warning: ``two_week_change_pct`` > 30 with ≥ 20 km in the earlier 14.
    In a return window: the 7-day km more than 20 % above the discounted pre-break weekly km
    (caution) instead. In the 7 days from a race on: at most info.
    """
    data = inputs.volume_distance
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
    windows = return_windows(inputs)
    findings = []
    parts: tuple[LocalizedText, ...]
    for index in range(len(data.series)):
        day = data.day(index)
        window = window_on(windows, day)
        if window is not None:
            found = _return_week(inputs, columns["this_7d_km"][index], day, window)
            findings.extend([found] if found is not None else [])
            continue
        if not (by_pct[index] or by_km[index] or warn[index]):
            continue
        values = {name: _finite(column[index]) for name, column in columns.items()}
        values |= {"increase_km": float(added[index]), "allowance_km": limits.allowance_km}
        if warn[index]:
            severity, parts = Severity.WARNING, (texts.TWO_WEEKS,)
        else:
            lead = texts.WEEK_PCT if by_pct[index] else texts.WEEK_KM
            severity, parts = Severity.CAUTION, (lead, texts.WEEK_ACTION)
            values = {name: value for name, value in values.items() if "14d" not in name}
            values.pop("two_week_change_pct", None)
        findings.append(_progression_finding(inputs, day, severity, parts, values))
    return findings


def _progression_finding(
    inputs: RuleInputs,
    day: dt.date,
    severity: Severity,
    parts: tuple[LocalizedText, ...],
    values: dict[str, float | int | None],
) -> Finding:
    race = _race_before(inputs, day)
    if race is not None:
        severity = Severity.INFO
        parts = (parts[0], texts.RACE_WEEK)
    message = render(*parts, day_date=day, race_date=race, **values)
    return make_finding(
        "volume.weekly_progression", severity, day, message, PROGRESSION_SOURCE, values
    )


def _return_week(
    inputs: RuleInputs, this_7d_km: float, day: dt.date, window: ReturnWindow
) -> Finding | None:
    """The return-window comparison: the 7-day km against the discounted pre-break weekly km
    (with the small-base allowance below ``min_base_km``); silent without history before the
    break."""
    if not np.isfinite(this_7d_km):
        return None
    limits = inputs.policy.weekly_progression
    reference = window.week_km
    if reference is None:  # no history before the break: nothing to compare with
        return None
    small = reference < limits.min_base_km
    limit = reference + limits.allowance_km if small else reference * (1 + limits.caution_pct / 100)
    if not above(float(this_7d_km), limit):
        return None
    values: dict[str, float | int | None] = {
        "this_7d_km": float(this_7d_km),
        "pre_break_week_km": window.pre_break_week_km,
        "reference_km": reference,
        "break_weeks": window.break_weeks,
        "discount_pct": window.discount_pct,
    }
    values |= (
        {"allowance_km": limits.allowance_km} if small else {"caution_pct": limits.caution_pct}
    )
    lead = texts.RETURN_WEEK_SMALL if small else texts.RETURN_WEEK
    return _progression_finding(inputs, day, Severity.CAUTION, (lead, texts.RETURN_ACTION), values)


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
    """The day's longest run vs the longest of the previous 30 days (``session_spike_pct``):
    > 10 % caution, > 30 % warning, > 100 % warning worded as "more than double". Silent before
    28 days of history. In a return window the reference is the larger of that longest run and
    the discounted pre-break longest run. On a race day: info, with recovery as the next step.
    """
    data = inputs.volume_distance
    if data is None:
        return []
    limits = inputs.policy.session_spike
    windows = return_windows(inputs)
    spike_column = data.series.column("session_spike_pct")
    longest_column = data.series.column("longest_session_30d")
    findings = []
    for index in np.flatnonzero(np.isfinite(data.top_session)):
        if index + 1 < limits.min_history_days:
            continue
        day = data.day(int(index))
        session_km, longest = float(data.top_session[index]), float(longest_column[index])
        window = window_on(windows, day)
        pre_break = None if window is None else window.longest_km
        if pre_break is not None and window is not None and not pre_break <= longest:
            if pre_break <= 0:
                continue
            spike = (session_km / pre_break - 1) * 100
            values = _return_values(session_km, spike, window)
            lead = texts.SPIKE_RETURN
        else:
            spike = float(spike_column[index])
            values = {"session_km": session_km, "longest_30d_km": longest, "spike_pct": spike}
            lead = texts.SPIKE_DOUBLE if above(spike, limits.double_pct) else texts.SPIKE_LONGER
        if not above(spike, limits.caution_pct):
            continue
        findings.append(spike_finding(inputs, day, spike, lead, values))
    return findings


def _return_values(session_km: float, spike: float, window: ReturnWindow) -> dict[str, float]:
    return {
        "session_km": session_km,
        "pre_break_km": window.pre_break_longest_km or 0.0,
        "break_weeks": window.break_weeks,
        "discount_pct": window.discount_pct,
        "reference_km": window.longest_km or 0.0,
        "spike_pct": spike,
    }


def spike_finding(
    inputs: RuleInputs,
    day: dt.date,
    spike: float,
    lead: LocalizedText,
    values: dict[str, float],
) -> Finding:
    limits = inputs.policy.session_spike
    next_km = values.get("longest_30d_km", values.get("reference_km"))
    parts: tuple[LocalizedText, ...]
    if day in inputs.race_days:
        severity, parts = Severity.INFO, (lead, texts.RACE_RECOVERY)
    elif above(spike, limits.warning_pct):
        severity, parts = Severity.WARNING, (lead, texts.SPIKE_LINKED, texts.SPIKE_ACTION)
    else:
        severity, parts = Severity.CAUTION, (lead, texts.SPIKE_ACTION)
    message = render(*parts, day_date=day, next_km=next_km, **values)
    return make_finding("volume.session_spike", severity, day, message, SPIKE_SOURCE, values)


def high_for_tendon_risk(inputs: RuleInputs) -> list[Finding]:
    """For an athlete with (a history of) Achilles tendinopathy and ≥ 56 days of history: the
    7-day km above the 90th percentile of the 7-day km of the previous 182 days (linear
    interpolation; a percentile of 0 means no running base and is not used), or above the cap.
    """
    data = inputs.volume_distance
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
    day = data.day(index)
    message = render(*parts, texts.TENDON_ACTION, day_date=day, **values)
    return make_finding(
        "volume.high_for_tendon_risk", Severity.CAUTION, day, message, TENDON_SOURCE, values
    )
