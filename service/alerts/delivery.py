"""Delivery from the outbox: claim due rows, send them, record every attempt, retry, give up.

One round:

1. In a short transaction, take a batch of due rows — pending and past ``next_attempt_at``, or
   ``sending`` with an expired claim (its worker died: a live one renews its claims every
   ``recovery.heartbeat_s`` while it sends). Alerts are taken a recipient at a time:
   every due alert of each recipient (a PostgreSQL advisory lock per recipient, and ``FOR UPDATE
   SKIP LOCKED`` on the rows, so concurrent workers take different recipients); on SQLite a
   conditional ``UPDATE … WHERE status = <what we read> AND attempts = <what we read>`` is the
   claim. Each row is decided: held (quiet hours, a snooze: no attempt spent), skipped (channel
   off, consent gone, already seen), or claimed: ``sending``, ``attempts + 1``, ``claimed_until =
   now + claim timeout``, and for alerts a ``deliveries`` row. Commit.
2. The claimed alerts of one recipient and channel that became due within
   ``alerts.bundle_window_s`` of each other (those of one evaluation share their due moment) make
   one message: the most severe finding first and in the subject. Send every message of the batch,
   outside any transaction, email over one SMTP connection.
3. In a second transaction, one commit for the whole batch: each row ``sent`` with the key of the
   message it went out in (``alerts.message_key``); or, on failure, ``pending`` again after an
   exponential backoff with jitter (the rows of one message together); after ``max_attempts``
   attempts, ``dead`` (listed for the operator by ``GET /api/v1/admin/alerts?status=dead``). A claim
   that expires while its worker is still alive is taken over; the late worker's "sent" still
   lands, its failure does not.

What this guarantees: an alert is never lost (the row outlives any broker or worker failure; the
beat sweep finds it) and its row exists once. What it cannot: a worker that crashes after the
channel accepted a message but before step 3 committed leaves its rows ``sending``; after the
claim expires another worker sends them again, so such a crash causes **one duplicate at most**
of each message of the batch. The message key, derived from the alerts it carries, is the
email's Message-ID and the push ``Topic``, so clients fold that duplicate away. A worker killed
on its last allowed attempt leaves a row that is marked dead when reclaimed, so a message that
kills its worker cannot loop forever.
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Hashable, Sequence
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from service.alerts import queries
from service.alerts.alert_messages import MAX_PER_MESSAGE, AlertOutbox
from service.alerts.channels import default_channels
from service.alerts.channels.base import Batching, ChannelError, Message, Registry
from service.alerts.decisions import Decision, Hold, Outbox, Send, Skip
from service.alerts.notice_messages import NoticeOutbox
from service.clock import utcnow
from service.config import Settings
from service.db import Transactions, session_scope
from service.leases import renewing
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
    due_at: datetime | None = None
    bundle: Hashable | None = None


@dataclass(slots=True)
class Outgoing:
    """One message and the rows it carries; ``key`` is what each row records as its message."""

    items: list[Claimed]
    message: Message = field(init=False)
    key: str = field(init=False)

    @property
    def channel(self) -> str:
        return self.items[0].send.channel

    @property
    def send(self) -> Send:
        return Send(self.channel, self.message)


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
    """Deliver due rows in batches of about ``batch_size`` until none are left (at most
    MAX_ROUNDS): claim in one commit, send over one connection per channel, record in one."""
    report = DeliveryReport()
    limit = settings.alerts.batch_size
    for _ in range(MAX_ROUNDS):
        with transactions() as session:
            claimed, seen = _claim(
                session, outbox, settings, now or utcnow(), limit, finding_id, report
            )
        messages = bundle(outbox, claimed, settings.alerts.bundle_window_s)
        with _claims_renewed(outbox, claimed, settings):
            outcomes = send_all(channels, messages)
        if messages:
            with transactions() as session:
                _record(session, outbox, settings, messages, outcomes, now or utcnow(), report)
        if seen < limit:
            break
    return report


def _claims_renewed[RowT: (Alert, Notice)](
    outbox: Outbox[RowT], claimed: Sequence[Claimed], settings: Settings
) -> AbstractContextManager[None]:
    """While the batch is sent, its claims are renewed (``service.leases``): only a dead
    worker's claim runs out."""
    if not claimed:
        return nullcontext()
    ids = [item.row_id for item in claimed]
    timeout = timedelta(seconds=settings.alerts.claim_timeout_s)

    def renew(session: Session, _until: datetime) -> None:
        queries.renew_claims(session, outbox.model, ids, utcnow() + timeout)

    return renewing(renew, "alerts", settings)


def bundle[RowT: (Alert, Notice)](
    outbox: Outbox[RowT], claimed: Sequence[Claimed], window_s: float
) -> list[Outgoing]:
    """The messages of a batch: rows with the same bundle key (recipient and channel) whose due
    moments lie within ``window_s`` of the first of them share one; every other row is alone."""
    groups: dict[Hashable, list[list[Claimed]]] = {}
    messages: list[list[Claimed]] = []
    window = timedelta(seconds=window_s)
    for item in sorted(claimed, key=lambda c: (c.due_at is None, c.due_at, c.row_id)):
        if item.bundle is None or item.due_at is None:
            messages.append([item])
            continue
        open_groups = groups.setdefault(item.bundle, [])
        current = open_groups[-1] if open_groups else None
        first_due = current[0].due_at if current else None
        if (
            current is None
            or first_due is None
            or item.due_at - first_due > window
            or len(current) >= MAX_PER_MESSAGE
        ):
            current = []
            open_groups.append(current)
            messages.append(current)
        current.append(item)
    outgoing = []
    for items in messages:
        message = Outgoing(items)
        if items[0].bundle is None:  # a row that is never bundled has its message written
            message.message = items[0].send.message
        else:
            message.message = outbox.combine([item.send for item in items])
        message.key = message_key([item.row_id for item in items], message.message.tag)
        outgoing.append(message)
    return outgoing


def message_key(row_ids: Sequence[int], tag: str) -> str:
    """A row alone keeps its own tag (``alert-12``); several rows get one derived from all of
    their ids, the same whenever the same rows are sent together again (after a crash)."""
    if len(row_ids) == 1:
        return tag
    ids = sorted(row_ids)
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]
    return f"alerts-{ids[0]}-{len(ids)}-{digest}"


def send_all(channels: Registry, messages: Sequence[Outgoing]) -> list[Outcome]:
    """Hand every message to its channel, each channel holding one connection for the batch."""
    with ExitStack() as stack:
        for name in sorted({message.channel for message in messages}):
            channel = channels.get(name)
            if isinstance(channel, Batching):
                stack.enter_context(channel.batch())
        return [attempt(channels, message) for message in messages]


def _claim[RowT: (Alert, Notice)](
    session: Session,
    outbox: Outbox[RowT],
    settings: Settings,
    now: datetime,
    limit: int,
    finding_id: int | None,
    report: DeliveryReport,
) -> tuple[list[Claimed], int]:
    """Decide every due row and move it on; returns the rows claimed for sending. Rows that
    move the same way from the same state move in one statement, and the attempts claimed
    start with one insert."""
    rows = outbox.lock_due(session, now, limit, finding_id)
    moves: dict[tuple[str, int, str], tuple[dict[str, Any], list[RowT]]] = {}
    decided: dict[int, tuple[Decision | None, datetime | None, str]] = {}
    for row in rows:
        lost_last = row.status == "sending" and row.attempts >= settings.alerts.max_attempts
        decision = None if lost_last else outbox.decide(session, row, now)
        values, tally = _next_state(decision, row.attempts, settings, now)
        decided[row.id] = (decision, row.next_attempt_at, tally)
        move = (row.status, row.attempts, repr(sorted(values.items())))
        moves.setdefault(move, (values, []))[1].append(row)
    moved: list[RowT] = []
    for (status, attempts, _), (values, group) in moves.items():
        moved.extend(queries.transition_many(session, group, (status, attempts), **values))
    sending = [row for row in moved if isinstance(decided[row.id][0], Send)]
    references = outbox.started(session, sending, now)
    claimed: list[Claimed] = []
    for row in moved:
        decision, due_at, tally = decided[row.id]
        if isinstance(decision, Send):
            bundle_key = outbox.bundle_key(row)
            reference = references.get(row.id)
            claimed.append(Claimed(row.id, row.attempts, reference, decision, due_at, bundle_key))
        else:
            setattr(report, tally, getattr(report, tally) + 1)
    claimed.sort(key=lambda item: item.row_id)
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


def attempt(channels: Registry, item: Claimed | Outgoing) -> Outcome:
    """Hand one message to its channel; every failure becomes an Outcome, none escapes."""
    message = item.message if isinstance(item, Outgoing) else item.send.message
    if isinstance(item, Outgoing) and message.tag != item.key:
        message = replace(message, tag=item.key)
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
        first = item.items[0].row_id if isinstance(item, Outgoing) else item.row_id
        log.exception("alerts.delivery.channel_crashed", extra={"row_id": first})
        return Outcome(False, f"{type(exc).__name__} in the {item.send.channel} channel")
    return Outcome(True)


def _record[RowT: (Alert, Notice)](
    session: Session,
    outbox: Outbox[RowT],
    settings: Settings,
    messages: Sequence[Outgoing],
    outcomes: Sequence[Outcome],
    now: datetime,
    report: DeliveryReport,
) -> None:
    """Store the outcome of each message on each of its rows: sent (even if a newer claim
    exists: it did arrive) with the message's key, skipped when no destination is left, or
    failed — retried later (the message's rows at the same moment), or dead after the last
    attempt. The messages that went out are recorded together, in a few statements."""
    done: dict[tuple[str, str | None], list[Outgoing]] = {}
    for message, outcome in zip(messages, outcomes, strict=True):
        if outcome.gone:
            outbox.drop_destinations(session, message.items[0].row_id, outcome.gone)
        if outcome.delivered or outcome.nothing_left:
            status = "sent" if outcome.delivered else "skipped"
            done.setdefault((status, outcome.error), []).append(message)
        else:
            _record_failure(session, outbox, settings, message, outcome, now, report)
    for (status, error), group in done.items():
        items = [item for message in group for item in message.items]
        left = {"claimed_until": None, "last_error": error}
        if status == "sent":
            alerts = outbox.model is Alert
            keys = {i.row_id: m.key if alerts else None for m in group for i in m.items}
            queries.finish_sent(session, outbox.model, keys, sent_at=now, **left)
        else:
            queries.finish(session, outbox.model, [i.row_id for i in items], status=status, **left)
        kind = "sent" if status == "sent" else "gone"
        outbox.finished(session, [item.reference for item in items], kind, error, now)
        setattr(report, status, getattr(report, status) + len(items))
        for message in group:
            log.info(f"alerts.delivery.{status}", extra=_log_fields(message))


def _record_failure[RowT: (Alert, Notice)](
    session: Session,
    outbox: Outbox[RowT],
    settings: Settings,
    message: Outgoing,
    outcome: Outcome,
    now: datetime,
    report: DeliveryReport,
) -> None:
    done = {"claimed_until": None, "last_error": outcome.error}
    retry_at = now + backoff(settings, max(item.attempt for item in message.items))
    for item in message.items:
        dead = item.attempt >= settings.alerts.max_attempts
        retry = {"status": "pending", "next_attempt_at": retry_at}
        after = {"status": "dead"} if dead else retry
        queries.finish_if_attempt(session, outbox.model, item.row_id, item.attempt, **done, **after)
        report.dead += dead
        report.failed += not dead
        log.warning(
            "alerts.delivery.dead" if dead else "alerts.delivery.failed", extra=_log_fields(item)
        )
    outbox.finished(
        session, [item.reference for item in message.items], "failed", outcome.error, now
    )


def _log_fields(item: Claimed | Outgoing) -> dict[str, object]:
    """Ids only: never an address, a token or a health value in the logs. A message is logged
    once, by its first row and the number of rows it carries."""
    if isinstance(item, Outgoing):
        first = item.items[0]
        rows = len(item.items)
        return {"row_id": first.row_id, "rows": rows, "attempt": first.attempt,
                "channel": item.channel}  # fmt: skip
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
