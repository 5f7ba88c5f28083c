"""Pain-monitoring rules after Silbernagel et al. 2007 (DOMAIN §1.4, §7.1, §10 R5–R6):
``pain.during_or_after_run`` and ``pain.next_morning`` (``pain.weekly_trend`` is in
:mod:`.weekly_pain`).

Each rule works per body region and fires on the day of the check-in that shows the problem; its
message ends with the region's self-care line and next step (DOMAIN §1.6.3).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Sequence

from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import region_care, render
from service.training.messages import symptom_texts as texts
from service.training.rules.common import above, make_finding
from service.training.rules.inputs import RuleInputs
from service.training.rules.weekly_pain import weekly_trend
from service.training.symptoms import DailyCheckin, Onset, Region

__all__ = ["during_or_after_run", "next_morning", "weekly_trend"]

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
            _run_action(inputs, checkin.region, checkin.day),
            *region_care(checkin.region, next_step=True),
            region_pain=checkin.region,
            rated_pain=max(during, after),
            day_date=checkin.day,
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


def _run_action(inputs: RuleInputs, region: Region, day: dt.date) -> LocalizedText:
    """ "Shorter or easier next time" for overload; for pain of a sudden episode (a possible
    injury, such as a muscle tear), not running on it."""
    episode = inputs.episode_on(region, day)
    if episode is not None and episode.onset is Onset.SUDDEN:
        return texts.PAIN_SUDDEN_ACTION
    return texts.PAIN_RUN_ACTION


def _mornings(inputs: RuleInputs) -> dict[Region, list[DailyCheckin]]:
    """Daily check-ins per region, one per day (the last given wins), in day order."""
    by_region: dict[Region, dict[dt.date, DailyCheckin]] = defaultdict(dict)
    for checkin in inputs.daily:
        by_region[checkin.region][checkin.day] = checkin
    return {region: [days[d] for d in sorted(days)] for region, days in by_region.items()}


Baseline = tuple[float, int]
"""(median, number of mornings it rests on)."""


def _baseline(
    mornings: Sequence[DailyCheckin], index: int, field: str, inputs: RuleInputs
) -> Baseline | None:
    """Median of ``field`` over the last ``baseline_mornings`` mornings before ``index`` that
    recorded it, with how many they are; None with fewer than ``min_mornings`` of them.
    """
    limits = inputs.policy.next_morning
    recorded: list[float] = []
    for earlier in range(index - 1, -1, -1):
        value = getattr(mornings[earlier], field)
        if value is not None:
            recorded.append(value)
            if len(recorded) == limits.baseline_mornings:
                break
    if len(recorded) < limits.min_mornings:
        return None
    return statistics.median(recorded), len(recorded)


def _elevated(
    mornings: Sequence[DailyCheckin], index: int, inputs: RuleInputs
) -> dict[str, Baseline]:
    """The morning's fields above their baselines, with the baselines (empty if none is above)."""
    raised: dict[str, Baseline] = {}
    for field in ("morning_pain", "morning_stiffness_min"):
        value = getattr(mornings[index], field)
        baseline = None if value is None else _baseline(mornings, index, field, inputs)
        if value is not None and baseline is not None and above(float(value), baseline[0]):
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
    raised: dict[str, Baseline],
    severity: Severity,
    region: Region,
    inputs: RuleInputs,
) -> Finding:
    pain, stiffness = raised.get("morning_pain"), raised.get("morning_stiffness_min")
    values = {
        "morning_pain": checkin.morning_pain,
        "baseline_pain": pain[0] if pain else None,
        "stiffness_min": checkin.morning_stiffness_min,
        "baseline_min": stiffness[0] if stiffness else None,
    }
    lead = texts.MORNING_PAIN if pain else texts.MORNING_STIFFNESS
    recorded_mornings = (pain or stiffness or (0.0, 0))[1]
    action = (
        texts.MORNING_WARNING_ACTION
        if severity is Severity.WARNING
        else texts.MORNING_CAUTION_ACTION
    )
    message = render(
        lead,
        action,
        *region_care(region, next_step=True),
        region=region,
        region_pain=region,
        recorded_mornings=recorded_mornings,
        day_date=checkin.day,
        **values,
    )
    return make_finding("pain.next_morning", severity, checkin.day, message, SOURCE, values, region)
