"""Injury episodes (DOMAIN §1.6.2): derived from the check-ins, with what a physio or the athlete
recorded about them.

An episode is not stored as such: it opens on the first pain report (or red flag) of a region and
closes when the region's pain settles, every time the check-ins are read, by the same pure code the
rules use (:func:`service.training.episodes.derive_episodes`). What is stored is the human decision
(:class:`service.models.EpisodeRecord`): the episode's ``kind``, the day it was closed by hand, a
suspected rupture cleared (``not_a_rupture``) or the day the athlete was ``cleared_to_run``. The
athlete and a linked physio may record these (a coach may not); every change is audited and the
rules run again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from service.athletes.access import AthleteAccess, require_symptom_access
from service.audit import record_change
from service.checkins import queries
from service.checkins.convert import to_pure
from service.clock import local_today, utcnow
from service.errors import Forbidden, NotFound, refused
from service.models import EpisodeRecord as EpisodeRow
from service.models import Role
from service.queue import enqueue
from service.task_names import TaskName
from service.training.episodes import Episode, EpisodeKind, EpisodeRecord, derive_episodes
from service.training.input_errors import InputError
from service.training.symptoms import Region


@dataclass(frozen=True)
class EpisodeChange:
    """What a physio or the athlete sets on an episode; ``None`` leaves a value as it is, and
    ``clear`` names the values to remove (``kind``, ``closed``, ``cleared_to_run``)."""

    kind: str | None = None
    closed: date | None = None
    cleared_to_run: date | None = None
    not_a_rupture: bool | None = None
    clear: frozenset[str] = frozenset()


def pure_record(row: EpisodeRow) -> EpisodeRecord:
    """The stored record as the rules read it."""
    return EpisodeRecord(
        region=Region(row.region),
        opened=row.opened,
        closed=row.closed,
        kind=EpisodeKind(row.kind) if row.kind is not None else None,
        cleared_to_run=row.cleared_to_run,
        not_a_rupture=row.not_a_rupture,
    )


def athlete_episodes(session: Session, athlete_id: int, today: date) -> list[Episode]:
    """Every episode up to ``today``, newest first (open ones before closed ones of that day)."""
    checkins = [to_pure(row) for row in queries.list_checkins(session, athlete_id, end=today)]
    records = [pure_record(row) for row in queries.list_episode_records(session, athlete_id)]
    episodes = derive_episodes(checkins, records, today)
    return sorted(episodes, key=lambda e: (e.closed is None, e.opened), reverse=True)


def list_episodes(session: Session, access: AthleteAccess) -> list[Episode]:
    """The athlete's episodes; linked staff only while the athlete shares symptoms (else 404)."""
    require_symptom_access(access)
    return athlete_episodes(session, access.athlete.id, local_today(access.athlete.timezone))


def may_record(access: AthleteAccess) -> bool:
    """The athlete and a linked physio (who sees the symptoms) record decisions on episodes."""
    return access.is_self or (access.sees_symptoms and access.viewer.role == Role.PHYSIO)


def update_episode(
    session: Session, access: AthleteAccess, region: str, opened: date, change: EpisodeChange
) -> Episode:
    """Record ``change`` on the episode of ``region`` that opened on ``opened``; the rules run
    again after the commit. 404 for an unknown episode, 403 for a coach, 422 for a change that
    contradicts itself (closed before it opened, a rupture and not a rupture)."""
    require_symptom_access(access)
    if not may_record(access):
        raise Forbidden("physio_or_athlete_only", "only the athlete or their physio can do this")
    today = local_today(access.athlete.timezone)
    episode = _find(session, access.athlete.id, region, opened, today)
    row = queries.get_episode_record(session, access.athlete.id, episode.region.value, opened)
    values = _merged(row, change)
    try:
        _not_future(values, today)
        checked = EpisodeRecord(region=episode.region, opened=opened, **values)
    except InputError as error:
        raise refused(error, "invalid_episode") from None
    if row is None:
        row = EpisodeRow(athlete_id=access.athlete.id, region=episode.region.value, opened=opened)
        session.add(row)
    row.kind = checked.kind.value if checked.kind is not None else None
    row.closed = checked.closed
    row.cleared_to_run = checked.cleared_to_run
    row.not_a_rupture = checked.not_a_rupture
    row.recorded_by_id = access.viewer.id
    row.updated_at = utcnow()
    session.flush()
    record_change(
        session,
        actor_id=access.viewer.id,
        athlete_id=access.athlete.id,
        action="episode_change",
        resource=f"/athletes/{access.athlete.id}/episodes/{episode.region.value}/{opened}",
    )
    enqueue(session, TaskName.FINDINGS_EVALUATE, athlete_id=access.athlete.id)
    return _find(session, access.athlete.id, region, opened, today)


def _find(session: Session, athlete_id: int, region: str, opened: date, today: date) -> Episode:
    for episode in athlete_episodes(session, athlete_id, today):
        if episode.region.value == region and episode.opened == opened:
            return episode
    raise NotFound("episode_not_found", "no episode of this region opened on this day")


def _merged(row: EpisodeRow | None, change: EpisodeChange) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": row.kind if row else None,
        "closed": row.closed if row else None,
        "cleared_to_run": row.cleared_to_run if row else None,
        "not_a_rupture": row.not_a_rupture if row else False,
    }
    for name in ("kind", "closed", "cleared_to_run", "not_a_rupture"):
        value = getattr(change, name)
        if value is not None:
            values[name] = value
    for name in change.clear:
        values[name] = False if name == "not_a_rupture" else None
    if change.not_a_rupture and values["kind"] == EpisodeKind.RUPTURE.value:
        values["kind"] = None  # clearing a suspected rupture takes its kind away
    return values


def _not_future(values: dict[str, Any], today: date) -> None:
    closed = values.get("closed")
    if isinstance(closed, date) and closed > today:
        raise InputError("closed", "cannot be in the future", "mag niet in de toekomst liggen")
