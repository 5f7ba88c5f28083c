"""Rules about one injury episode: ``episode.rupture`` and ``acute.muscle_injury``
(DOMAIN §1.6.2–§1.6.4).

After a suspected rupture (from ``red_flag.rupture`` until a physio clears it, or clears the
athlete to run) the tendon heals in a brace for six weeks, rehabilitation takes three to six months
and full sport six to nine (up to twelve) (TopFysio Leeuwarden). Build-up advice makes no sense
then: every ``volume.*``, ``load.acwr_context`` and ``load.return_from_break`` finding is withheld
(:func:`withheld`), as is ``referral.rest_too_long`` for the ruptured region (the rest is the
treatment). A run in the first six weeks is a warning; six weeks on, one info gives the timeline.

A sudden snap in the hamstring, or a sudden calf or hamstring problem with pain of 5/10 or more,
is treated as a possible muscle tear ("zweepslag", Dijkstra Fysiotherapie): the first two days of
rest, ice, compression and elevation, and the physio when it still hurts after two days.
"""

from __future__ import annotations

import datetime as dt

from service.training.episodes import Episode
from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import care_texts as texts
from service.training.messages import region_care, render
from service.training.rules.common import at_least, make_finding
from service.training.rules.inputs import RuleInputs
from service.training.symptoms import Onset, RedFlag, Region

RUPTURE_SOURCE = "Dutch physiotherapy advice (TopFysio Leeuwarden, achillespeesruptuur)"
MUSCLE_SOURCE = "Dutch physiotherapy advice (Dijkstra Fysiotherapie, zweepslag)"
WITHHELD_PREFIXES = ("volume.", "load.acwr_context", "load.return_from_break")
MUSCLE_REGIONS = frozenset({Region.CALF, Region.HAMSTRING})


def ruptures(inputs: RuleInputs) -> list[Episode]:
    """The episodes with a suspected rupture that was not cleared as none."""
    return [episode for episode in inputs.episodes if episode.rupture_start is not None]


def withheld(finding: Finding, episodes: list[Episode]) -> bool:
    """Whether a suspected rupture standing on the finding's day withholds it."""
    if finding.rule.startswith(WITHHELD_PREFIXES):
        return any(episode.rupture_on(finding.date) for episode in episodes)
    if finding.rule == "referral.rest_too_long":
        return any(
            episode.region is finding.region and episode.rupture_on(finding.date)
            for episode in episodes
        )
    return False


def episode_rupture(inputs: RuleInputs) -> list[Finding]:
    """Per suspected rupture: a warning on the first run of days 1 .. 6 weeks − 1 after the
    report, and an info with the timeline on the day six weeks after it, while not cleared."""
    weeks = inputs.policy.episode_rupture.brace_weeks
    findings = []
    for episode in inputs.episodes:
        start = episode.rupture_start
        if start is None:
            continue
        values = {"brace_weeks": weeks}
        early = [
            day
            for day in inputs.run_days
            if 1 <= (day - start).days < weeks * 7 and episode.rupture_on(day)
        ]
        if early:
            day = early[0]
            since = {"days_since_days": (day - start).days, **values}
            message = render(
                texts.RUPTURE_RUN, day_date=day, report_date=start, region=episode.region, **since
            )
            findings.append(_finding(Severity.WARNING, day, message, since, episode.region))
        info_day = start + dt.timedelta(weeks=weeks)
        if info_day <= inputs.end and episode.rupture_on(info_day):
            message = render(
                texts.RUPTURE_TIMELINE,
                day_date=info_day,
                report_date=start,
                region=episode.region,
                **values,
            )
            findings.append(_finding(Severity.INFO, info_day, message, values, episode.region))
    return findings


def _finding(
    severity: Severity,
    day: dt.date,
    message: LocalizedText,
    values: dict[str, int],
    region: Region,
) -> Finding:
    return make_finding("episode.rupture", severity, day, message, RUPTURE_SOURCE, values, region)


def muscle_injury(inputs: RuleInputs) -> list[Finding]:
    """Warning on a sudden snap reported in the hamstring, and on the opening day of a sudden
    calf or hamstring episode whose pain that day is at least ``min_pain`` (5/10)."""
    findings = []
    for report in inputs.red_flags:
        if report.region is Region.HAMSTRING and RedFlag.SUDDEN_SNAP in report.flags:
            message = render(texts.MUSCLE_SNAP, region=report.region, day_date=report.day)
            findings.append(_muscle(report.day, message, {"sudden_snap": 1}, report.region))
    minimum = inputs.policy.acute_muscle_injury.min_pain
    for episode in inputs.episodes:
        first = episode.pain[0] if episode.pain else None
        if (
            episode.region in MUSCLE_REGIONS
            and episode.onset is Onset.SUDDEN
            and first is not None
            and first.day == episode.opened
            and at_least(float(first.value), minimum)
        ):
            values = {"start_pain": first.value, "min_pain": minimum}
            message = render(
                texts.MUSCLE_SUDDEN, region_pain=episode.region, day_date=first.day, **values
            )
            findings.append(_muscle(first.day, message, values, episode.region))
    return findings


def _muscle(
    day: dt.date, lead: LocalizedText, values: dict[str, float | int], region: Region
) -> Finding:
    message = render(lead, texts.MUSCLE_TEAR, *region_care(region, next_step=True))
    return make_finding(
        "acute.muscle_injury", Severity.WARNING, day, message, MUSCLE_SOURCE, values, region
    )
