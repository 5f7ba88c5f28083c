"""Injury episodes on the athlete's page: what a physio or the athlete decides about one (close it,
give it a kind, clear a suspected rupture, clear the athlete to run). The storing, the access rule
(the athlete or a linked physio) and the audit are the check-ins feature's own."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from fastapi.responses import Response

from service.athletes.access import VisibleAthlete
from service.checkins import episodes
from service.clock import local_today
from service.dashboard.day_input import day_hint, parse_day
from service.dashboard.deps import SignedInPage
from service.dashboard.form_data import FormFields
from service.dashboard.render import see_other
from service.deps import SessionDep
from service.errors import AppError, BadRequest

router = APIRouter()

ACTIONS = ("close", "reopen", "kind", "not_a_rupture", "cleared_to_run")


def _day(text: str, today: date, locale: str) -> date:
    if not text:
        return today
    day = parse_day(text, locale)
    if day is None:
        raise BadRequest("invalid_day", f"a day is {day_hint(locale)}")
    return day


def _change(action: str, fields_kind: str, day: date) -> episodes.EpisodeChange:
    match action:
        case "close":
            return episodes.EpisodeChange(closed=day)
        case "reopen":
            return episodes.EpisodeChange(clear=frozenset({"closed"}))
        case "kind" if fields_kind:
            return episodes.EpisodeChange(kind=fields_kind)
        case "kind":
            return episodes.EpisodeChange(clear=frozenset({"kind"}))
        case "not_a_rupture":
            return episodes.EpisodeChange(not_a_rupture=True)
        case _:
            return episodes.EpisodeChange(cleared_to_run=day)


@router.post("/athletes/{athlete_id}/episodes/{region}/{opened}")
def change_episode(
    region: str,
    opened: date,
    access: VisibleAthlete,
    page: SignedInPage,
    session: SessionDep,
    fields: FormFields,
) -> Response:
    fields.only({"action", "kind", "day"})
    action = fields.get("action")
    if action not in ACTIONS:
        raise BadRequest("unknown_action", f"action must be one of {', '.join(ACTIONS)}")
    target = f"/athletes/{access.athlete.id}#episodes"
    today = local_today(access.athlete.timezone)
    try:
        change = _change(action, fields.get("kind"), _day(fields.get("day"), today, page.locale))
        episodes.update_episode(session, access, region, opened, change)
    except AppError as exc:
        return see_other(f"/athletes/{access.athlete.id}?error={exc.code}#episodes")
    return see_other(target.replace("#", "?done=episode_saved#"))
