"""Referral timers from the Dutch physiotherapy advice (DOMAIN §1.4, §7.5, §10 R8–R9):
``referral.achilles_not_improving`` and ``referral.rest_too_long``.

Pain is compared field by field (week, morning, during, after a run), one answer per day, so a
morning rating is never compared with a rating during a run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import render
from service.training.messages import symptom_texts as texts
from service.training.rules.common import (
    PainRecord,
    latest_on_or_before,
    make_finding,
    pain_timeline,
    runs_after_pause,
)
from service.training.rules.inputs import RuleInputs
from service.training.symptoms import PAIN_FIELDS, Checkin, Region

SOURCE = "Dutch physiotherapy advice (Dijkstra Fysiotherapie, hardloopblessures)"


def _all_checkins(inputs: RuleInputs) -> list[Checkin]:
    return [*inputs.daily, *inputs.post_run, *inputs.weekly]


def achilles_not_improving(inputs: RuleInputs) -> list[Finding]:
    """Referral when an Achilles pain episode (answers > 0 since the last 0) has lasted ≥ 14 days
    and its latest answer is not lower than its first; or when Achilles pain rose above its last
    answer before resuming within 7 days of the first run after ≥ 7 days without running.
    """
    checkins = _all_checkins(inputs)
    findings = []
    for field in PAIN_FIELDS:
        records = pain_timeline(checkins, Region.ACHILLES, field)
        findings.extend(_not_falling(records, inputs))
        findings.extend(_rose_on_resuming(records, inputs))
    return findings


def _not_falling(records: list[PainRecord], inputs: RuleInputs) -> list[Finding]:
    limit = inputs.policy.achilles_not_improving.days
    findings = []
    onset: PainRecord | None = None
    for record in records:
        if record.value == 0:
            onset = None
        elif onset is None:
            onset = record
        elif (record.day - onset.day).days >= limit and record.value >= onset.value:
            values = {
                "start_pain": onset.value,
                "latest_pain": record.value,
                "onset_days": (record.day - onset.day).days,
                "limit_days": limit,
            }
            message = render(texts.ACHILLES_NOT_FALLING, **values)
            findings.append(_achilles_referral(record.day, message, values))
    return findings


def _rose_on_resuming(records: list[PainRecord], inputs: RuleInputs) -> list[Finding]:
    window = inputs.policy.achilles_not_improving.resume_window_days
    findings = []
    pause = inputs.policy.achilles_not_improving.pause_days
    for resumed, days_without in runs_after_pause(inputs.first_day, inputs.run_days, pause):
        before = latest_on_or_before(records, resumed - dt.timedelta(days=1))
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
        message = render(texts.ACHILLES_ROSE_ON_RESUMING, **values)
        findings.append(_achilles_referral(risen[0].day, message, values))
    return findings


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


REST_REGIONS = {
    Region.HEEL_FOOT: "heel_shin_days",
    Region.SHIN: "heel_shin_days",
    Region.KNEE_FRONT: "knee_days",
    Region.KNEE_OUTSIDE: "knee_days",
}


def rest_too_long(inputs: RuleInputs) -> list[Finding]:
    """Referral when there has been no run for > 21 days (> 14 for the knee) while the region's
    pain, reported during the pause, is not lower than its last answer when the pause began.
    """
    first_day = inputs.first_day
    if first_day is None or not inputs.run_days:
        return []
    checkins = _all_checkins(inputs)
    findings = []
    for region, limit_name in REST_REGIONS.items():
        limit = getattr(inputs.policy.rest_too_long, limit_name)
        for field in ("pain_week", "morning_pain"):
            records = pain_timeline(checkins, region, field)
            if records:
                findings.extend(_rest_findings(inputs, region, records, limit))
    return findings


def _rest_findings(
    inputs: RuleInputs, region: Region, records: list[PainRecord], limit: int
) -> list[Finding]:
    runs = inputs.run_days
    findings = []
    for run_index, last_run in enumerate(runs):
        next_run = (
            runs[run_index + 1] if run_index + 1 < len(runs) else inputs.end + dt.timedelta(days=1)
        )
        pause_start = last_run + dt.timedelta(days=1)
        day = last_run + dt.timedelta(days=limit + 1)
        while day < next_run:
            finding = _rest_finding_on(day, last_run, pause_start, region, records, limit)
            if finding is not None:
                findings.append(finding)
            day += dt.timedelta(days=1)
    return findings


def _rest_finding_on(
    day: dt.date,
    last_run: dt.date,
    pause_start: dt.date,
    region: Region,
    records: list[PainRecord],
    limit: int,
) -> Finding | None:
    latest = latest_on_or_before(records, day)
    if latest is None or latest.day <= last_run or latest.value == 0:
        return None
    start = latest_on_or_before(records, pause_start) or next(
        r for r in records if r.day > last_run
    )
    if latest.value < start.value:
        return None
    values = {
        "rest_days": (day - last_run).days,
        "start_pain": start.value,
        "latest_pain": latest.value,
        "limit_days": limit,
    }
    message = render(texts.REST_TOO_LONG, region_pain=region, **values)
    return make_finding(
        "referral.rest_too_long", Severity.REFERRAL, day, message, SOURCE, values, region
    )
