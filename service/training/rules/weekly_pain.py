"""The weekly pain value of a region and ``pain.weekly_trend`` (DOMAIN §1.6.4, §7.1, R7).

Per region and ISO week (Monday to Sunday), the **weekly pain value** is the week's ``pain_week``
answer (the latest, when there are several), else the mean of its morning and after-run pain
answers when at least 3 exist, else undefined: one bad morning is not a week. Pain must not rise
from week to week (Silbernagel et al. 2007): more than 1 point above the week before is a
caution; more than 2 points, or a creeping rise (at least 2 points above two weeks earlier and
rising in each of those weeks, 2 → 3 → 4), or at least 3 points above three weeks earlier, is a
warning.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import region_care, render
from service.training.messages import symptom_texts as texts
from service.training.rules.common import above, at_least, make_finding
from service.training.rules.inputs import RuleInputs
from service.training.symptoms import DailyCheckin, PostRunCheckin, Region

SOURCE = "Silbernagel et al. 2007 AJSM 35:897 (pain-monitoring model)"


def week_number(day: dt.date) -> int:
    """Consecutive ISO weeks get consecutive numbers (the Monday's ordinal // 7)."""
    return (day - dt.timedelta(days=day.weekday())).toordinal() // 7


def week_monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class WeekAnswers:
    """One region's pain answers of one ISO week, in day order."""

    weekly: list[tuple[dt.date, int]] = field(default_factory=list)
    daily: list[tuple[dt.date, int]] = field(default_factory=list)

    def value(self, up_to: dt.date | None, min_values: int) -> float | None:
        """The week's pain value from the answers up to ``up_to`` (all when None)."""
        weekly = [(d, v) for d, v in self.weekly if up_to is None or d <= up_to]
        if weekly:
            last_day = weekly[-1][0]
            return float(max(v for d, v in weekly if d == last_day))
        daily = [v for d, v in self.daily if up_to is None or d <= up_to]
        return statistics.fmean(daily) if len(daily) >= min_values else None


def region_weeks(inputs: RuleInputs) -> dict[Region, dict[int, WeekAnswers]]:
    """Region → week number → the week's pain answers."""
    weeks: dict[Region, dict[int, WeekAnswers]] = defaultdict(lambda: defaultdict(WeekAnswers))
    for checkin in inputs.weekly:
        if checkin.pain_week is not None:
            weeks[checkin.region][week_number(checkin.day)].weekly.append(
                (checkin.day, checkin.pain_week)
            )
    others: tuple[DailyCheckin | PostRunCheckin, ...] = (*inputs.daily, *inputs.post_run)
    for answer in others:
        for name in ("morning_pain", "pain_during", "pain_after"):
            value = getattr(answer, name, None)
            if value is not None:
                weeks[answer.region][week_number(answer.day)].daily.append((answer.day, value))
    for by_week in weeks.values():
        for answers in by_week.values():
            answers.weekly.sort()
            answers.daily.sort()
    return weeks


@dataclass(frozen=True, slots=True)
class WeekValues:
    """The weekly pain values of the week of ``day`` (up to it) and the three weeks before."""

    this: float | None
    last: float | None
    two_before: float | None
    three_before: float | None


def week_values(by_week: dict[int, WeekAnswers], day: dt.date, min_values: int) -> WeekValues:
    week = week_number(day)

    def whole(offset: int) -> float | None:
        answers = by_week.get(week - offset)
        return None if answers is None else answers.value(None, min_values)

    current = by_week.get(week)
    this = None if current is None else current.value(day, min_values)
    return WeekValues(this, whole(1), whole(2), whole(3))


def rising(values: WeekValues) -> bool:
    """Whether the weekly value rose in each of the last two weeks (two before < last < this)."""
    this, last, two = values.this, values.last, values.two_before
    if this is None or last is None or two is None:
        return False
    return above(last, two) and above(this, last)


def weekly_trend(inputs: RuleInputs) -> list[Finding]:
    """Evaluated on each day a region's pain is recorded, with that week's answers up to it."""
    limits = inputs.policy.weekly_trend
    findings = []
    for region, by_week in region_weeks(inputs).items():
        days = sorted(
            {d for answers in by_week.values() for d, _ in (*answers.weekly, *answers.daily)}
        )
        for day in days:
            values = week_values(by_week, day, limits.min_values)
            finding = _trend(inputs, region, day, values)
            if finding is not None:
                findings.append(finding)
    return findings


def _trend(inputs: RuleInputs, region: Region, day: dt.date, week: WeekValues) -> Finding | None:
    limits = inputs.policy.weekly_trend
    this, last = week.this, week.last
    if this is None:
        return None
    values: dict[str, float | None] = {"this_week_pain": this, "last_week_pain": last}
    lead: LocalizedText | None = None
    severity = Severity.WARNING
    if last is not None and above(this, last + limits.warning_rise_points):
        lead = texts.WEEKLY_TREND
    elif rising(week) and at_least(this, (week.two_before or 0) + limits.creep_points):
        lead = texts.WEEKLY_CREEP
        values["two_weeks_before_pain"] = week.two_before
    elif week.three_before is not None and at_least(
        this, week.three_before + limits.three_week_points
    ):
        lead = texts.WEEKLY_THREE_WEEKS
        values = {"this_week_pain": this, "three_weeks_before_pain": week.three_before}
    elif last is not None and above(this, last + limits.rise_points):
        lead, severity = texts.WEEKLY_TREND, Severity.CAUTION
    if lead is None:
        return None
    action = (
        texts.WEEKLY_WARNING_ACTION if severity is Severity.WARNING else texts.WEEKLY_CAUTION_ACTION
    )
    message = render(
        lead,
        action,
        *region_care(region, next_step=True),
        region_pain=region,
        week_date=week_monday(day),
        **values,
    )
    return make_finding("pain.weekly_trend", severity, day, message, SOURCE, values, region)
