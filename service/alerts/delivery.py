"""Delivery from the outbox: claim due rows, send them, record every attempt, retry, give up.

One round:

1. In a short transaction, take due rows — pending and past ``next_attempt_at``, or ``sending``
   with an expired claim (its worker died) — with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
   concurrent workers take different rows; on SQLite a conditional ``UPDATE … WHERE status =
   <what we read> AND attempts = <what we read>`` is the claim. Each row is decided: held (quiet
   hours, a snooze: no attempt spent), skipped (channel off, consent gone, already seen), or
   claimed: ``sending``, ``attempts + 1``, ``claimed_until = now + claim timeout``, and for alerts a
   ``deliveries`` row. Commit.
2. Send, outside any transaction.
3. In a second transaction: ``sent``; or, on failure, ``pending`` again after an exponential
   backoff with jitter; after ``max_attempts`` attempts, ``dead`` (listed for the operator by
   ``GET /api/v1/admin/alerts?status=dead``). A claim that expires while its worker is still alive
   is taken over; the late worker's "sent" still lands, its failure does not.

What this guarantees: an alert is never lost (the row outlives any broker or worker failure; the
beat sweep finds it) and its row exists once. What it cannot: a worker that crashes after the
channel accepted a message but before step 3 committed leaves the row ``sending``; after the claim
expires another worker sends it again, so such a crash causes **one duplicate at most** per
crash. Email Message-IDs and push ``Topic`` headers derived from the alert let clients fold that
duplicate away. A worker killed on its last allowed attempt leaves a row that is marked dead when
reclaimed, so a message that kills its worker cannot loop forever.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from service.alerts import queries
from service.alerts.alert_messages import AlertOutbox
from service.alerts.channels import default_channels
from service.alerts.channels.base import ChannelError, Registry
from service.alerts.decisions import Decision, Hold, Outbox, Send, Skip
from service.alerts.notice_messages import NoticeOutbox
from service.clock import utcnow
from service.config import Settings
from service.db import Transactions, session_scope
from service.models import Alert
from service.models.notifications import Notice

log = logging.getLogger(__name__)

MAX_ROUNDS = 20
LOST_ON_LAST_ATTEMPT = "the worker was lost during the last attempt"
_JITTER = random.SystemRandom()


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    held: int = 0
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class Claimed:
    row_id: int
    attempt: int
    reference: int | None
    send: Send


@dataclass(frozen=True, slots=True)
class Outcome:
    delivered: bool
    error: str | None = None
    gone: frozenset[int] = frozenset()
    nothing_left: bool = False


def backoff(settings: Settings, attempt: int) -> timedelta:
    """``base × 2^(attempt−1)``, capped, then "equal jitter": half fixed, half random, so retries
    spread out without ever coming back at once."""
    delay = min(settings.alerts.backoff_max_s, settings.alerts.backoff_base_s * 2 ** (attempt - 1))
    return timedelta(seconds=delay / 2 + _JITTER.uniform(0, delay / 2))


def run[RowT: (Alert, Notice)](
    outbox: Outbox[RowT],
    settings: Settings,
    channels: Registry,
    transactions: Transactions,
    *,
    finding_id: int | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    """Deliver due rows in rounds of ``batch_size`` until none are left (at most MAX_ROUNDS)."""
    report = DeliveryReport()
    limit = settings.alerts.batch_size
    for _ in range(MAX_ROUNDS):
        with transactions() as session:
            claimed, seen = _claim(
                session, outbox, settings, now or utcnow(), limit, finding_id, report
            )
        for item in claimed:
            outcome = attempt(channels, item)
            with transactions() as session:
                _record(session, outbox, settings, item, outcome, now or utcnow(), report)
        if seen < limit:
            break
    return report


def _claim[RowT: (Alert, Notice)](
    session: Session,
    outbox: Outbox[RowT],
    settings: Settings,
    now: datetime,
    limit: int,
    finding_id: int | None,
    report: DeliveryReport,
) -> tuple[list[Claimed], int]:
    """Decide every due row and move it on; returns the rows claimed for sending."""
    rows = queries.lock_due(session, outbox.model, now, limit, finding_id)
    claimed: list[Claimed] = []
    for row in rows:
        seen = (row.status, row.attempts)
        lost_last = row.status == "sending" and row.attempts >= settings.alerts.max_attempts
        decision = None if lost_last else outbox.decide(session, row, now)
        values, tally = _next_state(decision, row.attempts, settings, now)
        if not queries.transition(session, row, seen, **values):
            continue  # another worker moved it first (SQLite)
        if isinstance(decision, Send):
            reference = outbox.started(session, row, now)
            claimed.append(Claimed(row.id, row.attempts, reference, decision))
        else:
            setattr(report, tally, getattr(report, tally) + 1)
    return claimed, len(rows)


def _next_state(
    decision: Decision | None, attempts: int, settings: Settings, now: datetime
) -> tuple[dict[str, Any], str]:
    """The row's new columns, and the report counter it adds to. ``None``: its worker died
    during the last allowed attempt."""
    if decision is None:
        return {"status": "dead", "claimed_until": None, "last_error": LOST_ON_LAST_ATTEMPT}, "dead"
    if isinstance(decision, Hold):
        return {"status": "pending", "claimed_until": None,
                "next_attempt_at": decision.until}, "held"  # fmt: skip
    if isinstance(decision, Skip):
        return {
            "status": "skipped",
            "claimed_until": None,
            "last_error": decision.reason,
        }, "skipped"
    claim_until = now + timedelta(seconds=settings.alerts.claim_timeout_s)
    return {"status": "sending", "attempts": attempts + 1, "claimed_until": claim_until}, "sent"


def attempt(channels: Registry, item: Claimed) -> Outcome:
    """Hand one message to its channel; every failure becomes an Outcome, none escapes."""
    message = item.send.message
    channel = channels.get(item.send.channel)
    if channel is None:
        return Outcome(False, f"no channel named {item.send.channel}")
    try:
        channel.send(message)
    except ChannelError as exc:
        remaining = {d.id for d in message.destinations} - exc.gone
        left = not message.destinations or bool(remaining)
        return Outcome(exc.delivered, exc.reason[:1000], exc.gone, nothing_left=not left)
    except Exception as exc:  # a channel bug must cost one attempt, not strand the row
        log.exception("alerts.delivery.channel_crashed", extra={"row_id": item.row_id})
        return Outcome(False, f"{type(exc).__name__} in the {item.send.channel} channel")
    return Outcome(True)


def _record[RowT: (Alert, Notice)](
    session: Session,
    outbox: Outbox[RowT],
    settings: Settings,
    item: Claimed,
    outcome: Outcome,
    now: datetime,
    report: DeliveryReport,
) -> None:
    """Store the outcome: sent (even if a newer claim exists: it did arrive), skipped when no
    destination is left, or failed — retried later, or dead after the last attempt."""
    if outcome.gone:
        outbox.drop_destinations(session, item.row_id, outcome.gone)
    done = {"claimed_until": None, "last_error": outcome.error}
    if outcome.delivered or outcome.nothing_left:
        status, kind = ("sent", "sent") if outcome.delivered else ("skipped", "gone")
        sent_at = {"sent_at": now} if outcome.delivered else {}
        queries.finish(session, outbox.model, item.row_id, status=status, **done, **sent_at)
        outbox.finished(session, item.row_id, item.reference, kind, outcome.error, now)
        setattr(report, status, getattr(report, status) + 1)
        log.info(f"alerts.delivery.{status}", extra=_log_fields(item))
        return
    dead = item.attempt >= settings.alerts.max_attempts
    retry = {"status": "pending", "next_attempt_at": now + backoff(settings, item.attempt)}
    after = {"status": "dead"} if dead else retry
    queries.finish_if_attempt(session, outbox.model, item.row_id, item.attempt, **done, **after)
    outbox.finished(session, item.row_id, item.reference, "failed", outcome.error, now)
    report.dead += dead
    report.failed += not dead
    log.warning(
        "alerts.delivery.dead" if dead else "alerts.delivery.failed", extra=_log_fields(item)
    )


def _log_fields(item: Claimed) -> dict[str, object]:
    """Ids only: never an address, a token or a health value in the logs."""
    return {"row_id": item.row_id, "attempt": item.attempt, "channel": item.send.channel}


def deliver_alerts(
    settings: Settings,
    *,
    finding_id: int | None = None,
    channels: Registry | None = None,
    transactions: Transactions | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    """Deliver due alerts (of one finding, or all). Runs its own transactions: the claim must
    be committed before sending, and the outcome after."""
    return run(
        AlertOutbox(settings),
        settings,
        channels or default_channels(settings),
        transactions or (lambda: session_scope(settings)),
        finding_id=finding_id,
        now=now,
    )


def deliver_notices(
    settings: Settings,
    *,
    channels: Registry | None = None,
    transactions: Transactions | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    """Deliver due digests and check-in reminders."""
    return run(
        NoticeOutbox(settings),
        settings,
        channels or default_channels(settings),
        transactions or (lambda: session_scope(settings)),
        now=now,
    )
