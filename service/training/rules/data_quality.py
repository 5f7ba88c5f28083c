"""``data.outlier_day``: a day far above the athlete's usual training days (DOMAIN §1.6.4, R17).

The days are found while the inputs are built (:mod:`service.training.outliers`), because the
distance rules must leave an unconfirmed outlier day out; this rule tells the athlete about each.
"""

from __future__ import annotations

from service.training.findings import Finding, Severity
from service.training.messages import load_texts as texts
from service.training.messages import render
from service.training.rules.common import make_finding
from service.training.rules.inputs import RuleInputs

SOURCE = "acwr 0.1.1 data-quality checks (outlier day)"


def outlier_day(inputs: RuleInputs) -> list[Finding]:
    """Info on each outlier day the athlete has not confirmed: "is this right?"."""
    limits = inputs.policy.outlier_day
    findings = []
    for outlier in inputs.outliers:
        values = {
            "day_km": outlier.day_load,
            "reference_km": outlier.reference,
            "factor": limits.factor,
            "percentile_pct": limits.percentile,
            "history_days": limits.history_days,
        }
        message = render(texts.OUTLIER, day_date=outlier.day, **values)
        findings.append(
            make_finding("data.outlier_day", Severity.INFO, outlier.day, message, SOURCE, values)
        )
    return findings
