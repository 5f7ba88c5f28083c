"""Pain-monitoring rules after Silbernagel et al. 2007 (DOMAIN §1.4, §7.1, §10 R5–R7):
``pain.during_or_after_run``, ``pain.next_morning`` and ``pain.weekly_trend``.

Each rule works per body region and fires on the day of the check-in that shows the problem.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Sequence

from service.training.findings import Finding, Severity
from service.training.messages import render
from service.training.messages import symptom_texts as texts
from service.training.rules.common import above, make_finding
from service.training.rules.inputs import RuleInputs
from service.training.symptoms import DailyCheckin, Region, WeeklyCheckin

SOURCE = "Silbernagel et al. 2007 AJSM 35:897 (pain-monitoring model)"


def during_or_after_run(inputs: RuleInputs) -> list[Finding]:
    """Warning when ``pain_during`` or ``pain_after`` is above the ceiling (5/10)."""
    ceiling = inputs.policy.during_or_after_run.ceiling
    findings = []
    for checkin in inputs.post_run:
        during, after = checkin.pain_during or 0, checkin.pain_after or 0
        if not above(max(during, after), ceiling):
            continue
        template = texts.PAIN_DURING if during >= after else texts.PAIN_AFTER
        values = {
            "pain_during": checkin.pain_during,
            "pain_after": checkin.pain_after,
            "ceiling_pain": ceiling,
        }
        message = render(
            template,
            texts.PAIN_RUN_ACTION,
            region_pain=checkin.region,
            rated_pain=max(during, after),
            **values,
        )
        findings.append(
            make_finding(
                "pain.during_or_after_run",
                Severity.WARNING,
                checkin.day,
                message,
                SOURCE,
                values,
                checkin.region,
            )
        )
    return findings


def _mornings(inputs: RuleInputs) -> dict[Region, list[DailyCheckin]]:
    """Daily check-ins per region, one per day (the last given wins), in day order."""
    by_region: dict[Region, dict[dt.date, DailyCheckin]] = defaultdict(dict)
    for checkin in inputs.daily:
        by_region[checkin.region][checkin.day] = checkin
    return {region: [days[d] for d in sorted(days)] for region, days in by_region.items()}


def _baseline(
    mornings: Sequence[DailyCheckin], index: int, field: str, inputs: RuleInputs
) -> float | None:
    """Median of ``field`` over the last ``baseline_mornings`` mornings before ``index`` that
    recorded it; None with fewer than ``min_mornings`` of them.
    """
    limits = inputs.policy.next_morning
    recorded: list[float] = []
    for earlier in range(index - 1, -1, -1):
        value = getattr(mornings[earlier], field)
        if value is not None:
            recorded.append(value)
            if len(recorded) == limits.baseline_mornings:
                break
    return statistics.median(recorded) if len(recorded) >= limits.min_mornings else None


def _elevated(mornings: Sequence[DailyCheckin], index: int, inputs: RuleInputs) -> dict[str, float]:
    """The morning's fields above their baselines, with the baselines (empty if none is above)."""
    raised: dict[str, float] = {}
    for field in ("morning_pain", "morning_stiffness_min"):
        value = getattr(mornings[index], field)
        baseline = None if value is None else _baseline(mornings, index, field, inputs)
        if value is not None and baseline is not None and above(float(value), baseline):
            raised[field] = baseline
    return raised


def next_morning(inputs: RuleInputs) -> list[Finding]:
    """Caution: morning pain or stiffness above the median of the previous 7 recorded mornings (at
    least 3) the morning after a run. Warning: above it on two mornings in a row (consecutive
    days), the first of them the morning after a run or the one after that.
    """
    run_days = set(inputs.run_days)
    findings = []
    for region, mornings in _mornings(inputs).items():
        elevated = [_elevated(mornings, index, inputs) for index in range(len(mornings))]
        for index, raised in enumerate(elevated):
            if not raised:
                continue
            day = mornings[index].day
            one_day = dt.timedelta(days=1)
            in_a_row = (
                index > 0 and mornings[index - 1].day == day - one_day and elevated[index - 1]
            )
            if in_a_row and run_days & {day - one_day, day - 2 * one_day}:
                severity = Severity.WARNING
            elif day - one_day in run_days:
                severity = Severity.CAUTION
            else:
                continue
            findings.append(_morning_finding(mornings[index], raised, severity, region, inputs))
    return findings


def _morning_finding(
    checkin: DailyCheckin,
    raised: dict[str, float],
    severity: Severity,
    region: Region,
    inputs: RuleInputs,
) -> Finding:
    values = {
        "morning_pain": checkin.morning_pain,
        "baseline_pain": raised.get("morning_pain"),
        "stiffness_min": checkin.morning_stiffness_min,
        "baseline_min": raised.get("morning_stiffness_min"),
    }
    lead = texts.MORNING_PAIN if "morning_pain" in raised else texts.MORNING_STIFFNESS
    action = (
        texts.MORNING_WARNING_ACTION
        if severity is Severity.WARNING
        else texts.MORNING_CAUTION_ACTION
    )
    message = render(
        lead,
        action,
        region=region,
        region_pain=region,
        recorded_mornings=inputs.policy.next_morning.baseline_mornings,
        **values,
    )
    return make_finding("pain.next_morning", severity, checkin.day, message, SOURCE, values, region)


Answers = dict[tuple[Region, str, int], list[tuple[dt.date, int]]]
"""(region, field, week number) → the week's (day, pain) answers in day order."""


def _week_of(day: dt.date) -> int:
    """Consecutive ISO weeks get consecutive numbers (the Monday's ordinal // 7)."""
    return (day - dt.timedelta(days=day.weekday())).toordinal() // 7


def weekly_trend(inputs: RuleInputs) -> list[Finding]:
    """Warning when this ISO week's mean pain for a region is more than 1 point above last week's.

    The weekly pain is the mean of the week's ``pain_week`` answers; when either week has none,
    the mean of the week's ``morning_pain`` answers (Silbernagel's weekly mean of daily values).
    Both weeks must use the same field. Evaluated on each day a region's pain is recorded, with
    this week's answers up to that day.
    """
    answers: Answers = defaultdict(list)
    checkins: tuple[WeeklyCheckin | DailyCheckin, ...] = (*inputs.weekly, *inputs.daily)
    for checkin in checkins:
        for field in ("pain_week", "morning_pain"):
            value = getattr(checkin, field, None)
            if value is not None:
                answers[(checkin.region, field, _week_of(checkin.day))].append((checkin.day, value))
    for items in answers.values():
        items.sort()
    days = sorted({(region, day) for (region, _, _), items in answers.items() for day, _ in items})
    findings = []
    for region, day in days:
        finding = _trend_on(region, day, answers, inputs)
        if finding is not None:
            findings.append(finding)
    return findings


def _trend_on(region: Region, day: dt.date, answers: Answers, inputs: RuleInputs) -> Finding | None:
    week = _week_of(day)
    for field in ("pain_week", "morning_pain"):
        now = [value for d, value in answers.get((region, field, week), []) if d <= day]
        before = [value for _, value in answers.get((region, field, week - 1), [])]
        if not now or not before:
            continue
        this_mean, last_mean = statistics.fmean(now), statistics.fmean(before)
        if not above(this_mean, last_mean + inputs.policy.weekly_trend.rise_points):
            return None
        values = {"this_week_pain": this_mean, "last_week_pain": last_mean}
        message = render(texts.WEEKLY_TREND, region_pain=region, **values)
        return make_finding(
            "pain.weekly_trend", Severity.WARNING, day, message, SOURCE, values, region
        )
    return None
