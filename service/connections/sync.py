"""One sync run from start to end: ``sync_connection(connection_id, transactions)``.

The entry point (the ``connections.sync`` task, a test, a command) hands over its transaction
factory, ``session_scope``: provider calls must not hold a database transaction open, and each
window is committed with its cursor on its own, so the run is a short sequence of transactions
rather than one. Provider errors end the run with the connection's state and next attempt set
(``runs.finish_failed``); anything unexpected is recorded the same way and re-raised.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.orm import Session

from service.clock import utcnow
from service.config import Settings, get_settings
from service.connections import runs, windows
from service.connections.fitbit_sync import open_fitbit
from service.connections.garmin_sync import open_garmin
from service.connections.policy import SyncPolicy, sync_policy
from service.connections.runs import Batch, Claim, Failure, LeaseLost
from service.db import Transactions
from service.integrations.base import AuthExpired, ProviderError, RateLimited, Refused
from service.leases import renewing

log = logging.getLogger(__name__)


class ProviderSession(Protocol):
    """A connected provider for the length of one run."""

    def fetch(self, first: date, last: date) -> Batch:
        """Activities (and daily figures) whose local start day lies in ``first..last``."""
        ...

    def current_credentials(self) -> str | None:
        """The secret as it is now, if the session keeps it (Garmin's rotating token blob)."""
        ...

    def close(self) -> None: ...


OpenProvider = Callable[[Claim], ProviderSession]


@dataclass(frozen=True, slots=True)
class SyncContext:
    transactions: Transactions
    settings: Settings
    keys: list[bytes]
    policy: SyncPolicy


def sync_connection(
    connection_id: int,
    transactions: Transactions,
    *,
    run_key: str | None = None,
    policy: SyncPolicy | None = None,
    settings: Settings | None = None,
    opener: OpenProvider | None = None,
) -> str:
    """Sync one connection if it is due; returns ``ok``, the failure state, or ``skipped``.

    ``run_key`` is the task id: a redelivered message carries the same one and may take over the
    lease of its dead predecessor. While the run fetches and stores, a heartbeat renews its
    lease (``service.leases``), so only a dead run's lease runs out.
    """
    settings = settings or get_settings()
    policy = policy or sync_policy(settings)
    context = SyncContext(transactions, settings, settings.encryption_key_list(), policy)
    key = run_key or uuid.uuid4().hex
    with transactions() as session:
        claim = runs.claim_connection(session, connection_id, key, utcnow(), policy, context.keys)
    if claim is None:
        log.info("sync.connection.skipped", extra={"connection_id": connection_id})
        return "skipped"
    log.info("sync.connection.started", extra=_about(claim) | {"pid": os.getpid()})
    return _finish(claim, context, opener or default_opener(context))


def _finish(claim: Claim, context: SyncContext, opener: OpenProvider) -> str:
    lease = context.policy.lease

    def renew(session: Session, _until: datetime) -> None:
        runs.renew_lease(session, claim, utcnow() + lease)

    try:
        with renewing(renew, "sync", context.settings):
            _fetch_and_store(claim, context, opener)
    except LeaseLost:
        log.warning("sync.connection.superseded", extra=_about(claim))
        return "superseded"
    except ProviderError as err:
        failure = failure_for(err)
        with context.transactions() as session:
            runs.finish_failed(session, claim, failure, utcnow(), context.policy)
        log.info("sync.connection.failed", extra=_about(claim) | {"code": failure.code})
        return failure.state
    except Exception:
        with context.transactions() as session:
            runs.finish_failed(
                session, claim, Failure("sync_failed", "error"), utcnow(), context.policy
            )
        log.exception("sync.connection.crashed", extra=_about(claim))
        raise
    with context.transactions() as session:
        runs.finish_ok(session, claim, utcnow(), context.policy)
    log.info("sync.connection.finished", extra=_about(claim))
    return "ok"


def _fetch_and_store(claim: Claim, context: SyncContext, opener: OpenProvider) -> None:
    provider = opener(claim)
    saved = claim.secret
    try:
        cuts = windows.windows(
            claim.sync_range.first, claim.sync_range.last, context.policy.chunk_days
        )
        for first, last in cuts:
            batch = provider.fetch(first, last)
            fresh = provider.current_credentials()
            changed = fresh if fresh is not None and fresh != saved else None
            with context.transactions() as session:
                runs.store_window(
                    session, claim, last, batch, changed,
                    now=utcnow(), policy=context.policy, keys=context.keys,
                )  # fmt: skip
            saved = changed or saved
    finally:
        _keep_rotated(claim, context, provider, saved)


def _keep_rotated(
    claim: Claim, context: SyncContext, provider: ProviderSession, saved: str
) -> None:
    """After every session, success or not: store tokens the session rotated."""
    try:
        fresh = provider.current_credentials()
        if fresh is not None and fresh != saved:
            with context.transactions() as session:
                runs.keep_rotated_credentials(session, claim, saved, fresh, context.keys)
    finally:
        provider.close()


def failure_for(err: ProviderError) -> Failure:
    """How a provider error leaves the connection."""
    if isinstance(err, AuthExpired):
        return Failure(AuthExpired.code, "needs_reauth")
    if isinstance(err, RateLimited):
        return Failure(RateLimited.code, "rate_limited", err.retry_after_s)
    if isinstance(err, Refused):
        return Failure(Refused.code, "error", final=True)
    return Failure("provider_unavailable", "error")


def default_opener(context: SyncContext) -> OpenProvider:
    """The real providers, configured from the settings."""

    def open_provider(claim: Claim) -> ProviderSession:
        if claim.provider == "garmin":
            return open_garmin(claim, context.settings)
        return open_fitbit(claim, context.transactions, context.settings, context.keys)

    return open_provider


def _about(claim: Claim) -> dict[str, object]:
    return {
        "connection_id": claim.connection_id,
        "provider": claim.provider,
        "run_id": claim.run_id,
        "kind": claim.sync_range.kind,
    }
