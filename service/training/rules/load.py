"""Load-context rules: ``load.acwr_context``, ``load.monotony_strain`` and
``load.return_from_break`` (DOMAIN §1.4, §3, §5, §10 R4, R12, R15).

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
from service.training.rules.common import FloatArray, above, make_finding, runs_after_pause
from service.training.rules.inputs import RuleInputs

ACWR_SOURCE = "Gabbett 2016 BJSM 50:273; Impellizzeri et al. 2020 IJSPP 15:907 (context only)"
FOSTER_SOURCE = "Foster 1998 MSSE 30:1164"
BREAK_SOURCE = "DOMAIN §10 R15 (return from a break); acwr 0.1.1 break check"


def break_returns(inputs: RuleInputs) -> list[tuple[dt.date, int]]:
    """(first run after the break, days without running) for each break of ≥ ``break_days``."""
    minimum = inputs.policy.return_from_break.break_days
    return runs_after_pause(inputs.first_day, inputs.run_days, minimum)


def return_from_break(inputs: RuleInputs) -> list[Finding]:
    """Info on the first run after ≥ 14 days without running: return-to-run guidance."""
    data = inputs.loads.get("distance_km")
    if data is None:
        return []
    findings = []
    for run_day, days_without in break_returns(inputs):
        index = data.series.index_of(run_day)
        before_break = data.top_session[max(0, index - days_without - 30) : index - days_without]
        before_break = before_break[np.isfinite(before_break)]
        values = {
            "break_days": days_without,
            "session_km": _finite(data.top_session[index]),
            "pre_break_km": float(before_break.max()) if before_break.shape[0] else None,
            "hide_days": inputs.policy.return_from_break.hide_ratio_days,
        }
        parts = [texts.BREAK_FIRST_RUN]
        if values["session_km"] is not None and values["pre_break_km"] is not None:
            parts.append(texts.BREAK_DISTANCES)
        message = render(*parts, texts.BREAK_ACTION, **values)
        findings.append(
            make_finding(
                "load.return_from_break", Severity.INFO, run_day, message, BREAK_SOURCE, values
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
        message = render(lead, texts.ACWR_MEANING, measure=limits.measure, **values)
        findings.append(
            make_finding("load.acwr_context", Severity.INFO, day, message, ACWR_SOURCE, values)
        )
    return findings


def monotony_strain(inputs: RuleInputs) -> list[Finding]:
    """Info: ``monotony_7d`` > 2.0 (infinite, i.e. the same load every day, included). Caution:
    a finite ``strain_7d`` above the 90th percentile of the athlete's finite ``strain_7d`` values
    over the previous 84 days, when at least 28 of them exist.
    """
    limits = inputs.policy.monotony_strain
    data = inputs.loads.get(limits.measure)
    if data is None:
        return []
    monotony = data.series.column("monotony_7d")
    strain = data.series.column("strain_7d")
    findings = []
    for index in range(len(data.series)):
        reference = _strain_reference(strain, index, limits)
        strain_high = reference is not None and above(float(strain[index]), reference)
        if not (strain_high or above(float(monotony[index]), limits.monotony_high)):
            continue
        values = {
            "monotony_ratio": _finite(monotony[index]),
            "limit_ratio": limits.monotony_high,
            "strain": _finite(strain[index]),
            "reference": reference,
            "percentile_pct": limits.strain_percentile,
            "history_days": limits.strain_history_days,
        }
        parts: tuple[LocalizedText, ...]
        if strain_high:
            severity, parts = Severity.CAUTION, (texts.STRAIN,)
        else:
            lead = texts.MONOTONY if np.isfinite(monotony[index]) else texts.MONOTONY_CONSTANT
            severity, parts = Severity.INFO, (lead, texts.MONOTONY_ACTION)
        message = render(*parts, measure=limits.measure, **values)
        day = data.day(index)
        findings.append(
            make_finding("load.monotony_strain", severity, day, message, FOSTER_SOURCE, values)
        )
    return findings


def _strain_reference(strain: FloatArray, index: int, limits: MonotonyStrain) -> float | None:
    if not np.isfinite(strain[index]):
        return None
    earlier = strain[max(0, index - limits.strain_history_days) : index]
    earlier = earlier[np.isfinite(earlier)]
    if earlier.shape[0] < limits.min_strain_values:
        return None
    return float(np.percentile(earlier, limits.strain_percentile))
