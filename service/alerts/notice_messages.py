"""Due notices (digests, check-in reminders, "your history is in"): decide and write them, by
email only."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from service.alerts import preferences, queries
from service.alerts.channels.base import Message
from service.alerts.decisions import Decision, Hold, Send, Skip
from service.alerts.digests import digest_message
from service.alerts.history import history_message
from service.alerts.reminders import checked_in_since, reminder_message
from service.config import Settings
from service.models import STAFF_ROLES, Role
from service.models.notifications import Notice

TOGGLES = {"digest": "weekly_digest", "checkin_due": "checkin_reminders",
           "checkin_missed": "checkin_reminders", "history": "email_enabled"}  # fmt: skip
CHECKIN_KINDS = ("checkin_due", "checkin_missed")


class NoticeOutbox:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def model(self) -> type[Notice]:
        return Notice

    def lock_due(
        self, session: Session, now: datetime, limit: int, finding_id: int | None
    ) -> Sequence[Notice]:
        return queries.lock_due(session, Notice, now, limit)

    def bundle_key(self, row: Notice) -> Hashable | None:
        return None  # each notice is a message of its own

    def combine(self, sends: Sequence[Send]) -> Message:
        raise TypeError("notices are never combined")

    def decide(self, session: Session, row: Notice, now: datetime) -> Decision:
        user = queries.get_user(session, row.user_id)
        if user is None or not user.is_active:
            return Skip("the recipient no longer exists")
        expected = STAFF_ROLES if row.kind == "digest" else {Role.ATHLETE}
        if user.role not in expected:
            return Skip("the recipient's role changed")
        prefs = preferences.load(session, user.id)
        if not getattr(prefs, TOGGLES[row.kind]):
            return Skip("the recipient turned these emails off")
        if row.kind == "history" and not user.email_verified:
            return Skip("the recipient's address is not verified")
        if row.kind in CHECKIN_KINDS and checked_in_since(session, row):
            return Skip("the check-in arrived")
        until = preferences.quiet_until(prefs, user.timezone, now)
        if until is not None:
            return Hold(until, "quiet hours")
        if row.kind == "digest":
            return Send("email", digest_message(self.settings, session, user, row))
        if row.kind == "history":
            return Send("email", history_message(self.settings, session, user, row, now))
        return Send("email", reminder_message(self.settings, user, row))

    def started(self, session: Session, rows: Sequence[Notice], now: datetime) -> dict[int, int]:
        return {}

    def finished(
        self,
        session: Session,
        references: Sequence[int | None],
        outcome: str,
        error: str | None,
        now: datetime,
    ) -> None:
        """Notices keep their last error on the row; only alerts have a deliveries table."""

    def drop_destinations(self, session: Session, row_id: int, ids: frozenset[int]) -> None:
        """Notices go by email, which has no destinations to drop."""
