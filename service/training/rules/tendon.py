"""``load.back_to_back_tendon``: two long runs on consecutive days while a tendon is recovering
(DOMAIN §1.6.4, Part 2 R13).

Tendon collagen synthesis peaks about a day after loading and stays raised for about three days
(Magnusson et al. 2010), and tendons adapt more slowly than muscles (the seed pages): while a
tendon episode is open, two running days in a row, each with a run of more than 25 % of the
7-day running distance, leave the tendon no day in between.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from service.training.episodes import Episode, EpisodeKind
from service.training.findings import Finding, Severity
from service.training.messages import load_texts as texts
from service.training.messages import region_care, render
from service.training.rules.common import above, make_finding, window_sum
from service.training.rules.inputs import RuleInputs
from service.training.symptoms import Region

SOURCE = "Magnusson et al. 2010 Nat Rev Rheumatol 6:262; Kjaer et al. 2009 SJMSS 19:500"
TENDON_REGIONS = frozenset({Region.ACHILLES, Region.HEEL_FOOT, Region.KNEE_FRONT, Region.GROIN})


def _tendon_episodes(inputs: RuleInputs, day: dt.date) -> list[Episode]:
    return [
        episode
        for episode in inputs.episodes
        if episode.covers(day)
        and (episode.region in TENDON_REGIONS or episode.kind is EpisodeKind.TENDINOPATHY)
    ]


def back_to_back_tendon(inputs: RuleInputs) -> list[Finding]:
    """Caution on the second of two running days in a row whose longest runs are each above
    ``share_pct`` (25 %) of the 7-day running distance up to that second day, while a tendon
    episode (Achilles, heel or foot, front of the knee, groin, or kind ``tendinopathy``) is open;
    one finding per such episode's region."""
    data = inputs.volume_distance
    if data is None or not inputs.episodes:
        return []
    share = inputs.policy.back_to_back_tendon.share_pct
    week = window_sum(data.series.column("load"), 7)
    top = data.top_session
    findings = []
    for index in range(1, len(data.series)):
        if not (np.isfinite(top[index - 1]) and np.isfinite(top[index]) and week[index] > 0):
            continue
        limit = share / 100 * float(week[index])
        if not (above(float(top[index - 1]), limit) and above(float(top[index]), limit)):
            continue
        day = data.day(index)
        values = {
            "first_km": float(top[index - 1]),
            "session_km": float(top[index]),
            "week_km": float(week[index]),
            "share_pct": share,
        }
        for episode in _tendon_episodes(inputs, day):
            message = render(
                texts.BACK_TO_BACK,
                *region_care(episode.region),
                first_date=day - dt.timedelta(days=1),
                day_date=day,
                region=episode.region,
                **values,
            )
            findings.append(
                make_finding(
                    "load.back_to_back_tendon",
                    Severity.CAUTION,
                    day,
                    message,
                    SOURCE,
                    values,
                    episode.region,
                )
            )
    return findings
