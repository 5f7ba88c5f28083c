"""Connecting Garmin: the route hands the password over sealed, a task logs in.

1. ``start_garmin_connect`` (request): seal ``{email, password}`` into the connection row with a
   short expiry, state ``connecting``, enqueue ``connections.garmin_login(connection_id)``.
2. ``complete_garmin_login`` (task): open the handover, log in (slow on purpose; never in a
   request), then in one transaction: tokens sealed and the handover forgotten (→ ``ok`` and the
   backfill starts), or Garmin's MFA client state sealed (→ ``mfa_required``), or the reason.
3. ``submit_mfa_code`` (request) seals the code beside the client state and enqueues
   ``connections.garmin_mfa``; ``complete_garmin_mfa`` (task) resumes the login with it. A wrong
   code leaves the client state in place for the next code.

A result is applied only if the handover is still the one the task opened: a newer attempt
(the athlete started again) wins, and an expired one (the sweeper purged it) is not revived.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from service.clock import utcnow
from service.config import Settings, get_settings
from service.connections import queries
from service.connections.credentials import forget_pending, open_pending, store_pending
from service.connections.garmin_sync import garmin_endpoints
from service.connections.limits import spacing_limiter, wait_for_slot
from service.connections.messages import message
from service.connections.policy import DEFAULT_POLICY, SyncPolicy
from service.connections.service import mark_connected, release_lease
from service.db import Transactions
from service.errors import Conflict
from service.integrations.base import ProviderError, RateLimited
from service.integrations.garmin import (
    GarminEndpoints,
    LoginFailed,
    LoginFlowFailed,
    LoginOk,
    LoginUnusable,
    MfaCodeRejected,
    MfaRequired,
    resume_login,
    start_login,
)
from service.integrations.google_rate_limit import RequestLimiter
from service.models import Connection, ConnectionState
from service.queue import enqueue
from service.task_names import TaskName

log = logging.getLogger(__name__)

LOGIN, MFA, MFA_CODE = "login", "mfa", "mfa_code"
LOGIN_LIMITER = "garmin:logins"

Outcome = LoginOk | MfaRequired | ProviderError


def start_garmin_connect(
    session: Session,
    athlete_id: int,
    email: str,
    password: str,
    *,
    now: datetime,
    keys: list[bytes],
    policy: SyncPolicy = DEFAULT_POLICY,
) -> Connection:
    connection = queries.get_or_create_connection(session, athlete_id, "garmin")
    payload = {"kind": LOGIN, "email": email, "password": password}
    store_pending(connection, payload, keys, now + policy.pending_ttl)
    connection.state = ConnectionState.CONNECTING
    connection.last_error = None
    release_lease(connection)  # a sync on the old tokens stops at its next write
    enqueue(session, TaskName.CONNECTIONS_GARMIN_LOGIN, connection_id=connection.id)
    return connection


def submit_mfa_code(
    session: Session, athlete_id: int, code: str, *, now: datetime, keys: list[bytes]
) -> Connection:
    connection = queries.get_athlete_connection(session, athlete_id, "garmin")
    pending = open_pending(connection, keys, now) if connection is not None else None
    if (
        connection is None
        or connection.state != ConnectionState.MFA_REQUIRED
        or pending is None
        or pending.get("kind") != MFA
        or connection.pending_expires_at is None
    ):
        raise Conflict("mfa_not_expected", message("mfa_not_expected", "garmin"))
    payload = {"kind": MFA_CODE, "client_state": pending["client_state"], "code": code}
    store_pending(connection, payload, keys, connection.pending_expires_at)
    connection.state = ConnectionState.CONNECTING
    connection.last_error = None
    enqueue(session, TaskName.CONNECTIONS_GARMIN_MFA, connection_id=connection.id)
    return connection


class LoginBusy(ProviderError):
    """Too many athletes of this server are connecting Garmin at once: this login's turn would
    come later than ``login_max_wait_s``."""

    code = "login_busy"


def complete_garmin_login(
    connection_id: int,
    transactions: Transactions,
    *,
    run_key: str | None = None,
    settings: Settings | None = None,
    policy: SyncPolicy = DEFAULT_POLICY,
    login_limiter: RequestLimiter | None = None,
) -> str:
    """The login task's work; returns the connection's new state (or ``skipped``).

    Credential logins of the whole server take turns, ``login_spacing_s`` apart (Garmin limits
    logins per IP): the task waits for its turn, up to ``login_max_wait_s``.
    """
    settings = settings or get_settings()
    spacing_s = settings.garmin.login_spacing_s
    limiter = login_limiter or (
        spacing_limiter(LOGIN_LIMITER, settings, spacing_s) if spacing_s > 0 else None
    )
    attempt = _Attempt(LOGIN, run_key or uuid.uuid4().hex, settings, policy, limiter)
    return _complete(connection_id, attempt, transactions)


def complete_garmin_mfa(
    connection_id: int,
    transactions: Transactions,
    *,
    run_key: str | None = None,
    settings: Settings | None = None,
    policy: SyncPolicy = DEFAULT_POLICY,
) -> str:
    """The MFA task's work: resume the pending login with the athlete's code."""
    attempt = _Attempt(MFA_CODE, run_key or uuid.uuid4().hex, settings or get_settings(), policy)
    return _complete(connection_id, attempt, transactions)


@dataclass(frozen=True, slots=True)
class _Attempt:
    kind: str
    run_key: str
    settings: Settings
    policy: SyncPolicy
    login_limiter: RequestLimiter | None = None


@dataclass(frozen=True, slots=True)
class _Handover:
    sealed: bytes
    payload: dict[str, Any]
    lease_token: str


def _complete(connection_id: int, attempt: _Attempt, transactions: Transactions) -> str:
    keys = attempt.settings.encryption_key_list()
    with transactions() as session:
        handover = _open_handover(session, connection_id, attempt, keys)
    if handover is None:
        log.info("garmin.connect.nothing_to_do", extra={"connection_id": connection_id})
        return "skipped"
    outcome = _take_turn(attempt) or _talk_to_garmin(
        attempt.kind, handover.payload, garmin_endpoints(attempt.settings)
    )
    with transactions() as session:
        connection = queries.lock_connection(session, connection_id)
        if connection is None:
            return "superseded"
        if connection.lease_token == handover.lease_token:
            release_lease(connection)
        if connection.pending_secret != handover.sealed:
            return "superseded"
        _apply(session, connection, handover.payload, outcome, keys=keys, policy=attempt.policy)
        log.info(
            "garmin.connect.done", extra={"connection_id": connection_id, "state": connection.state}
        )
        return connection.state


def _open_handover(
    session: Session, connection_id: int, attempt: _Attempt, keys: list[bytes]
) -> _Handover | None:
    """The pending login, leased to this attempt: one Garmin session per connection at a time.

    A redelivery of the same task (its worker died) may take its own lease over.
    """
    connection = queries.lock_connection(session, connection_id)
    if connection is None or connection.state != ConnectionState.CONNECTING:
        return None
    now = utcnow()
    payload = open_pending(connection, keys, now)
    if payload is None or payload.get("kind") != attempt.kind or connection.pending_secret is None:
        return None
    held = connection.lease_expires_at is not None and connection.lease_expires_at > now
    if connection.lease_token is not None and held and connection.lease_owner != attempt.run_key:
        return None
    connection.lease_token = uuid.uuid4().hex
    connection.lease_owner = attempt.run_key
    connection.lease_expires_at = now + attempt.policy.lease
    return _Handover(connection.pending_secret, payload, connection.lease_token)


def _take_turn(attempt: _Attempt) -> LoginBusy | None:
    """Wait for this server's next login slot; ``LoginBusy`` when it is too far off."""
    if attempt.login_limiter is None:
        return None
    max_wait_s = attempt.settings.garmin.login_max_wait_s
    if wait_for_slot(attempt.login_limiter, max_wait_s=max_wait_s):
        return None
    log.warning("garmin.connect.login_busy", extra={"max_wait_s": max_wait_s})
    return LoginBusy("too many Garmin logins waiting")


def _talk_to_garmin(kind: str, payload: dict[str, Any], endpoints: GarminEndpoints) -> Outcome:
    try:
        if kind == LOGIN:
            return start_login(str(payload["email"]), str(payload["password"]), endpoints)
        return resume_login(str(payload["client_state"]), str(payload["code"]), endpoints)
    except ProviderError as err:
        return err


def _apply(
    session: Session,
    connection: Connection,
    payload: dict[str, Any],
    outcome: Outcome,
    *,
    keys: list[bytes],
    policy: SyncPolicy,
) -> None:
    now = utcnow()
    if isinstance(outcome, LoginOk):
        connection.external_user_id = outcome.display_name
        mark_connected(session, connection, outcome.token_blob, now=now, keys=keys, policy=policy)
    elif isinstance(outcome, MfaRequired):
        state = {"kind": MFA, "client_state": outcome.client_state}
        store_pending(connection, state, keys, now + policy.pending_ttl)
        connection.state = ConnectionState.MFA_REQUIRED
    elif isinstance(outcome, MfaCodeRejected) and connection.pending_expires_at is not None:
        state = {"kind": MFA, "client_state": payload["client_state"]}
        store_pending(connection, state, keys, connection.pending_expires_at)
        connection.state = ConnectionState.MFA_REQUIRED
        connection.last_error = outcome.code
    elif isinstance(outcome, LoginFailed):
        forget_pending(connection)
        connection.state = ConnectionState.NEEDS_REAUTH
        connection.last_error = outcome.code
    else:  # nothing is retried: a login needs the password, which is now forgotten
        forget_pending(connection)
        connection.state = ConnectionState.ERROR
        connection.last_error = _login_error_code(outcome)


def _login_error_code(outcome: ProviderError) -> str:
    """What the athlete is told: told apart from "wrong email or password" on purpose."""
    if isinstance(outcome, LoginUnusable | LoginFlowFailed | LoginBusy):
        return outcome.code
    return "login_rate_limited" if isinstance(outcome, RateLimited) else "login_unavailable"
