"""Privacy: who sees what, symptom sharing per link, ending a link, the access log, the export."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from service.athletes import service as athletes
from service.athletes.export import export_user
from service.dashboard import links
from service.dashboard.deps import SignedInPage
from service.dashboard.render import render, see_other
from service.dashboard.schemas import SharingForm
from service.deps import CurrentAthlete, CurrentUser, RowId, SessionDep
from service.errors import AppError

router = APIRouter()


@router.get("/privacy")
def privacy(page: SignedInPage, session: SessionDep) -> Response:
    reader = page.reader
    views = [v for v in links.link_views(session, reader) if v.is_active]
    access = links.recent_access(session, reader) if page.is_athlete else []
    return render(page.with_section("privacy"), "privacy.html", links=views, access=access)


@router.post("/privacy/links/{link_id}/sharing")
def set_sharing(
    link_id: RowId,
    request: Request,
    form: Annotated[SharingForm, Form()],
    athlete: CurrentAthlete,
    page: SignedInPage,
    session: SessionDep,
) -> Response:
    """With htmx the changed row comes back in place; without it, the page is reloaded."""
    try:
        link = athletes.set_symptom_sharing(session, athlete, link_id, form.share_symptoms)
    except AppError as exc:
        return see_other(f"/privacy?error={exc.code}")
    if request.headers.get("hx-request"):
        view = next(v for v in links.link_views(session, athlete) if v.link.id == link.id)
        return render(page, "privacy_link_row.html", view=view, changed=True)
    return see_other(f"/privacy?done={'sharing_on' if form.share_symptoms else 'sharing_off'}")


@router.get("/privacy/export.json")
def export(user: CurrentUser, session: SessionDep) -> Response:
    """Everything stored about the reader, as the ``loadwatch export`` command writes it."""
    body = json.dumps(export_user(session, user), indent=2, ensure_ascii=False, sort_keys=True)
    filename = f"loadwatch-export-{user.id}.json"
    return Response(
        body,
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
