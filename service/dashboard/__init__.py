"""Server-rendered pages for runners, coaches and physiotherapists, with their own assets.

``install_dashboard(app)`` adds the pages, serves ``/static`` (every script, style and chart
library comes from loadwatch itself) and renders errors on pages as HTML.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from service.dashboard.errors import install_page_errors
from service.dashboard.pages import (
    account,
    activities,
    alerts,
    athletes,
    auth,
    checkins,
    common,
    connections,
    episodes,
    findings,
    invitations,
    notes,
    notifications,
    physio,
    plans,
    policy,
    privacy,
    runs,
    staff,
)
from service.dashboard.render import STATIC_DIR

PAGE_ROUTERS = (
    common.router,
    auth.router,
    athletes.router,
    staff.router,
    invitations.router,
    connections.router,
    notifications.router,
    privacy.router,
    checkins.router,
    episodes.router,
    activities.router,
    runs.router,
    findings.router,
    policy.router,
    plans.router,
    alerts.router,
    notes.router,
    physio.router,
    account.router,
)


def install_dashboard(app: FastAPI) -> None:
    """Call after the API's error handlers are installed."""
    for router in PAGE_ROUTERS:
        app.include_router(router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_page_errors(app)
