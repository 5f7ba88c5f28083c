"""Referral timers from the Dutch physiotherapy advice (DOMAIN §1.4, §1.6.3, §7.5, §10 R8–R9):
``referral.achilles_not_improving`` and ``referral.rest_too_long``.

Pain is compared through the episode's pain value of each day (the highest pain field answered
that day, DOMAIN §1.6.2), whatever question each day answered: a weekly 1/10 followed by an
after-run 3/10 is a rise. Timers count from the episode's first day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from service.training.episodes import Episode, PainValue, region_pain_days
from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import region_care, render
from service.training.messages import symptom_texts as texts
from service.training.rules.common import make_finding, runs_after_pause
from service.training.rules.inputs import RuleInputs
from service.training.symptoms import Region

SOURCE = "Dutch physiotherapy advice (Dijkstra Fysiotherapie, hardloopblessures)"


def achilles_not_improving(inputs: RuleInputs) -> list[Finding]:
    """Referral when, 14 or more days after an Achilles episode began, a pain value is not lower
    than its first (above 0); or when Achilles pain rose above its last value before resuming,
    within 7 days of the first run after ≥ 7 days without running.
    """
    findings = []
    for episode in inputs.episodes:
        if episode.region is Region.ACHILLES:
            findings.extend(_not_falling(episode, inputs))
    findings.extend(_rose_on_resuming(inputs))
    return findings


def _not_falling(episode: Episode, inputs: RuleInputs) -> list[Finding]:
    limit = inputs.policy.achilles_not_improving.days
    first = episode.first_pain
    if first is None:
        return []
    findings = []
    for point in episode.pain:
        elapsed = (point.day - episode.opened).days
        if elapsed >= limit and point.value > 0 and point.value >= first.value:
            values = {
                "start_pain": first.value,
                "latest_pain": point.value,
                "onset_days": elapsed,
                "limit_days": limit,
            }
            message = render(
                texts.ACHILLES_NOT_FALLING,
                *region_care(Region.ACHILLES),
                start_date=episode.opened,
                day_date=point.day,
                **values,
            )
            findings.append(_achilles_referral(point.day, message, values))
    return findings


def _rose_on_resuming(inputs: RuleInputs) -> list[Finding]:
    days = region_pain_days([*inputs.daily, *inputs.post_run, *inputs.weekly])
    records = [PainValue(d, v) for d, v in sorted(days.get(Region.ACHILLES, {}).items())]
    window = inputs.policy.achilles_not_improving.resume_window_days
    findings = []
    pause = inputs.policy.achilles_not_improving.pause_days
    for resumed, days_without in runs_after_pause(inputs.first_day, inputs.run_days, pause):
        before = _last_before(records, resumed)
        if before is None:
            continue
        window_end = resumed + dt.timedelta(days=window)
        risen = [r for r in records if resumed <= r.day <= window_end and r.value > before.value]
        if not risen:
            continue
        values = {
            "before_pain": before.value,
            "latest_pain": risen[0].value,
            "pause_days": days_without,
            "window_days": window,
        }
        message = render(texts.ACHILLES_ROSE_ON_RESUMING, *region_care(Region.ACHILLES), **values)
        findings.append(_achilles_referral(risen[0].day, message, values))
    return findings


def _last_before(records: list[PainValue], day: dt.date) -> PainValue | None:
    earlier = [record for record in records if record.day < day]
    return earlier[-1] if earlier else None


def _achilles_referral(
    day: dt.date, message: LocalizedText, values: Mapping[str, float | int | None]
) -> Finding:
    return make_finding(
        "referral.achilles_not_improving",
        Severity.REFERRAL,
        day,
        message,
        SOURCE,
        values,
        Region.ACHILLES,
    )


REST_LIMITS = {
    Region.ACHILLES: "achilles_days",
    Region.HEEL_FOOT: "heel_shin_days",
    Region.ANKLE: "ankle_days",
    Region.SHIN: "heel_shin_days",
    Region.CALF: "calf_days",
    Region.KNEE_FRONT: "knee_days",
    Region.KNEE_OUTSIDE: "knee_outside_days",
    Region.HAMSTRING: "hamstring_days",
    Region.GROIN: "groin_days",
}
"""Region → the RestTooLong parameter with its relative-rest limit (the lower back has none)."""


def rest_too_long(inputs: RuleInputs) -> list[Finding]:
    """Referral on each day with no run for more than the region's limit (21 days; 14 for the
    front of the knee, the calf and the hamstring) while an episode of the region is open, its
    pain was reported during the pause, and its latest value is not lower than at the pause's
    start.
    """
    if inputs.first_day is None or not inputs.run_days:
        return []
    findings = []
    for episode in inputs.episodes:
        limit_name = REST_LIMITS.get(episode.region)
        if limit_name is not None and episode.pain:
            limit = getattr(inputs.policy.rest_too_long, limit_name)
            findings.extend(_rest_findings(inputs, episode, limit))
    return findings


def _rest_findings(inputs: RuleInputs, episode: Episode, limit: int) -> list[Finding]:
    runs = inputs.run_days
    last_day = min(inputs.end, episode.closed or inputs.end)
    findings = []
    for run_index, last_run in enumerate(runs):
        following = runs[run_index + 1] if run_index + 1 < len(runs) else None
        next_run = following or last_day + dt.timedelta(days=1)
        day = max(last_run + dt.timedelta(days=limit + 1), episode.opened)
        while day < next_run and day <= last_day:
            finding = _rest_finding_on(day, last_run, episode, limit)
            if finding is not None:
                findings.append(finding)
            day += dt.timedelta(days=1)
    return findings


def _rest_finding_on(
    day: dt.date, last_run: dt.date, episode: Episode, limit: int
) -> Finding | None:
    latest = episode.pain_on_or_before(day)
    if latest is None or latest.day <= last_run or latest.value == 0:
        return None
    pause_start = last_run + dt.timedelta(days=1)
    start = episode.pain_on_or_before(pause_start) or next(
        point for point in episode.pain if point.day > last_run
    )
    if latest.value < start.value:
        return None
    values = {
        "rest_days": (day - last_run).days,
        "start_pain": start.value,
        "latest_pain": latest.value,
        "limit_days": limit,
    }
    message = render(
        texts.REST_TOO_LONG,
        *region_care(episode.region),
        region_pain=episode.region,
        day_date=day,
        **values,
    )
    return make_finding(
        "referral.rest_too_long", Severity.REFERRAL, day, message, SOURCE, values, episode.region
    )
