"""What delivery does with a due outbox row: send it now, hold it until later, or skip it."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from service.alerts.channels.base import Message
from service.models import Alert
from service.models.notifications import Notice


@dataclass(frozen=True, slots=True)
class Send:
    """Send ``message``; ``part`` is what an outbox needs to write this row together with
    others of the same recipient as one message (an alert's finding, ready to list)."""

    channel: str
    message: Message
    part: object = None


@dataclass(frozen=True, slots=True)
class Hold:
    """Not now (quiet hours, a snooze); not an attempt, so it costs nothing of the retries."""

    until: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class Skip:
    """Never: the person turned the channel off, saw the finding, or may no longer see it."""

    reason: str


Decision = Send | Hold | Skip


class Outbox[RowT: (Alert, Notice)](Protocol):
    """One kind of outbox row (alerts, notices) and how to turn a due row into a decision."""

    @property
    def model(self) -> type[RowT]: ...

    def lock_due(
        self, session: Session, now: datetime, limit: int, finding_id: int | None
    ) -> Sequence[RowT]:
        """Due rows, locked for this transaction (about ``limit``; a recipient's rows together)."""
        ...

    def bundle_key(self, row: RowT) -> Hashable | None:
        """Rows with the same key that are due together go out as one message; None: alone."""
        ...

    def combine(self, sends: Sequence[Send]) -> Message:
        """One message for several rows' decisions (each a :class:`Send`), most pressing first."""
        ...

    def decide(self, session: Session, row: RowT, now: datetime) -> Decision: ...

    def started(self, session: Session, rows: Sequence[RowT], now: datetime) -> dict[int, int]:
        """Record that an attempt of each row starts; returns, by row id, a reference passed to
        :meth:`finished` (none for rows without a record of attempts)."""
        ...

    def finished(
        self,
        session: Session,
        references: Sequence[int | None],
        outcome: str,
        error: str | None,
        now: datetime,
    ) -> None:
        """Record how the attempts that :meth:`started` returned ``references`` for ended."""
        ...

    def drop_destinations(self, session: Session, row_id: int, ids: frozenset[int]) -> None:
        """Forget destinations a provider reported gone for good."""
        ...
