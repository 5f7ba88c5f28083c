"""The physio's view of one athlete: each injury episode's timers (DOMAIN §1.6: days since
onset, the return-to-run stage, what comes next and when), and the weekly pain and VISA-A of
each region over months (:mod:`service.dashboard.physio_trends`).

Texts are message ids with their values; the page translates them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from service.athletes.access import AthleteAccess
from service.checkins import episodes as episode_service
from service.clock import local_today
from service.dashboard.i18n import N_
from service.findings.policies import athlete_policy
from service.training.episodes import Episode
from service.training.policy import Policy
from service.training.rules.pathways import TIMERS
from service.training.rules.referral import REST_LIMITS
from service.training.symptoms import Onset, Region


@dataclass(frozen=True)
class Step:
    """A message id and its values (days as dates; the template formats them)."""

    text: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EpisodeTimer:
    days_since_onset: int
    stage: Step
    next_steps: tuple[Step, ...]


def not_improving_days(policy: Policy, episode: Episode) -> int | None:
    """The region's not-improving timer (DOMAIN §1.6.3; the Achilles tendon's own, §1.4)."""
    if episode.region is Region.ACHILLES:
        return policy.achilles_not_improving.days
    names = TIMERS.get(episode.region)
    if names is None:
        return None
    gradual, sudden = names
    name = sudden if sudden is not None and episode.onset is Onset.SUDDEN else gradual
    days: int = getattr(policy.region_not_improving, name)
    return days


def rest_limit_days(policy: Policy, region: Region) -> int | None:
    """The region's relative-rest limit (``referral.rest_too_long``); the lower back has none."""
    name = REST_LIMITS.get(region)
    return None if name is None else int(getattr(policy.rest_too_long, name))


def episode_timer(episode: Episode, policy: Policy, today: date) -> EpisodeTimer:
    """Where an episode stands on ``today`` and what the advice does next."""
    last = episode.closed if episode.closed is not None and episode.closed < today else today
    since = (last - episode.opened).days + 1
    if episode.closed is not None and episode.closed <= today:
        return EpisodeTimer(since, Step(N_("Closed"), {}), ())
    if episode.rupture_on(today):
        return EpisodeTimer(since, *_rupture(episode, policy, today))
    if episode.cleared_to_run is not None and episode.cleared_to_run <= today:
        stage = Step(N_("Back to running since %(day)s"), {"day": episode.cleared_to_run})
        step = Step(N_("Build up gradually: the pain may not rise from one week to the next."))
        return EpisodeTimer(since, stage, (step,))
    return EpisodeTimer(
        since, Step(N_("Relative rest and load management")), _open(episode, policy, today)
    )


def _rupture(episode: Episode, policy: Policy, today: date) -> tuple[Step, tuple[Step, ...]]:
    start = episode.rupture_start or episode.opened
    weeks = policy.episode_rupture.brace_weeks
    rehab = start + timedelta(weeks=weeks)
    stage = Step(N_("No running: suspected rupture"))
    if today < rehab:
        step = Step(
            N_("Active rehabilitation starts after %(weeks)d weeks, on %(day)s (in %(num)d days)."),
            {"weeks": weeks, "day": rehab, "num": (rehab - today).days},
        )
    else:
        step = Step(
            N_("Active rehabilitation: it usually takes 3 to 6 months; sport after 6 to 9.")
        )
    return stage, (step,)


def _open(episode: Episode, policy: Policy, today: date) -> tuple[Step, ...]:
    steps = []
    timer = not_improving_days(policy, episode)
    first = episode.first_pain
    if timer is not None and first is not None:
        due = episode.opened + timedelta(days=timer)
        latest = episode.pain_on_or_before(today)
        if today < due:
            steps.append(
                Step(
                    N_(
                        "On %(day)s (day %(num)d) the pain should be lower than at the start "
                        "(%(first)d/10); if not, the advice is to see a physiotherapist."
                    ),
                    {"day": due, "num": timer + 1, "first": first.value},
                )
            )
        elif latest is not None and latest.value < first.value:
            steps.append(
                Step(
                    N_(
                        "Improving: the pain is lower than at the start "
                        "(%(latest)d/10 against %(first)d/10)."
                    ),
                    {"latest": latest.value, "first": first.value},
                )
            )
        else:
            steps.append(
                Step(
                    N_("Not improving after %(num)d days: contact your physiotherapist."),
                    {"num": timer},
                )
            )
    limit = rest_limit_days(policy, episode.region)
    if limit is not None:
        steps.append(
            Step(
                N_(
                    "Relative rest for at most %(num)d days without running; after that, "
                    "a physiotherapist should look at it."
                ),
                {"num": limit},
            )
        )
    return tuple(steps)


def timers_of(session: Session, access: AthleteAccess) -> dict[tuple[str, date], EpisodeTimer]:
    """Each episode's timer by (region, first day), for the athlete page."""
    today = local_today(access.athlete.timezone)
    policy = athlete_policy(session, access.athlete.id)
    return {
        (episode.region.value, episode.opened): episode_timer(episode, policy, today)
        for episode in episode_service.list_episodes(session, access)
    }
