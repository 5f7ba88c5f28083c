"""Connections: Garmin (with the MFA step), Fitbit, file uploads, sync state and re-authorising.

The work is the connections and activities features' own; these routes turn forms into their
calls. While a connection is connecting or syncing, htmx refreshes the list every few seconds.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from service.accounts.deps import CurrentAthlete
from service.activities.uploads import IncomingFile, receive_uploads
from service.clock import utcnow
from service.config import Settings
from service.connections import queries, service
from service.connections.fitbit_connect import start_fitbit_authorization
from service.connections.fitbit_sync import google_client, redirect_uri
from service.connections.garmin_connect import start_garmin_connect, submit_mfa_code
from service.connections.messages import message
from service.connections.subscribers import webhooks_active
from service.dashboard.deps import SignedInPage
from service.dashboard.page import Page, problem_text
from service.dashboard.render import render, see_other
from service.dashboard.schemas import GarminForm, MfaForm
from service.deps import RowId, SessionDep, SettingsDep
from service.errors import AppError
from service.models import User

router = APIRouter()
SETTLING = frozenset({"connecting", "syncing"})
MFA_CODE = re.compile(r"\d{4,10}")


def _sources(session: Session, athlete: User) -> list[service.ConnectionView]:
    return service.connection_views(
        session, list(queries.list_athlete_connections(session, athlete.id))
    )


def _fitbit_note(settings: Settings, locale: str) -> str | None:
    """Why Fitbit cannot be connected on this installation, or None when it can."""
    if google_client(settings) is not None:
        return None
    return message("fitbit_not_configured", "fitbit", redirect_uri=redirect_uri(settings))[locale]


def _connections_page(
    page: Page, session: Session, settings: Settings, status: int = 200, **values: Any
) -> Response:
    athlete = page.reader
    views = _sources(session, athlete)
    return render(
        page.with_section("connections"),
        "connections.html",
        status,
        views=views,
        settling=any(v.connection.state in SETTLING for v in views),
        fitbit_note=_fitbit_note(settings, page.locale),
        fitbit_pushed=webhooks_active(session, settings),
        **({"uploads": [], "rejected": []} | values),
    )


@router.get("/connections")
def connections(
    page: SignedInPage, athlete: CurrentAthlete, session: SessionDep, settings: SettingsDep
) -> Response:
    return _connections_page(page, session, settings)


@router.get("/connections/sources")
def sources(
    page: SignedInPage, athlete: CurrentAthlete, session: SessionDep, settings: SettingsDep
) -> Response:
    """The list alone, for htmx to refresh while something is connecting or syncing."""
    views = _sources(session, athlete)
    settling = any(v.connection.state in SETTLING for v in views)
    return render(
        page,
        "connections_sources.html",
        views=views,
        settling=settling,
        fitbit_pushed=webhooks_active(session, settings),
    )


@router.post("/connections/garmin")
def connect_garmin(
    form: Annotated[GarminForm, Form()],
    page: SignedInPage,
    athlete: CurrentAthlete,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """The password goes to the login task once, sealed; it is never stored."""
    if not form.email or not form.password:
        page.problems.append(page._("Enter your Garmin Connect email address and password."))
        return _connections_page(page, session, settings, 422)
    try:
        start_garmin_connect(
            session,
            athlete.id,
            form.email,
            form.password,
            now=utcnow(),
            keys=settings.encryption_key_list(),
        )
    except AppError as exc:
        page.problems.append(problem_text(exc, page))
        return _connections_page(page, session, settings, exc.status_code)
    return see_other("/connections")


@router.post("/connections/garmin/mfa")
def garmin_mfa(
    form: Annotated[MfaForm, Form()],
    page: SignedInPage,
    athlete: CurrentAthlete,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    if not MFA_CODE.fullmatch(form.code):
        page.problems.append(page._("Enter the code Garmin sent you: 4 to 10 digits."))
        return _connections_page(page, session, settings, 422)
    try:
        submit_mfa_code(
            session, athlete.id, form.code, now=utcnow(), keys=settings.encryption_key_list()
        )
    except AppError as exc:
        page.problems.append(problem_text(exc, page))
        return _connections_page(page, session, settings, exc.status_code)
    return see_other("/connections")


@router.post("/connections/fitbit")
def connect_fitbit(
    page: SignedInPage, athlete: CurrentAthlete, session: SessionDep, settings: SettingsDep
) -> Response:
    """Off to Google's consent page; Google sends the browser back to the API's callback."""
    try:
        url = start_fitbit_authorization(session, athlete.id, settings, now=utcnow())
    except AppError as exc:
        page.problems.append(problem_text(exc, page))
        return _connections_page(page, session, settings, exc.status_code)
    return see_other(url)


@router.post("/connections/{connection_id:int}/{action}")
def act(
    connection_id: RowId,
    action: str,
    page: SignedInPage,
    athlete: CurrentAthlete,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """``sync`` now, or ``disconnect`` (stored activities stay)."""
    try:
        connection = queries.require_own_connection(session, athlete.id, connection_id)
        if action == "sync":
            service.request_sync(session, connection, utcnow())
        elif action == "disconnect":
            service.disconnect(connection)
        else:
            return see_other("/connections")
    except AppError as exc:
        page.problems.append(problem_text(exc, page))
        return _connections_page(page, session, settings, exc.status_code)
    return see_other("/connections")


@router.post("/connections/upload")
def upload(
    files: Annotated[list[UploadFile], File()],
    page: SignedInPage,
    athlete: CurrentAthlete,
    session: SessionDep,
    settings: SettingsDep,
    allow_incomplete: Annotated[bool, Form()] = False,
) -> Response:
    """Small files are stored at once; large ones and archives are queued and shown as such."""
    incoming = [IncomingFile(f.filename or "", f.file) for f in files if f.filename]
    if not incoming:
        page.problems.append(page._("Choose one or more files first."))
        return _connections_page(page, session, settings, 422)
    try:
        results = receive_uploads(session, settings, athlete, incoming, allow_incomplete)
    except AppError as exc:
        detail: Any = exc.detail
        rejected = detail.get("rejected", []) if isinstance(detail, dict) else []
        if not rejected:
            page.problems.append(problem_text(exc, page))
        return _connections_page(page, session, settings, exc.status_code, rejected=rejected)
    return _connections_page(page, session, settings, uploads=results)
