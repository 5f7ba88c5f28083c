"""The runner's own mark on a recent run: "this was a race" (or "it was not"). The storing is the
activities feature's (``update_activity``: the series is recomputed and the advice follows, so a
race gets recovery advice instead of "lengthen your long run")."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from service.activities.deps import require_self
from service.activities.records import update_activity
from service.activities.schemas import ActivityUpdateIn
from service.athletes.access import VisibleAthlete
from service.dashboard.form_data import FormFields
from service.dashboard.render import see_other
from service.deps import RowId, SessionDep
from service.errors import AppError, BadRequest

router = APIRouter()


@router.post("/athletes/{athlete_id}/activities/{activity_id}/race")
def mark_race(
    access: VisibleAthlete,
    session: SessionDep,
    activity_id: RowId,
    fields: FormFields,
    back: str = "",
) -> Response:
    """Back to the athlete page's runs, or with ``back=activity`` to the activity's own page."""
    fields.only({"race"})
    race = fields.get("race")
    if race not in {"yes", "no"}:
        raise BadRequest("invalid_race", "race must be yes or no")
    require_self(access)
    try:
        update_activity(
            session, access.athlete.id, activity_id, ActivityUpdateIn(race=race == "yes")
        )
    except AppError as exc:
        return see_other(f"/athletes/{access.athlete.id}?error={exc.code}#runs")
    if back == "activity":
        return see_other(f"/athletes/{access.athlete.id}/activities/{activity_id}?done=race_saved")
    return see_other(f"/athletes/{access.athlete.id}?done=race_saved#runs")
