"""Questionnaire rules: ``ostrc.substantial_problem`` (OSTRC-O2, Clarsen et al. 2013/2020) and
``visa_a.change`` (Robinson et al. 2001) (DOMAIN §1.4, §1.6.4, §7.2, §7.4, §10 R10–R11).

The OSTRC questionnaire covers the past 7 days, so a region's answer sets count at most one per
week: a set answered on Sunday and another on Monday are one week, not two in a row.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence

from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import region_care, render
from service.training.messages import symptom_texts as texts
from service.training.questionnaires import OstrcAnswers
from service.training.rules.common import at_least, make_finding
from service.training.rules.inputs import RuleInputs
from service.training.symptoms import Region, WeeklyCheckin

OSTRC_SOURCE = "Clarsen et al. 2013 BJSM 47:495; OSTRC-O2 (Clarsen et al. 2020)"
VISA_A_SOURCE = "Robinson et al. 2001 BJSM 35:335; MCID JOSPT 2021;51(10)"
MIN_GAP_DAYS = 6
MAX_GAP_DAYS = 13


def _reason(answers: OstrcAnswers) -> LocalizedText:
    _, q2, _, _ = answers.scored
    if answers.q1 == 25:
        return texts.OSTRC_REASON_NO_TRAINING
    if q2 >= 17:
        return texts.OSTRC_REASON_MODIFIED
    return texts.OSTRC_REASON_PERFORMANCE


def _consecutive(earlier: WeeklyCheckin, later: WeeklyCheckin) -> bool:
    """Two counted answer sets of consecutive weeks: 6–13 days apart."""
    return MIN_GAP_DAYS <= (later.day - earlier.day).days <= MAX_GAP_DAYS


def _answers(checkin: WeeklyCheckin) -> OstrcAnswers:
    if checkin.ostrc is None:
        raise ValueError("only answer sets are counted")
    return checkin.ostrc


def _streak(counted: list[WeeklyCheckin]) -> int:
    """Counted sets in a row, up to the last, that were substantial a week apart."""
    streak = 1
    while streak < len(counted) and _answers(counted[-streak - 1]).substantial:
        if not _consecutive(counted[-streak - 1], counted[-streak]):
            break
        streak += 1
    return streak


def _rising(counted: list[WeeklyCheckin], sets: int) -> bool:
    """The severity score rose from each counted set to the next over the last ``sets``."""
    last = counted[-sets:]
    return len(last) == sets and all(
        _consecutive(a, b) and _answers(a).severity < _answers(b).severity
        for a, b in itertools.pairwise(last)
    )


def ostrc_substantial(inputs: RuleInputs) -> list[Finding]:
    """Per region, answer sets count at most one per 7 days: a set less than 6 days after the
    last counted one replaces it (a Sunday and the next Monday are one week). Warning on a
    substantial problem (Q1 = 25, Q2 ≥ 17 or Q3 ≥ 17); referral when the region was substantial
    in ``referral_weeks`` (2) counted sets in a row, each 6–13 days after the one before, or when
    the severity score rose over ``rising_sets`` (3) counted sets in a row.
    """
    limits = inputs.policy.ostrc_substantial
    counted: dict[Region, list[WeeklyCheckin]] = defaultdict(list)
    findings = []
    for checkin in inputs.weekly:
        if checkin.ostrc is None:
            continue
        sets = counted[checkin.region]
        if sets and (checkin.day - sets[-1].day).days < MIN_GAP_DAYS:
            sets[-1] = checkin
        else:
            sets.append(checkin)
        streak = _streak(sets) if checkin.ostrc.substantial else 0
        if streak >= limits.referral_weeks:
            findings.append(
                _ostrc_finding(checkin, streak, Severity.REFERRAL, texts.OSTRC_REFERRAL)
            )
        elif _rising(sets, limits.rising_sets):
            findings.append(_rising_finding(checkin, sets[-limits.rising_sets :]))
        elif streak:
            findings.append(
                _ostrc_finding(checkin, streak, Severity.WARNING, texts.OSTRC_SUBSTANTIAL)
            )
    return findings


def _ostrc_values(answers: OstrcAnswers) -> dict[str, int]:
    q1, q2, q3, q4 = answers.scored
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "severity_score": answers.severity}


def _ostrc_finding(
    checkin: WeeklyCheckin, streak: int, severity: Severity, template: LocalizedText
) -> Finding:
    answers = _answers(checkin)
    values = {**_ostrc_values(answers), "streak_weeks": streak}
    message = render(
        template,
        *region_care(checkin.region, next_step=severity is not Severity.REFERRAL),
        region=checkin.region,
        reason=_reason(answers),
        day_date=checkin.day,
        **values,
    )
    return _finding(checkin, severity, message, values)


def _rising_finding(checkin: WeeklyCheckin, sets: list[WeeklyCheckin]) -> Finding:
    values = {**_ostrc_values(_answers(checkin)), "rising_sets": len(sets)}
    listed = ", ".join(f"{_answers(s).severity}/100" for s in sets)
    scores = LocalizedText(listed, listed, staff=LocalizedText(listed, listed))
    message = render(
        texts.OSTRC_RISING,
        *region_care(checkin.region),
        region=checkin.region,
        scores=scores,
        day_date=checkin.day,
        **values,
    )
    return _finding(checkin, Severity.REFERRAL, message, values)


def _finding(
    checkin: WeeklyCheckin,
    severity: Severity,
    message: LocalizedText,
    values: Mapping[str, int],
) -> Finding:
    return make_finding(
        "ostrc.substantial_problem",
        severity,
        checkin.day,
        message,
        OSTRC_SOURCE,
        values,
        checkin.region,
    )


def visa_a_change(inputs: RuleInputs, earlier: Sequence[Finding] = ()) -> list[Finding]:
    """Against the best earlier VISA-A score: ≥ 10 points lower is a warning, ≥ 10 points higher
    (a clear new best) is good news (info). The first score is the baseline and fires nothing.
    The good news says "keep building up" only when the score is at least 80 and no warning or
    referral about the region is less than 7 days old (``earlier``: the other rules' findings);
    otherwise it says "keep going as you are".
    """
    limits = inputs.policy.visa_a_change
    best: int | None = None
    findings = []
    for checkin in inputs.weekly:
        if checkin.visa_a is None:
            continue
        score = checkin.visa_a.total
        if best is not None and at_least(abs(score - best), limits.mcid):
            values = {
                "visa_a_score": score,
                "best_score": best,
                "change_points": abs(score - best),
                "mcid": limits.mcid,
            }
            fell = score < best
            severity = Severity.WARNING if fell else Severity.INFO
            if fell:
                template = texts.VISA_A_FELL
            elif _may_build_up(inputs, checkin, score, earlier):
                template = texts.VISA_A_ROSE
            else:
                template = texts.VISA_A_ROSE_HOLD
            care = region_care(checkin.region) if fell else ()
            message = render(template, *care, **values)
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


def _may_build_up(
    inputs: RuleInputs, checkin: WeeklyCheckin, score: int, earlier: Sequence[Finding]
) -> bool:
    limits = inputs.policy.visa_a_change
    if score < limits.build_up_score:
        return False
    recent = dt.timedelta(days=limits.recent_days)
    return not any(
        finding.region is checkin.region
        and finding.severity.rank >= Severity.WARNING.rank
        and checkin.day - recent < finding.date <= checkin.day
        for finding in earlier
    )
