"""Routes: an athlete's own connections, connecting Garmin and Fitbit, sync now, disconnect;
a coach's read-only view of a linked athlete's connection states; the Google Health webhook."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from service.accounts.deps import CurrentAthlete
from service.athletes.access import VisibleAthlete
from service.clock import utcnow
from service.config import Settings
from service.connections import queries, service
from service.connections.fitbit_connect import (
    finish_fitbit_authorization,
    start_fitbit_authorization,
)
from service.connections.fitbit_sync import google_client, redirect_uri
from service.connections.garmin_connect import start_garmin_connect, submit_mfa_code
from service.connections.messages import message
from service.connections.schemas import (
    AuthorizeOut,
    ConnectionOut,
    ConnectionsOut,
    GarminConnectIn,
    MessageOut,
    MfaCodeIn,
    ProviderOut,
    connection_out,
)
from service.connections.webhooks import WebhookRefused, receive_google_health
from service.deps import RowId, SessionDep, SettingsDep
from service.errors import AppError
from service.integrations.fitbit_webhooks import MAX_BODY_BYTES, PayloadTooLargeError
from service.models import Connection

router = APIRouter(tags=["connections"])


def _out(session: Session, connection: Connection) -> ConnectionOut:
    session.flush()
    return connection_out(service.connection_views(session, [connection])[0])


def _providers(settings: Settings) -> list[ProviderOut]:
    fitbit_message = None
    if google_client(settings) is None:
        text = message("fitbit_not_configured", "fitbit", redirect_uri=redirect_uri(settings))
        fitbit_message = MessageOut(**text)
    return [
        ProviderOut(provider="garmin", available=True, message=None),
        ProviderOut(provider="fitbit", available=fitbit_message is None, message=fitbit_message),
    ]


@router.get("/connections")
def list_connections(
    athlete: CurrentAthlete, session: SessionDep, settings: SettingsDep
) -> ConnectionsOut:
    """The athlete's own connections with their sync state, and which sources can be added."""
    connections = list(queries.list_athlete_connections(session, athlete.id))
    views = service.connection_views(session, connections)
    return ConnectionsOut(
        connections=[connection_out(view) for view in views], providers=_providers(settings)
    )


@router.post("/connections/garmin", status_code=status.HTTP_202_ACCEPTED)
def connect_garmin(
    data: GarminConnectIn, athlete: CurrentAthlete, session: SessionDep, settings: SettingsDep
) -> ConnectionOut:
    """Accepted: a background task logs in to Garmin (the password is not stored)."""
    connection = start_garmin_connect(
        session,
        athlete.id,
        data.email,
        data.password.get_secret_value(),
        now=utcnow(),
        keys=settings.encryption_key_list(),
    )
    return _out(session, connection)


@router.post("/connections/garmin/mfa", status_code=status.HTTP_202_ACCEPTED)
def garmin_mfa(
    data: MfaCodeIn, athlete: CurrentAthlete, session: SessionDep, settings: SettingsDep
) -> ConnectionOut:
    """Accepted: a background task finishes the Garmin login with this code."""
    connection = submit_mfa_code(
        session, athlete.id, data.code, now=utcnow(), keys=settings.encryption_key_list()
    )
    return _out(session, connection)


@router.post("/connections/fitbit/authorize")
def authorize_fitbit(
    athlete: CurrentAthlete, session: SessionDep, settings: SettingsDep
) -> AuthorizeOut:
    """Google's consent page for this athlete's Fitbit data; send the browser there."""
    return AuthorizeOut(url=start_fitbit_authorization(session, athlete.id, settings, now=utcnow()))


@router.get("/connections/fitbit/callback", response_model=ConnectionOut)
def fitbit_callback(
    request: Request,
    athlete: CurrentAthlete,
    session: SessionDep,
    settings: SettingsDep,
    state: str = Query(max_length=512),
    code: str | None = Query(default=None, max_length=2048),
    error: str | None = Query(default=None, max_length=256),
) -> ConnectionOut | Response:
    """Where Google sends the browser back; ``state`` must be this athlete's, used once. A
    browser (it asks for HTML) goes on to the connections page with a message instead."""
    browser = "text/html" in request.headers.get("accept", "")
    try:
        connection = finish_fitbit_authorization(
            session, athlete.id, settings, code=code, state=state, error=error, now=utcnow()
        )
    except AppError as exc:
        if browser:
            return RedirectResponse(f"/connections?error={exc.code}", status_code=303)
        raise
    if browser:
        outcome = "error=fitbit_not_connected" if connection.last_error else "done=fitbit_connected"
        return RedirectResponse(f"/connections?{outcome}", status_code=303)
    return _out(session, connection)


@router.post("/connections/{connection_id}/sync", status_code=status.HTTP_202_ACCEPTED)
def sync_now(connection_id: RowId, athlete: CurrentAthlete, session: SessionDep) -> ConnectionOut:
    """Accepted: the sync is due now (or when the provider's Retry-After has passed)."""
    connection = queries.require_own_connection(session, athlete.id, connection_id)
    return _out(session, service.request_sync(session, connection, utcnow()))


@router.delete("/connections/{connection_id}", status_code=status.HTTP_204_NO_CONTENT)
def disconnect(connection_id: RowId, athlete: CurrentAthlete, session: SessionDep) -> None:
    """Forget the credentials; stored activities stay."""
    service.disconnect(queries.require_own_connection(session, athlete.id, connection_id))


@router.get("/athletes/{athlete_id}/connections")
def athlete_connections(access: VisibleAthlete, session: SessionDep) -> list[ConnectionOut]:
    """Sync states of an athlete the caller may see (never credentials)."""
    connections = list(queries.list_athlete_connections(session, access.athlete.id))
    return [connection_out(view) for view in service.connection_views(session, connections)]


@router.post("/webhooks/google-health")
async def google_health_webhook(
    request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """Google Health notifications: 201 to the verification, 204 once the sync is queued."""
    raw_body = await _capped_body(request, MAX_BODY_BYTES)
    answer = await run_in_threadpool(
        receive_google_health, session, raw_body, request.headers, settings, utcnow()
    )
    return Response(status_code=answer)


async def _capped_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise WebhookRefused(PayloadTooLargeError(f"declared body of {declared} bytes"))
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise WebhookRefused(PayloadTooLargeError(f"body over {limit} bytes"))
    return bytes(body)
