"""Request and response shapes of notification settings, push, Apprise and the operator's
view of the outbox. Inputs forbid unknown fields."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema, model_validator

from service.schemas import Flag, Input

SeverityName = Literal["info", "caution", "warning", "referral", "urgent"]
AlertStatus = Literal["pending", "sending", "sent", "dead", "skipped"]


def _wall_clock(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("a local time without an offset, e.g. 22:00")
    return value


#: A wall-clock time in the user's own zone. JSON Schema's ``time`` format demands an offset,
#: which a local time has not, so the schema names the form by a pattern instead.
LocalTime = Annotated[
    time,
    AfterValidator(_wall_clock),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "examples": ["22:00"],
        }
    ),
]


class QuietHours(Input):
    """Local times in the user's own time zone; an end before the start wraps past midnight.
    Also part of responses; as an input it forbids unknown fields like every other input."""

    start: LocalTime
    end: LocalTime

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHours:
        if self.start == self.end:
            raise ValueError("quiet hours need different start and end times")
        return self


class NotificationsOut(BaseModel):
    email: bool
    push: bool
    apprise: bool
    min_severity: SeverityName = Field(description="Alerts below this severity are not sent.")
    quiet_hours: QuietHours | None = Field(
        description="Alerts wait until the end; urgent ones and red flags do not."
    )
    weekly_digest: bool = Field(description="Coaches and physios: Monday summary email.")
    checkin_reminders: bool = Field(description="Athletes: weekly check-in reminders.")
    timezone: str = Field(description="The time zone quiet hours are read in (from /me).")
    push_subscriptions: int
    apprise_targets: int


class NotificationsIn(Input):
    """Every field is optional; a field left out keeps its value. ``quiet_hours: null`` clears."""

    email: Flag | None = None
    push: Flag | None = None
    apprise: Flag | None = None
    min_severity: SeverityName | None = None
    quiet_hours: QuietHours | None = None
    weekly_digest: Flag | None = None
    checkin_reminders: Flag | None = None


class VapidKeyOut(BaseModel):
    public_key: str = Field(description="The applicationServerKey for PushManager.subscribe().")


class PushKeysIn(Input):
    p256dh: str = Field(min_length=80, max_length=100)
    auth: str = Field(min_length=16, max_length=32)


class PushSubscriptionIn(Input):
    """The JSON of the browser's ``PushSubscription`` (``subscription.toJSON()``)."""

    endpoint: str = Field(min_length=10, max_length=2000)
    keys: PushKeysIn
    expirationTime: float | None = None  # noqa: N815  (the browser's own field name)


class PushSubscriptionOut(BaseModel):
    id: int
    endpoint_host: str
    user_agent: str
    created_at: datetime


class AppriseTargetIn(Input):
    label: str = Field(min_length=1, max_length=80)
    url: str = Field(min_length=6, max_length=2000, description="Any Apprise URL, e.g. ntfy://")


class AppriseTargetOut(BaseModel):
    """The URL itself is never shown again: it may hold a token."""

    id: int
    label: str
    scheme: str
    created_at: datetime


class AdminAlertOut(BaseModel):
    id: int
    finding_id: int
    rule: str
    severity: str
    athlete_id: int
    recipient_id: int
    channel: str
    status: AlertStatus
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None
    created_at: datetime
