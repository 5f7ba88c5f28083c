"""The physio's page of one athlete: injury episodes with their timers, and the weekly pain and
VISA-A of each body region over months, filtered by region. For the athlete and for linked staff
while the athlete shares symptoms (else 404, as every symptom page)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from service.athletes.access import VisibleAthlete, require_symptom_access
from service.checkins import episodes
from service.checkins.queries import list_checkins
from service.clock import local_today
from service.dashboard import physio, physio_trends
from service.dashboard.deps import SignedInPage
from service.dashboard.labels import REGIONS
from service.dashboard.render import render
from service.deps import SessionDep
from service.findings.policies import athlete_policy

router = APIRouter()


@router.get("/athletes/{athlete_id}/physio")
def physio_page(
    access: VisibleAthlete,
    page: SignedInPage,
    session: SessionDep,
    months: Annotated[int, Query(ge=1, le=24)] = 6,
    region: str = "",
) -> Response:
    require_symptom_access(access)
    today = local_today(access.athlete.timezone)
    start = today - timedelta(days=round(months * 30.44))
    rows = list_checkins(session, access.athlete.id, start=start - timedelta(days=6), end=today)
    policy = athlete_policy(session, access.athlete.id)
    pain = physio_trends.weekly_pain(rows, policy.weekly_trend.min_values)
    visa = physio_trends.visa_a(rows)
    every_episode = episodes.list_episodes(session, access)
    present = [name for name in REGIONS if name in pain or name in visa]
    present += [e.region.value for e in every_episode if e.region.value not in present]
    chosen = region if region in REGIONS else ""
    shown = [chosen] if chosen else present
    return render(
        page.with_section("athlete" if access.is_self else "roster"),
        "athletes/physio.html",
        access=access,
        months=months,
        month_choices=physio_trends.MONTHS,
        region=chosen,
        regions=present,
        pain_chart=physio_trends.chart(pain, shown, start, today, 10),
        visa_chart=physio_trends.chart(visa, [r for r in shown if r in visa], start, today, 100),
        episodes=[
            (episode, physio.episode_timer(episode, policy, today))
            for episode in every_episode
            if not chosen or episode.region.value == chosen
        ],
        today=today,
    )
