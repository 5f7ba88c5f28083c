"""All SQL of the alerts feature: recipients, preferences, destinations, the outbox claim."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from service.db import dialect_insert
from service.models import Alert, CoachLink, Delivery, Finding, FindingSeen, LinkStatus, User
from service.models.notifications import (
    AppriseTarget,
    FindingSnooze,
    Notice,
    NotificationPreference,
    PushSubscription,
)

OutboxModel = type[Alert] | type[Notice]
OutboxRow = Alert | Notice


# --- recipients and their settings ------------------------------------------------------------


def active_staff_links(session: Session, athlete_id: int) -> Sequence[tuple[User, CoachLink]]:
    rows = session.execute(
        select(User, CoachLink)
        .join(CoachLink, CoachLink.staff_id == User.id)
        .where(
            CoachLink.athlete_id == athlete_id,
            CoachLink.status == LinkStatus.ACTIVE,
            User.is_active.is_(True),
        )
        .order_by(User.id)
    ).all()
    return [(user, link) for user, link in rows]


def active_links_of(
    session: Session, pairs: set[tuple[int, int]]
) -> dict[tuple[int, int], CoachLink]:
    """The active link of each (athlete, staff) pair that has one."""
    if not pairs:
        return {}
    rows = session.scalars(
        select(CoachLink).where(
            CoachLink.athlete_id.in_({athlete for athlete, _ in pairs}),
            CoachLink.staff_id.in_({staff for _, staff in pairs}),
            CoachLink.status == LinkStatus.ACTIVE,
        )
    )
    links = {(link.athlete_id, link.staff_id): link for link in rows}
    return {pair: link for pair, link in links.items() if pair in pairs}


def seen_of(session: Session, pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which of these (finding, user) pairs that user marked as seen."""
    if not pairs:
        return set()
    rows = session.execute(
        select(FindingSeen.finding_id, FindingSeen.user_id).where(
            FindingSeen.finding_id.in_({finding for finding, _ in pairs}),
            FindingSeen.user_id.in_({user for _, user in pairs}),
        )
    )
    return {(finding, user) for finding, user in rows if (finding, user) in pairs}


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_finding(session: Session, finding_id: int) -> Finding | None:
    return session.get(Finding, finding_id)


def findings_by_id(session: Session, ids: set[int]) -> Sequence[Finding]:
    if not ids:
        return []
    return session.scalars(select(Finding).where(Finding.id.in_(ids))).all()


def users_by_id(session: Session, ids: set[int]) -> Sequence[User]:
    if not ids:
        return []
    return session.scalars(select(User).where(User.id.in_(ids))).all()


def get_preference_row(
    session: Session, user_id: int, *, for_update: bool = False
) -> NotificationPreference | None:
    return session.get(NotificationPreference, user_id, with_for_update=for_update)


def preference_rows(session: Session, user_ids: set[int]) -> dict[int, NotificationPreference]:
    if not user_ids:
        return {}
    rows = session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id.in_(user_ids))
    )
    return {row.user_id: row for row in rows}


def users_with_push(session: Session, user_ids: set[int]) -> set[int]:
    if not user_ids:
        return set()
    query = select(PushSubscription.user_id).where(PushSubscription.user_id.in_(user_ids))
    return set(session.scalars(query.distinct()))


def users_with_apprise(session: Session, user_ids: set[int]) -> set[int]:
    if not user_ids:
        return set()
    query = select(AppriseTarget.user_id).where(AppriseTarget.user_id.in_(user_ids))
    return set(session.scalars(query.distinct()))


# --- push subscriptions and Apprise targets ---------------------------------------------------


def list_push_subscriptions(session: Session, user_id: int) -> Sequence[PushSubscription]:
    query = select(PushSubscription).where(PushSubscription.user_id == user_id)
    return session.scalars(query.order_by(PushSubscription.id)).all()


def get_push_subscription_by_endpoint(session: Session, endpoint: str) -> PushSubscription | None:
    query = select(PushSubscription).where(PushSubscription.endpoint == endpoint)
    return session.scalar(query.with_for_update())


def delete_push_subscriptions(session: Session, ids: Iterable[int], user_id: int) -> int:
    result = session.execute(
        delete(PushSubscription).where(
            PushSubscription.id.in_(list(ids)), PushSubscription.user_id == user_id
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def list_apprise_targets(session: Session, user_id: int) -> Sequence[AppriseTarget]:
    query = select(AppriseTarget).where(AppriseTarget.user_id == user_id)
    return session.scalars(query.order_by(AppriseTarget.id)).all()


def delete_apprise_target(session: Session, target_id: int, user_id: int) -> int:
    result = session.execute(
        delete(AppriseTarget).where(AppriseTarget.id == target_id, AppriseTarget.user_id == user_id)
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- the outbox -------------------------------------------------------------------------------


def insert_alerts(session: Session, rows: list[dict[str, Any]]) -> Sequence[Alert]:
    """Insert alerts; a row whose (finding, recipient, channel) exists is left alone. Returns
    only the rows this statement inserted (a concurrent writer's rows are not returned)."""
    if not rows:
        return []
    statement = (
        dialect_insert(session, Alert)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["finding_id", "recipient_id", "channel"])
        .returning(Alert.id)
    )
    ids = list(session.scalars(statement))
    if not ids:
        return []
    return session.scalars(select(Alert).where(Alert.id.in_(ids)).order_by(Alert.id)).all()


def insert_notices(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    statement = (
        dialect_insert(session, Notice)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "period_key"])
        .returning(Notice.id)
    )
    return list(session.scalars(statement))


def renew_claims[RowT: (Alert, Notice)](
    session: Session, model: type[RowT], ids: Sequence[int], until: datetime
) -> None:
    """Extend the claims of rows still being sent (a recorded outcome ended the claim)."""
    session.execute(
        update(model)
        .where(model.id.in_(ids), model.status == "sending", model.claimed_until.is_not(None))
        .values(claimed_until=until)
        .execution_options(synchronize_session=False)
    )


def lock_due[RowT: (Alert, Notice)](
    session: Session, model: type[RowT], now: datetime, limit: int, finding_id: int | None = None
) -> Sequence[RowT]:
    """Rows due now: pending and past their next attempt, or claimed by a worker whose claim
    expired. PostgreSQL locks them with ``FOR UPDATE SKIP LOCKED`` so concurrent workers take
    different rows; SQLite has no row locks, and :func:`transition` is the claim there."""
    due = or_(
        (model.status == "pending") & (model.next_attempt_at <= now),
        (model.status == "sending") & (model.claimed_until < now),
    )
    query = select(model).where(due)
    if finding_id is not None and model is Alert:
        query = query.where(Alert.finding_id == finding_id)
    query = query.order_by(model.id).limit(limit).with_for_update(skip_locked=True)
    return session.scalars(query).all()


#: PostgreSQL advisory lock class of "claiming a recipient's alerts" (the second key: the user).
RECIPIENT_LOCK = 17_001


def lock_due_alerts(
    session: Session,
    now: datetime,
    limit: int,
    per_recipient: int,
    finding_id: int | None = None,
) -> Sequence[Alert]:
    """Due alerts of whole recipients: the recipients of the first due rows (of one finding, if
    given), and for each of them every due alert (at most ``per_recipient``), until about
    ``limit`` rows. On PostgreSQL a transaction-scoped advisory lock per recipient makes one
    claimer take all of a recipient's due rows (those of one evaluation are never split between
    two workers) and ``FOR UPDATE SKIP LOCKED`` keeps the rows apart; on SQLite
    :func:`transition` is the claim."""
    due = or_(
        (Alert.status == "pending") & (Alert.next_attempt_at <= now),
        (Alert.status == "sending") & (Alert.claimed_until < now),
    )
    first = select(Alert.recipient_id, func.min(Alert.id).label("first")).where(due)
    if finding_id is not None:
        first = first.where(Alert.finding_id == finding_id)
    candidates = session.execute(
        first.group_by(Alert.recipient_id).order_by("first").limit(limit)
    ).all()
    postgres = session.get_bind().dialect.name == "postgresql"
    rows: list[Alert] = []
    for recipient_id, _ in candidates:
        if len(rows) >= limit:
            break
        if postgres and not session.scalar(
            select(func.pg_try_advisory_xact_lock(RECIPIENT_LOCK, recipient_id))
        ):
            continue  # another worker is claiming this recipient's alerts right now
        query = (
            select(Alert)
            .where(due, Alert.recipient_id == recipient_id)
            .order_by(Alert.id)
            .limit(per_recipient)
            .with_for_update(skip_locked=True)
        )
        rows.extend(session.scalars(query))
    return rows


def transition_many[RowT: (Alert, Notice)](
    session: Session, rows: Sequence[RowT], seen: tuple[str, int], **values: Any
) -> list[RowT]:
    """Change rows read in the same state, in one statement, only where nobody changed them
    since (the claim on SQLite; on PostgreSQL the rows are already ours through their locks);
    the rows that changed (on SQLite, another worker may have moved some first)."""
    if not rows:
        return []
    model = type(rows[0])
    seen_status, seen_attempts = seen
    result = session.execute(
        update(model)
        .where(
            model.id.in_([row.id for row in rows]),
            model.status == seen_status,
            model.attempts == seen_attempts,
        )
        .values(**values)
        .returning(model.id)
        .execution_options(synchronize_session=False)
    )
    changed = set(result.scalars())
    moved = [row for row in rows if row.id in changed]
    for row in moved:  # the rows now hold what was written (no second read)
        for name, value in values.items():
            set_committed_value(row, name, value)
    return moved


def finish_sent(
    session: Session, model: OutboxModel, keys: dict[int, str | None], **values: Any
) -> int:
    """Record "sent" on the rows still being sent, each with the key of the message it went
    out in (alerts; ``None`` for notices), in one statement; how many."""
    if not keys:
        return 0
    if model is Alert and any(key is not None for key in keys.values()):
        values["message_key"] = case(keys, value=Alert.id)
    return finish(session, model, list(keys), status="sent", **values)


def finish(session: Session, model: OutboxModel, row_ids: Collection[int], **values: Any) -> int:
    """Record the outcome of a send on the rows that are still being sent; how many."""
    result = session.execute(
        update(model)
        .where(model.id.in_(list(row_ids)), model.status == "sending")
        .values(**values)
        .returning(model.id)
        .execution_options(synchronize_session=False)
    )
    return len(result.scalars().all())


def finish_if_attempt(
    session: Session, model: OutboxModel, row_id: int, attempt: int, **values: Any
) -> bool:
    """Like :func:`finish`, but only if no other worker claimed the row since our attempt."""
    result = session.execute(
        update(model)
        .where(model.id == row_id, model.status == "sending", model.attempts == attempt)
        .values(**values)
        .returning(model.id)
        .execution_options(synchronize_session=False)
    )
    return result.scalar() is not None


def add_deliveries(
    session: Session, attempts: Sequence[tuple[int, int]], now: datetime
) -> dict[int, int]:
    """Start the record of each (alert, attempt), in one insert; earlier attempts still open
    lost their worker. Returns the record's id by alert id."""
    if not attempts:
        return {}
    again = [alert_id for alert_id, attempt in attempts if attempt > 1]
    if again:
        session.execute(
            update(Delivery)
            .where(Delivery.alert_id.in_(again), Delivery.finished_at.is_(None))
            .values(outcome="abandoned", finished_at=now, error="the worker was lost")
        )
    statement = (
        insert(Delivery)
        .values(
            [
                {"alert_id": alert_id, "attempt": attempt, "started_at": now, "outcome": "started"}
                for alert_id, attempt in attempts
            ]
        )
        .returning(Delivery.alert_id, Delivery.id)
    )
    return {int(alert_id): int(delivery_id) for alert_id, delivery_id in session.execute(statement)}


def close_delivery(
    session: Session, delivery_ids: Collection[int], outcome: str, error: str | None, now: datetime
) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(list(delivery_ids)))
        .values(outcome=outcome, error=error, finished_at=now)
    )


def list_alerts(
    session: Session, status: str | None, limit: int, offset: int
) -> Sequence[tuple[Alert, Finding]]:
    query = select(Alert, Finding).join(Finding, Finding.id == Alert.finding_id)
    if status is not None:
        query = query.where(Alert.status == status)
    rows = session.execute(query.order_by(Alert.id.desc()).limit(limit).offset(offset)).all()
    return [(alert, finding) for alert, finding in rows]


def get_alert(session: Session, alert_id: int) -> Alert | None:
    return session.get(Alert, alert_id, with_for_update=True)


def alerts_for(session: Session, finding_id: int, recipient_id: int) -> Sequence[Alert]:
    query = select(Alert).where(Alert.finding_id == finding_id, Alert.recipient_id == recipient_id)
    return session.scalars(query.with_for_update()).all()


# --- snoozes ----------------------------------------------------------------------------------


def get_snooze(session: Session, finding_id: int, user_id: int) -> FindingSnooze | None:
    return session.scalar(
        select(FindingSnooze).where(
            FindingSnooze.finding_id == finding_id, FindingSnooze.user_id == user_id
        )
    )


def snoozes_of(session: Session, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], datetime]:
    """The snoozes of these (finding, user) pairs: until when each is snoozed."""
    if not pairs:
        return {}
    rows = session.execute(
        select(FindingSnooze.finding_id, FindingSnooze.user_id, FindingSnooze.until).where(
            FindingSnooze.finding_id.in_({finding for finding, _ in pairs}),
            FindingSnooze.user_id.in_({user for _, user in pairs}),
        )
    ).all()
    return {(f, u): until for f, u, until in rows if (f, u) in pairs}


def upsert_snooze(session: Session, finding_id: int, user_id: int, until: datetime) -> None:
    statement = dialect_insert(session, FindingSnooze).values(
        finding_id=finding_id, user_id=user_id, until=until
    )
    statement = statement.on_conflict_do_update(
        index_elements=["finding_id", "user_id"], set_={"until": until}
    )
    session.execute(statement)
