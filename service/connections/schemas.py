"""Request and response shapes for connections. Nothing here carries a credential."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field, SecretStr

from service.connections.service import ConnectionView
from service.models import SyncRun
from service.schemas import Input


class GarminConnectIn(Input):
    """Garmin Connect sign-in, used once by the login task and never stored."""

    email: str = Field(min_length=3, max_length=254)
    password: SecretStr = Field(min_length=1, max_length=256)


class MfaCodeIn(Input):
    code: str = Field(pattern=r"^\d{4,10}$", description="The code Garmin sent")


class MessageOut(BaseModel):
    code: str
    en: str
    nl: str


class BackfillOut(BaseModel):
    from_date: date
    until_date: date
    done_until: date | None
    percent: float = Field(description="Share of the backfill days stored, 0–100")
    complete: bool


class SyncRunOut(BaseModel):
    id: int
    kind: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    window_start: date | None
    window_end: date | None
    done_until: date | None
    fetched: int
    created: int
    updated: int
    unchanged: int
    linked: int
    wellness_days: int
    error_code: str | None


class ConnectionOut(BaseModel):
    id: int
    provider: str
    state: str
    connected: bool = Field(description="loadwatch holds working credentials")
    next_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    message: MessageOut | None
    attempts: int
    backfill: BackfillOut | None
    last_run: SyncRunOut | None
    updated_at: datetime


class ProviderOut(BaseModel):
    provider: str
    available: bool
    message: MessageOut | None


class ConnectionsOut(BaseModel):
    connections: list[ConnectionOut]
    providers: list[ProviderOut]


class AuthorizeOut(BaseModel):
    url: str


def connection_out(view: ConnectionView) -> ConnectionOut:
    connection = view.connection
    progress = view.backfill
    backfill = None
    if progress is not None:
        backfill = BackfillOut(
            from_date=progress.first,
            until_date=progress.until,
            done_until=progress.done_until,
            percent=round(progress.fraction * 100, 1),
            complete=progress.complete,
        )
    return ConnectionOut(
        id=connection.id,
        provider=connection.provider,
        state=connection.state,
        connected=connection.credentials is not None,
        next_attempt_at=connection.next_attempt_at,
        last_success_at=connection.last_success_at,
        last_error=connection.last_error,
        message=MessageOut(**view.message) if view.message else None,
        attempts=connection.attempts,
        backfill=backfill,
        last_run=_run_out(view.last_run),
        updated_at=connection.updated_at,
    )


def _run_out(run: SyncRun | None) -> SyncRunOut | None:
    return SyncRunOut.model_validate(run, from_attributes=True) if run is not None else None
