"""Questionnaire rules: ``ostrc.substantial_problem`` (OSTRC-O2, Clarsen et al. 2013/2020) and
``visa_a.change`` (Robinson et al. 2001) (DOMAIN §1.4, §7.2, §7.4, §10 R10–R11).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import render
from service.training.messages import symptom_texts as texts
from service.training.questionnaires import OstrcAnswers
from service.training.rules.common import at_least, make_finding
from service.training.rules.inputs import RuleInputs
from service.training.symptoms import Region, WeeklyCheckin

OSTRC_SOURCE = "Clarsen et al. 2013 BJSM 47:495; OSTRC-O2 (Clarsen et al. 2020)"
VISA_A_SOURCE = "Robinson et al. 2001 BJSM 35:335; MCID JOSPT 2021;51(10)"


def _week_index(day: dt.date) -> int:
    """Consecutive ISO weeks get consecutive numbers (Monday of the week, in weeks)."""
    return (day - dt.timedelta(days=day.weekday())).toordinal() // 7


def _reason(answers: OstrcAnswers) -> LocalizedText:
    _, q2, _, _ = answers.scored
    if answers.q1 == 25:
        return texts.OSTRC_REASON_NO_TRAINING
    if q2 >= 17:
        return texts.OSTRC_REASON_MODIFIED
    return texts.OSTRC_REASON_PERFORMANCE


def ostrc_substantial(inputs: RuleInputs) -> list[Finding]:
    """Warning on a substantial problem (Q1 = 25, Q2 ≥ 17 or Q3 ≥ 17); referral when the same
    region was substantial in each of the last 2 ISO weeks (this one included).
    """
    substantial_weeks: dict[Region, set[int]] = defaultdict(set)
    findings = []
    for checkin in inputs.weekly:
        if checkin.ostrc is None or not checkin.ostrc.substantial:
            continue
        week = _week_index(checkin.day)
        substantial_weeks[checkin.region].add(week)
        streak = 1
        while week - streak in substantial_weeks[checkin.region]:
            streak += 1
        findings.append(_ostrc_finding(checkin, checkin.ostrc, streak, inputs))
    return findings


def _ostrc_finding(
    checkin: WeeklyCheckin, answers: OstrcAnswers, streak: int, inputs: RuleInputs
) -> Finding:
    q1, q2, q3, q4 = answers.scored
    values = {
        "q1": q1,
        "q2": q2,
        "q3": q3,
        "q4": q4,
        "severity_score": answers.severity,
        "streak_weeks": streak,
    }
    if streak >= inputs.policy.ostrc_substantial.referral_weeks:
        severity, template = Severity.REFERRAL, texts.OSTRC_REFERRAL
    else:
        severity, template = Severity.WARNING, texts.OSTRC_SUBSTANTIAL
    message = render(template, region=checkin.region, reason=_reason(answers), **values)
    return make_finding(
        "ostrc.substantial_problem",
        severity,
        checkin.day,
        message,
        OSTRC_SOURCE,
        values,
        checkin.region,
    )


def visa_a_change(inputs: RuleInputs) -> list[Finding]:
    """Against the best earlier VISA-A score: ≥ 10 points lower is a warning, ≥ 10 points higher
    (a clear new best) is good news (info). The first score is the baseline and fires nothing.
    """
    mcid = inputs.policy.visa_a_change.mcid
    best: int | None = None
    findings = []
    for checkin in inputs.weekly:
        if checkin.visa_a is None:
            continue
        score = checkin.visa_a.total
        if best is not None and at_least(abs(score - best), mcid):
            values = {
                "visa_a_score": score,
                "best_score": best,
                "change_points": abs(score - best),
                "mcid": mcid,
            }
            fell = score < best
            severity = Severity.WARNING if fell else Severity.INFO
            message = render(texts.VISA_A_FELL if fell else texts.VISA_A_ROSE, **values)
            findings.append(
                make_finding(
                    "visa_a.change",
                    severity,
                    checkin.day,
                    message,
                    VISA_A_SOURCE,
                    values,
                    checkin.region,
                )
            )
        best = score if best is None else max(best, score)
    return findings
