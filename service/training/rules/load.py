"""Load-context rules: ``load.acwr_context``, ``load.monotony_strain`` and
``load.return_from_break`` (DOMAIN §1.4, §1.6.4, §3, §5, §10 R4, R12, R15).

The acute:chronic ratio never warns by itself (Impellizzeri et al. 2020/2021; Frandsen et al.
2025): it is shown as information only on a day on which a ``volume.*`` rule fired, and it is
hidden for 28 days after a return from a break, when the empty weeks dominate it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import load_texts as texts
from service.training.messages import render
from service.training.policy_params import MonotonyStrain
from service.training.rules.common import TOLERANCE, FloatArray, above, make_finding
from service.training.rules.inputs import RuleInputs
from service.training.rules.return_window import break_returns, return_windows

ACWR_SOURCE = "Gabbett 2016 BJSM 50:273; Impellizzeri et al. 2020 IJSPP 15:907 (context only)"
FOSTER_SOURCE = "Foster 1998 MSSE 30:1164"
BREAK_SOURCE = "acwr 0.1.1 break check; return-to-run references after a break (design choice)"

__all__ = ["acwr_context", "break_returns", "monotony_strain", "return_from_break"]


def return_from_break(inputs: RuleInputs) -> list[Finding]:
    """Info on the first run after ≥ 14 days without running: return-to-run guidance, with the
    pre-break references the volume rules use for the next 28 days."""
    data = inputs.loads.get("distance_km")
    if data is None:
        return []
    findings = []
    for window in return_windows(inputs):
        index = data.series.index_of(window.first_run)
        values = {
            "break_days": window.break_days,
            "session_km": _finite(data.top_session[index]),
            "pre_break_km": window.pre_break_longest_km,
            "hide_days": inputs.policy.return_from_break.hide_ratio_days,
        }
        parts = [texts.BREAK_FIRST_RUN]
        if values["session_km"] is not None and values["pre_break_km"] is not None:
            parts.append(texts.BREAK_DISTANCES)
        parts.append(texts.BREAK_ACTION)
        if window.longest_km is not None and window.week_km is not None:
            parts.append(texts.BREAK_REFERENCES)
        message = render(
            *parts,
            day_date=window.first_run,
            window_days=inputs.policy.return_from_break.window_days,
            discount_pct=window.discount_pct,
            reference_km=window.longest_km,
            reference_week_km=window.week_km,
            **values,
        )
        findings.append(
            make_finding(
                "load.return_from_break",
                Severity.INFO,
                window.first_run,
                message,
                BREAK_SOURCE,
                values,
            )
        )
    return findings


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def acwr_context(inputs: RuleInputs, volume_findings: Sequence[Finding]) -> list[Finding]:
    """Info when ``acwr_rolling`` > 1.5 or ``acwr_uncoupled`` > 1.8 on a day a volume rule fired,
    except within ``hide_ratio_days`` of a return from a break. An infinite uncoupled ratio (no
    chronic base) is not a number to show and does not fire.
    """
    limits = inputs.policy.acwr_context
    data = inputs.loads.get(limits.measure)
    if data is None:
        return []
    hide = inputs.policy.return_from_break.hide_ratio_days
    hidden = {
        run_day + dt.timedelta(days=offset)
        for run_day, _ in break_returns(inputs)
        for offset in range(hide + 1)
    }
    rolling = data.series.column("acwr_rolling")
    uncoupled = data.series.column("acwr_uncoupled")
    findings = []
    for day in sorted({finding.date for finding in volume_findings} - hidden):
        index = data.series.index_of(day)
        values = {
            "acwr_rolling_ratio": _finite(rolling[index]),
            "acwr_uncoupled_ratio": _finite(uncoupled[index]),
        }
        rolling_high = above(float(rolling[index]), limits.rolling_high)
        uncoupled_high = bool(np.isfinite(uncoupled[index])) and above(
            float(uncoupled[index]), limits.uncoupled_high
        )
        if not (rolling_high or uncoupled_high):
            continue
        lead = texts.ACWR_ROLLING if rolling_high else texts.ACWR_UNCOUPLED
        message = render(lead, texts.ACWR_MEANING, measure=limits.measure, day_date=day, **values)
        findings.append(
            make_finding("load.acwr_context", Severity.INFO, day, message, ACWR_SOURCE, values)
        )
    return findings


def monotony_strain(inputs: RuleInputs) -> list[Finding]:
    """Info: ``monotony_7d`` > 2.0 (infinite, i.e. the same load every day, included) on a day
    whose ``acute_7d`` is above 1.1 × ``chronic_28d`` (a steady runner's flat weeks are not news).
    Caution: a finite ``strain_7d`` above the 90th percentile of the athlete's finite ``strain_7d``
    values over the previous 84 days, when at least 28 of them exist.
    """
    limits = inputs.policy.monotony_strain
    data = inputs.checked_load(limits.measure)
    if data is None:
        return []
    monotony = data.series.column("monotony_7d")
    strain = data.series.column("strain_7d")
    acute = data.series.column("acute_7d")
    chronic = data.series.column("chronic_28d")
    with np.errstate(invalid="ignore"):  # NaN (undefined) is never heavier
        heavier = acute > limits.acute_over_chronic * chronic * (1 + TOLERANCE)
    findings = []
    for index in range(len(data.series)):
        reference = _strain_reference(strain, index, limits)
        strain_high = reference is not None and above(float(strain[index]), reference)
        uniform = bool(heavier[index]) and above(float(monotony[index]), limits.monotony_high)
        if not (strain_high or uniform):
            continue
        findings.append(_monotony_finding(inputs, index, reference, strain_high))
    return findings


def _monotony_finding(
    inputs: RuleInputs, index: int, reference: float | None, strain_high: bool
) -> Finding:
    limits = inputs.policy.monotony_strain
    data = inputs.checked_load(limits.measure)
    if data is None:
        raise ValueError("monotony needs its measure's load data")
    monotony = data.series.column("monotony_7d")[index]
    values = {
        "monotony_ratio": _finite(monotony),
        "limit_ratio": limits.monotony_high,
        "strain": _finite(data.series.column("strain_7d")[index]),
        "reference": reference,
        "percentile_pct": limits.strain_percentile,
        "history_days": limits.strain_history_days,
        "acute_7d": _finite(data.series.column("acute_7d")[index]),
        "chronic_28d": _finite(data.series.column("chronic_28d")[index]),
    }
    parts: tuple[LocalizedText, ...]
    if strain_high:
        severity, parts = Severity.CAUTION, (texts.STRAIN,)
    else:
        lead = texts.MONOTONY if np.isfinite(monotony) else texts.MONOTONY_CONSTANT
        severity = Severity.INFO
        parts = (lead, texts.MONOTONY_HEAVIER, texts.MONOTONY_ACTION)
    day = data.day(index)
    message = render(*parts, measure=limits.measure, unit=limits.measure, day_date=day, **values)
    return make_finding("load.monotony_strain", severity, day, message, FOSTER_SOURCE, values)


def _strain_reference(strain: FloatArray, index: int, limits: MonotonyStrain) -> float | None:
    if not np.isfinite(strain[index]):
        return None
    earlier = strain[max(0, index - limits.strain_history_days) : index]
    earlier = earlier[np.isfinite(earlier)]
    if earlier.shape[0] < limits.min_strain_values:
        return None
    return float(np.percentile(earlier, limits.strain_percentile))
