"""``referral.region_not_improving``: the not-improving timers of the region pathways
(DOMAIN §1.6.3, from the seed pages).

For every region but the Achilles (which has ``referral.achilles_not_improving``): on a day at or
after the episode's first day + the region's timer, the episode's latest pain value is not lower
than its first (and not 0): referral, once per episode. The timer depends on the onset for the
ankle (sudden 3 days, gradual 21), the calf and the hamstring (sudden 2, gradual 21). For the front
of the knee also when the weekly pain value rose in each of two consecutive ISO weeks while the
7-day running distance did not rise over those weeks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np

from service.training.episodes import Episode
from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import region_care, render
from service.training.messages import symptom_texts as texts
from service.training.rules.common import make_finding, window_sum
from service.training.rules.inputs import RuleInputs
from service.training.rules.weekly_pain import region_weeks, rising, week_monday, week_values
from service.training.symptoms import Onset, Region

SOURCE = "Dutch physiotherapy advice (Dijkstra Fysiotherapie, hardloopblessures)"

TIMERS: dict[Region, tuple[str, str | None]] = {
    Region.HEEL_FOOT: ("heel_foot_days", None),
    Region.ANKLE: ("ankle_days", "ankle_sudden_days"),
    Region.SHIN: ("shin_days", None),
    Region.CALF: ("calf_days", "calf_sudden_days"),
    Region.KNEE_FRONT: ("knee_front_days", None),
    Region.KNEE_OUTSIDE: ("knee_outside_days", None),
    Region.HAMSTRING: ("hamstring_days", "hamstring_sudden_days"),
    Region.GROIN: ("groin_days", None),
    Region.LOW_BACK: ("low_back_days", None),
}
"""Region → (RegionNotImproving parameter, the one for a sudden onset or None)."""


def timer_days(inputs: RuleInputs, episode: Episode) -> int | None:
    names = TIMERS.get(episode.region)
    if names is None:
        return None
    gradual, sudden = names
    name = sudden if sudden is not None and episode.onset is Onset.SUDDEN else gradual
    days: int = getattr(inputs.policy.region_not_improving, name)
    return days


def region_not_improving(inputs: RuleInputs) -> list[Finding]:
    """One referral per episode, on the first day either clause holds."""
    findings = []
    for episode in inputs.episodes:
        timer = timer_days(inputs, episode)
        if timer is None:
            continue
        found = [_by_timer(inputs, episode, timer)]
        if episode.region is Region.KNEE_FRONT:
            found.append(_knee_rising(inputs, episode))
        kept = [finding for finding in found if finding is not None]
        if kept:
            findings.append(min(kept, key=lambda finding: finding.date))
    return findings


def _last_day(inputs: RuleInputs, episode: Episode) -> dt.date:
    return inputs.end if episode.closed is None else min(inputs.end, episode.closed)


def _by_timer(inputs: RuleInputs, episode: Episode, timer: int) -> Finding | None:
    first = episode.first_pain
    if first is None:
        return None
    due = episode.opened + dt.timedelta(days=timer)
    candidates = [due, *(point.day for point in episode.pain if point.day > due)]
    for day in candidates:
        if day > _last_day(inputs, episode):
            return None
        latest = episode.pain_on_or_before(day)
        if latest is not None and latest.value > 0 and latest.value >= first.value:
            values = {
                "start_pain": first.value,
                "latest_pain": latest.value,
                "timer_days": timer,
                "elapsed_days": (day - episode.opened).days,
            }
            message = render(
                texts.NOT_IMPROVING,
                *region_care(episode.region, contact=True),
                region_pain=episode.region,
                day_date=day,
                opened_date=episode.opened,
                start_date=first.day,
                latest_date=latest.day,
                **values,
            )
            return _referral(day, message, values, episode.region)
    return None


def _knee_rising(inputs: RuleInputs, episode: Episode) -> Finding | None:
    data = inputs.loads.get("distance_km")
    if data is None:
        return None
    week_km = window_sum(data.series.column("load"), 7)
    by_week = region_weeks(inputs).get(episode.region, {})
    min_values = inputs.policy.weekly_trend.min_values
    for point in episode.pain:
        day = point.day
        if day > _last_day(inputs, episode) or day < data.series.start + dt.timedelta(days=14):
            continue
        values = week_values(by_week, day, min_values)
        now = week_km[data.series.index_of(day)]
        earlier = week_km[data.series.index_of(day - dt.timedelta(days=14))]
        if not (rising(values) and np.isfinite(now) and np.isfinite(earlier)):
            continue
        if now > earlier * (1 + 1e-9):
            continue
        numbers = {
            "this_week_pain": values.this,
            "last_week_pain": values.last,
            "two_weeks_before_pain": values.two_before,
            "week_km": float(now),
            "earlier_week_km": float(earlier),
        }
        message = render(
            texts.KNEE_RISING,
            *region_care(episode.region),
            region_pain=episode.region,
            week_date=week_monday(day),
            day_date=day,
            **numbers,
        )
        return _referral(day, message, numbers, episode.region)
    return None


def _referral(
    day: dt.date, message: LocalizedText, values: Mapping[str, float | int | None], region: Region
) -> Finding:
    return make_finding(
        "referral.region_not_improving", Severity.REFERRAL, day, message, SOURCE, values, region
    )
