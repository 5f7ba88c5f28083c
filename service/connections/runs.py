"""The steps of one sync run, each inside a transaction its caller owns (flush, never commit).

``claim_connection`` takes the lease and opens a ``SyncRun``; ``store_window`` stores one window's
activities and wellness days, advances the cursor and renews the lease, all in one transaction;
``finish_ok`` / ``finish_failed`` release the lease and say when to try next. Every step after
the claim first checks that the lease is still this run's (a *fence*): a run whose worker was
presumed dead and replaced stops writing instead of interleaving with its successor.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy.orm import Session

from service import crypto
from service.activities.backfills import backfill_key, note_backfill, source_span
from service.activities.service import IngestResult, ingest_activities, retire_activities
from service.config import get_settings
from service.connections import queries, windows
from service.connections.credentials import open_credentials, store_credentials
from service.connections.policy import SyncPolicy, retry_delay_s
from service.connections.service import release_lease
from service.connections.windows import SyncRange
from service.integrations.base import ActivityData, DailyWellness
from service.models import Connection, ConnectionState, SyncRun, User
from service.queue import enqueue
from service.task_names import TaskName

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """Another run took this connection over (or it was disconnected): stop without writing."""


@dataclass(frozen=True, slots=True)
class Claim:
    connection_id: int
    athlete_id: int
    provider: str
    lease_token: str
    run_id: int
    started_at: datetime
    athlete_zone: str
    sync_range: SyncRange
    external_user_id: str | None
    secret: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Batch:
    """What a provider returned for one window."""

    activities: list[ActivityData]
    wellness: list[DailyWellness] = field(default_factory=list)
    external_user_id: str | None = None
    #: External ids the provider now delivers differently (a multisport parent as its legs):
    #: what was stored under them before goes.
    retired: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    code: str
    state: Literal["needs_reauth", "rate_limited", "error"]
    retry_after_s: float | None = None
    #: Not tried again on a timer: the provider refused the request itself, so only a change
    #: (a new release, the athlete's "sync now", a webhook) can make the next attempt differ.
    final: bool = False


def claim_connection(
    session: Session,
    connection_id: int,
    run_key: str,
    now: datetime,
    policy: SyncPolicy,
    keys: list[bytes],
) -> Claim | None:
    """Take the lease and start a run, or ``None`` when there is nothing to do now.

    Nothing to do: unknown or credential-less connection, another live run holds the lease, or
    the connection is not due (a duplicate message after the work was done). A redelivery of the
    same message (same ``run_key``, its worker died) takes the lease over, at most
    ``policy.max_deliveries`` times before the message is given up.
    """
    connection = queries.lock_connection(session, connection_id)
    if connection is None or not _may_start(connection, run_key, now):
        return None
    if queries.count_runs(session, connection_id, run_key) >= policy.max_deliveries:
        _give_up(session, connection, now, policy)
        return None
    try:
        secret = open_credentials(connection, keys)
    except crypto.DecryptionFailed:
        secret = None
    if secret is None:
        _fail(connection, Failure("credentials_unreadable", "needs_reauth"), now, policy)
        return None
    queries.abandon_running(session, connection_id, now)
    return _start(session, connection, run_key, now, policy, secret)


def _may_start(connection: Connection, run_key: str, now: datetime) -> bool:
    if connection.credentials is None:
        return False
    if connection.state not in (*queries.SYNCABLE, ConnectionState.SYNCING):
        return False
    leased = connection.lease_token is not None and _after(connection.lease_expires_at, now)
    if leased:
        return connection.lease_owner == run_key
    if connection.state == ConnectionState.SYNCING:
        return True  # its run died and the lease ran out
    return connection.next_attempt_at is not None and connection.next_attempt_at <= now


def _after(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment > now


def _start(
    session: Session,
    connection: Connection,
    run_key: str,
    now: datetime,
    policy: SyncPolicy,
    secret: str,
) -> Claim:
    athlete = session.get_one(User, connection.athlete_id)
    sync_range = windows.plan(dict(connection.cursor), now.date(), policy)
    connection.lease_token = uuid.uuid4().hex
    connection.lease_owner = run_key
    connection.lease_expires_at = now + policy.lease
    connection.state = ConnectionState.SYNCING
    connection.queued_at = None
    connection.attempts += 1
    run = SyncRun(
        connection_id=connection.id,
        kind=sync_range.kind,
        status="running",
        run_key=run_key,
        started_at=now,
        window_start=sync_range.first,
        window_end=sync_range.last,
    )
    session.add(run)
    session.flush()
    return Claim(
        connection_id=connection.id,
        athlete_id=connection.athlete_id,
        provider=connection.provider,
        lease_token=connection.lease_token,
        run_id=run.id,
        started_at=now,
        athlete_zone=athlete.timezone,
        sync_range=sync_range,
        external_user_id=connection.external_user_id,
        secret=secret,
    )


def _give_up(session: Session, connection: Connection, now: datetime, policy: SyncPolicy) -> None:
    """A message whose every delivery died with its worker: stop redelivering, retry later."""
    queries.abandon_running(session, connection.id, now)
    _fail(connection, Failure("sync_keeps_crashing", "error"), now, policy)
    log.error("sync.connection.given_up", extra={"connection_id": connection.id})


def _fenced(session: Session, claim: Claim) -> Connection:
    connection = queries.lock_connection(session, claim.connection_id)
    if connection is None or connection.lease_token != claim.lease_token:
        raise LeaseLost(f"connection {claim.connection_id} is no longer leased to this run")
    return connection


def renew_lease(session: Session, claim: Claim, until: datetime) -> None:
    """The run is alive: its lease lasts until ``until`` (nothing if it lost the lease)."""
    queries.renew_lease(session, claim.connection_id, claim.lease_token, until)


def store_external_user_id(session: Session, claim: Claim, external_user_id: str) -> None:
    """The provider's id of the user, stored on its own before any window, so that webhooks find
    the connection even when the first listing fails."""
    connection = _fenced(session, claim)
    connection.external_user_id = external_user_id
    session.flush()


def store_window(
    session: Session,
    claim: Claim,
    last_day: date,
    batch: Batch,
    fresh_secret: str | None,
    *,
    now: datetime,
    policy: SyncPolicy,
    keys: list[bytes],
) -> IngestResult:
    """Store one window and advance the cursor to ``last_day``, in the caller's transaction."""
    connection = _fenced(session, claim)
    if fresh_secret is not None:
        store_credentials(connection, fresh_secret, keys)
    if batch.external_user_id is not None:
        connection.external_user_id = batch.external_user_id
    result = ingest_activities(session, claim.athlete_id, batch.activities)
    retire_activities(session, claim.athlete_id, claim.provider, batch.retired)
    wellness_days = queries.upsert_wellness(session, claim.athlete_id, batch.wellness)
    connection.cursor = windows.advanced(dict(connection.cursor), last_day)
    connection.lease_expires_at = now + policy.lease
    run = queries.require_run(session, claim.run_id)
    run.fetched += len(batch.activities)
    run.created += result.created
    run.updated += result.updated
    run.unchanged += result.unchanged
    run.linked += result.linked
    run.wellness_days += wellness_days
    run.done_until = last_day
    session.flush()
    return result


def keep_rotated_credentials(
    session: Session, claim: Claim, expected: str, fresh: str, keys: list[bytes]
) -> bool:
    """Save tokens a session rotated, unless someone else stored newer ones meanwhile.

    Runs even when the run failed or lost its lease: the provider has already burnt the old
    refresh token, so the rotated one is the only one that still works.
    """
    connection = queries.lock_connection(session, claim.connection_id)
    if connection is None or connection.credentials is None:
        return False
    try:
        current = open_credentials(connection, keys)
    except crypto.DecryptionFailed:
        current = None
    if connection.lease_token != claim.lease_token and current != expected:
        return False
    store_credentials(connection, fresh, keys)
    return True


def finish_ok(session: Session, claim: Claim, now: datetime, policy: SyncPolicy) -> bool:
    """The run stored everything: next regular sync after ``policy.interval``."""
    try:
        connection = _fenced(session, claim)
    except LeaseLost:
        return False
    cursor, rerun = windows.settled(dict(connection.cursor), claim.started_at)
    first_success = connection.last_success_at is None
    connection.cursor = cursor
    connection.state = ConnectionState.OK
    connection.last_success_at = now
    connection.next_attempt_at = now if rerun else now + policy.interval
    connection.attempts = 0
    connection.last_error = None
    release_lease(connection)
    _close_run(session, claim, "succeeded", None, now)
    if first_success:
        _note_first_sync(session, connection, now)
    return True


def _note_first_sync(session: Session, connection: Connection, now: datetime) -> None:
    """A connection's first sync is a backfill: the athlete's "your history is in" notice,
    released by an evaluation after this commit (the windows' recomputes may have run before)."""
    athlete = session.get(User, connection.athlete_id)
    days = source_span(session, connection.athlete_id, connection.provider)
    if athlete is not None and note_backfill(
        session,
        athlete.id,
        backfill_key("c", connection.id),
        days,
        fresh_days=get_settings().alerts.fresh_days,
        timezone=athlete.timezone,
        now=now,
    ):
        enqueue(session, TaskName.FINDINGS_EVALUATE, athlete_id=athlete.id)


def finish_failed(
    session: Session, claim: Claim, failure: Failure, now: datetime, policy: SyncPolicy
) -> bool:
    """Record the failure on the connection and the run; what was stored so far stays."""
    try:
        connection = _fenced(session, claim)
    except LeaseLost:
        return False
    _fail(connection, failure, now, policy)
    _close_run(session, claim, "failed", failure.code, now)
    if (
        failure.state == "rate_limited"
        and failure.retry_after_s is None
        and claim.provider in policy.paused_providers
    ):
        until = max(now + policy.provider_pause, connection.next_attempt_at or now)
        moved = queries.defer_provider(session, claim.provider, until)
        log.warning(
            "sync.provider.paused",
            extra={"provider": claim.provider, "until": until.isoformat(), "connections": moved},
        )
    return True


def _fail(connection: Connection, failure: Failure, now: datetime, policy: SyncPolicy) -> None:
    connection.state = failure.state
    connection.last_error = failure.code
    if failure.state == "needs_reauth" or failure.final:
        connection.next_attempt_at = None
    else:
        attempt = max(connection.attempts, 1)
        delay = retry_delay_s(attempt, failure.retry_after_s, policy)
        connection.next_attempt_at = now + timedelta(seconds=delay)
    release_lease(connection)


def _close_run(
    session: Session, claim: Claim, status: str, error_code: str | None, now: datetime
) -> None:
    run = queries.require_run(session, claim.run_id)
    run.status = status
    run.error_code = error_code
    run.finished_at = now
    session.flush()
