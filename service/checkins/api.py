"""Routes for symptom check-ins (DOMAIN §1.3)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, status

from service.athletes.access import VisibleAthlete
from service.checkins import episodes, service
from service.checkins.convert import ANSWER_COLUMNS
from service.checkins.schemas import (
    CheckinIn,
    CheckinOut,
    EpisodeChangeIn,
    EpisodeOut,
    PainPointOut,
)
from service.clock import local_today
from service.deps import SessionDep
from service.models import Checkin
from service.schemas import Day
from service.training.episodes import Episode, PainValue

router = APIRouter(tags=["checkins"])

PATH = "/athletes/{athlete_id}/checkins"
EPISODES = "/athletes/{athlete_id}/episodes"


def checkin_out(row: Checkin) -> CheckinOut:
    answers = {name: getattr(row, name) for name in ANSWER_COLUMNS}
    return CheckinOut(
        id=row.id,
        kind=row.kind,
        date=row.day,
        region=row.region or None,
        created_at=row.created_at,
        updated_at=row.updated_at,
        **answers,
    )


@router.post(PATH, status_code=status.HTTP_201_CREATED)
def submit_checkin(data: CheckinIn, access: VisibleAthlete, session: SessionDep) -> CheckinOut:
    """The athlete records a check-in; 409 if this day, kind and region already has one."""
    return checkin_out(service.record_checkin(session, access, data))


@router.put(PATH)
def correct_checkin(data: CheckinIn, access: VisibleAthlete, session: SessionDep) -> CheckinOut:
    """The athlete stores or corrects the check-in of this day, kind and region."""
    return checkin_out(service.correct_checkin(session, access, data))


@router.get(PATH)
def list_checkins(
    access: VisibleAthlete,
    session: SessionDep,
    start: Day | None = None,
    end: Day | None = None,
) -> list[CheckinOut]:
    """Check-ins from ``start`` to ``end``; linked staff only when symptoms are shared."""
    return [checkin_out(row) for row in service.list_checkins(session, access, start, end)]


def _point(value: PainValue | None) -> PainPointOut | None:
    return None if value is None else PainPointOut(date=value.day, value=value.value)


def episode_out(episode: Episode, today: date) -> EpisodeOut:
    return EpisodeOut(
        region=episode.region.value,
        opened=episode.opened,
        closed=episode.closed,
        closed_by_hand=episode.closed_by_hand,
        onset=episode.onset.value,
        kind=episode.kind.value if episode.kind is not None else None,
        rupture_reported=episode.rupture_reported,
        suspected_rupture=episode.rupture_on(today),
        not_a_rupture=episode.not_a_rupture,
        cleared_to_run=episode.cleared_to_run,
        first_pain=_point(episode.first_pain),
        latest_pain=_point(episode.pain[-1] if episode.pain else None),
        pain=[PainPointOut(date=p.day, value=p.value) for p in episode.pain],
    )


@router.get(EPISODES)
def list_episodes(access: VisibleAthlete, session: SessionDep) -> list[EpisodeOut]:
    """Injury episodes, newest first; linked staff only when symptoms are shared."""
    today = local_today(access.athlete.timezone)
    return [episode_out(e, today) for e in episodes.list_episodes(session, access)]


@router.patch(EPISODES + "/{region}/{opened}")
def change_episode(
    region: str, opened: date, data: EpisodeChangeIn, access: VisibleAthlete, session: SessionDep
) -> EpisodeOut:
    """The athlete or a linked physio closes an episode, sets its kind, clears a suspected
    rupture (``not_a_rupture``) or records ``cleared_to_run``; audited, and the advice follows."""
    given = data.model_fields_set
    change = episodes.EpisodeChange(
        kind=data.kind,
        closed=data.closed,
        cleared_to_run=data.cleared_to_run,
        not_a_rupture=data.not_a_rupture,
        clear=frozenset(name for name in given if getattr(data, name) is None),
    )
    episode = episodes.update_episode(session, access, region, opened, change)
    return episode_out(episode, local_today(access.athlete.timezone))
