"""Google Health webhooks (the Fitbit connection's push channel): pure functions for the route.

What Google specifies (developers.google.com/health/webhooks and the ``projects.subscribers``
reference):

* **Verification.** On subscriber create/update Google POSTs ``{"type": "verification"}`` twice:
  once with ``Authorization`` set to exactly our configured ``endpointAuthorization.secret``
  (expects **201 Created**), once without it (expects **401 or 403**). We answer 401 when the
  header is absent and 403 when it is present but wrong.
* **Notifications.** The same secret is "sent in the Authorization header for all subsequent
  webhook notifications", and the body is signed: ECDSA P-256 in ``GOOGLE-HEALTH-API-SIGNATURE``
  (``X-HEALTHAPI-SIGNATURE`` is read too; ``google_webhook_keys``). With a keyset configured the
  signature is required and a present ``Authorization`` must still match; without one, the secret
  alone authenticates.
* **Body.** A JSON array of 1–99 items (a single object is read as an array of one), each
  ``{"data": {"healthUserId", "dataType", "operation": "UPSERT"|"DELETE",
  "clientProvidedSubscriptionName", "intervals": [...]}}``. An interval carries any of
  ``physicalTimeInterval`` (``{"startTime", "endTime"}``, RFC 3339), ``civilIso8601TimeInterval``
  (the same, local and without offset) and ``civilDateTimeInterval`` (``{"start", "end"}`` as
  ``{"date": {"year", "month", "day"}, "time": {"hours", "minutes", "seconds"}}``, local); some
  carry only the last. An interval we cannot place at all does not refuse the delivery: that
  notification then names no time range, and the next run fetches its usual window.
  A notification says only what changed; the service fetches the data itself, after answering 204.

Google's pages give no notification id, so ``notification_id`` is a SHA-256 of the canonical
entries: a redelivery of the same body gets the same id. Identical changes can legitimately recur
(a workout edited twice), so keep seen ids for a bounded time (about a day) and rely on the
scheduled sync for anything dropped.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from service.integrations.google_webhook_keys import WebhookKeyset

MAX_BODY_BYTES = 256 * 1024
#: Google sends at most this many items in one delivery.
MAX_ITEMS = 99
SIGNATURE_HEADERS = ("x-healthapi-signature", "google-health-api-signature")
#: Civil (local) times become UTC within ±14 h, the widest offset in use.
MAX_UTC_OFFSET = timedelta(hours=14)
_HEALTH_USER_ID = re.compile(r"^[A-Za-z0-9-]{1,63}$")
_DATA_TYPE = re.compile(r"^[a-z0-9-]{1,64}$")

MESSAGES: Mapping[str, Mapping[str, str]] = {
    "webhook_malformed": {
        "en": "The notification body is not a Google Health notification.",
        "nl": "De inhoud van de melding is geen Google Health-melding.",
    },
    "webhook_payload_too_large": {
        "en": "The notification body is larger than we accept.",
        "nl": "De inhoud van de melding is groter dan we accepteren.",
    },
    "webhook_unauthorized": {
        "en": "The notification carries no authorization.",
        "nl": "De melding bevat geen autorisatie.",
    },
    "webhook_forbidden": {
        "en": "The notification's authorization does not match ours.",
        "nl": "De autorisatie van de melding komt niet overeen met de onze.",
    },
    "webhook_bad_signature": {
        "en": "The notification's signature is missing or invalid.",
        "nl": "De handtekening van de melding ontbreekt of is ongeldig.",
    },
}


class WebhookRejectedError(Exception):
    """Base of every refusal; ``status`` is the HTTP answer, ``code`` keys ``MESSAGES``."""

    code = "webhook_malformed"
    status = 400


class MalformedNotificationError(WebhookRejectedError):
    code, status = "webhook_malformed", 400


class PayloadTooLargeError(WebhookRejectedError):
    code, status = "webhook_payload_too_large", 413


class MissingAuthorizationError(WebhookRejectedError):
    code, status = "webhook_unauthorized", 401


class WrongAuthorizationError(WebhookRejectedError):
    code, status = "webhook_forbidden", 403


class BadSignatureError(WebhookRejectedError):
    code, status = "webhook_bad_signature", 401


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    """``authorization_secret`` is the full header value we registered ("Bearer …")."""

    authorization_secret: str
    keyset: WebhookKeyset | None = None
    max_body_bytes: int = MAX_BODY_BYTES

    def __post_init__(self) -> None:
        if not self.authorization_secret.strip():
            raise ValueError("a webhook authorization secret is required")


@dataclass(frozen=True, slots=True)
class HealthNotification:
    """What changed for one Google Health user; ``time_range_utc`` is ``None`` when not given."""

    health_user_id: str
    data_types: tuple[str, ...]
    operations: tuple[str, ...]
    notification_id: str
    time_range_utc: tuple[datetime, datetime] | None


@dataclass(frozen=True, slots=True)
class WebhookReceipt:
    """The answer for Google (201 verification, 204 notification) and what to enqueue."""

    status_code: int
    notifications: tuple[HealthNotification, ...] = ()


def receive_webhook(
    raw_body: bytes, headers: Mapping[str, str], config: WebhookConfig
) -> WebhookReceipt:
    """Everything the route does before enqueueing; raises ``WebhookRejectedError`` subclasses."""
    if len(raw_body) > config.max_body_bytes:
        raise PayloadTooLargeError(f"body of {len(raw_body)} bytes exceeds {config.max_body_bytes}")
    if is_verification(raw_body):
        check_authorization(header(headers, "authorization"), config.authorization_secret)
        return WebhookReceipt(status_code=201)
    authenticate_notification(raw_body, headers, config)
    return WebhookReceipt(204, parse_notifications(raw_body, config.max_body_bytes))


def answer_verification(authorization: str | None, secret: str) -> int:
    """The status for a ``{"type": "verification"}`` POST: 201, 401 (no header) or 403."""
    try:
        check_authorization(authorization, secret)
    except WebhookRejectedError as refusal:
        return refusal.status
    return 201


def load_json(raw_body: bytes) -> Any:
    """The body as JSON; ``ValueError`` for anything else. Nesting is bounded: Python's parser
    gives up on a deep one (``'[' * 200000``) with a RecursionError, here a malformed body too."""
    try:
        return json.loads(raw_body)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise ValueError("the body is not JSON") from exc


def is_verification(raw_body: bytes) -> bool:
    try:
        body = load_json(raw_body)
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("type") == "verification"


def check_authorization(authorization: str | None, secret: str) -> None:
    """Constant-time comparison of the whole ``Authorization`` value with our secret."""
    if authorization is None or not authorization.strip():
        raise MissingAuthorizationError("no Authorization header")
    if not hmac.compare_digest(authorization.strip().encode(), secret.strip().encode()):
        raise WrongAuthorizationError(
            "the Authorization header does not match the configured secret"
        )


def authenticate_notification(
    raw_body: bytes, headers: Mapping[str, str], config: WebhookConfig
) -> None:
    authorization = header(headers, "authorization")
    if config.keyset is None or authorization is not None:
        check_authorization(authorization, config.authorization_secret)
    if config.keyset is None:
        return
    encoded = next((v for name in SIGNATURE_HEADERS if (v := header(headers, name))), None)
    if encoded is None:
        raise BadSignatureError("no X-HEALTHAPI-SIGNATURE header")
    try:
        signature = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadSignatureError("the signature is not base64") from exc
    if not config.keyset.verify(signature, raw_body):
        raise BadSignatureError("the signature does not verify against Google's keyset")


def header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive lookup that works for plain dicts and Starlette's ``Headers`` alike."""
    value = headers.get(name)
    if value is not None:
        return value
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), None)


def parse_notifications(
    raw_body: bytes, max_body_bytes: int = MAX_BODY_BYTES
) -> tuple[HealthNotification, ...]:
    """One ``HealthNotification`` per user in the body (a batch may name several)."""
    if len(raw_body) > max_body_bytes:
        raise PayloadTooLargeError(f"body of {len(raw_body)} bytes exceeds {max_body_bytes}")
    try:
        body = load_json(raw_body)
    except ValueError as exc:
        raise MalformedNotificationError("the body is not JSON") from exc
    items = body if isinstance(body, list) else [body]
    if not items:
        raise MalformedNotificationError("the body holds no notification")
    if len(items) > MAX_ITEMS:
        raise MalformedNotificationError(f"a delivery holds at most {MAX_ITEMS} notifications")
    by_user: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        entry = _entry(item)
        by_user.setdefault(entry["healthUserId"], []).append(entry)
    return tuple(_notification(user, entries) for user, entries in by_user.items())


def _entry(item: object) -> dict[str, Any]:
    data = item.get("data") if isinstance(item, dict) else None
    if not isinstance(data, dict):
        raise MalformedNotificationError("each notification needs a 'data' object")
    user, data_type = data.get("healthUserId"), data.get("dataType")
    if not isinstance(user, str) or not _HEALTH_USER_ID.match(user):
        raise MalformedNotificationError("healthUserId is missing or not a Google Health user id")
    if not isinstance(data_type, str) or not _DATA_TYPE.match(data_type):
        raise MalformedNotificationError("dataType is missing or not a kebab-case data type")
    operation, intervals = data.get("operation", "UPSERT"), data.get("intervals", [])
    if not isinstance(operation, str) or not isinstance(intervals, list):
        raise MalformedNotificationError("operation must be a string and intervals a list")
    return data


def _notification(user: str, entries: list[dict[str, Any]]) -> HealthNotification:
    canonical = sorted(json.dumps(e, sort_keys=True, separators=(",", ":")) for e in entries)
    ranges = [r for e in entries for r in map(_interval_utc, e.get("intervals", [])) if r]
    return HealthNotification(
        health_user_id=user,
        data_types=tuple(sorted({str(e["dataType"]) for e in entries})),
        operations=tuple(sorted({str(e.get("operation", "UPSERT")) for e in entries})),
        notification_id=hashlib.sha256("\n".join(canonical).encode()).hexdigest(),
        time_range_utc=(min(r[0] for r in ranges), max(r[1] for r in ranges)) if ranges else None,
    )


def _interval_utc(interval: object) -> tuple[datetime, datetime] | None:
    """Physical times as given; civil (local, offset-less) times widened by ±14 h; ``None`` for
    an interval in none of the shapes we know (a newer one): it names no range."""
    if not isinstance(interval, dict):
        raise MalformedNotificationError("each interval must be an object")
    physical = interval.get("physicalTimeInterval")
    civil = interval.get("civilIso8601TimeInterval")
    structured = interval.get("civilDateTimeInterval")
    if isinstance(physical, dict):
        start, end = _times(physical, aware=True)
        return start.astimezone(UTC), end.astimezone(UTC)
    if isinstance(civil, dict):
        start, end = _times(civil, aware=False)
    elif isinstance(structured, dict):
        start, end = _civil_date_times(structured)
    else:
        return None
    return start - MAX_UTC_OFFSET, end + MAX_UTC_OFFSET


def _civil_date_times(span: dict[str, Any]) -> tuple[datetime, datetime]:
    """``{"start": CivilDateTime, "end": CivilDateTime}`` (also ``startTime``/``endTime``)."""
    first = span.get("start", span.get("startTime"))
    last = span.get("end", span.get("endTime", first))
    start, end = _civil_date_time(first), _civil_date_time(last)
    if end < start:
        raise MalformedNotificationError("an interval ends before it starts")
    return start, end


def _civil_date_time(value: object) -> datetime:
    """A ``CivilDateTime`` (``{"date": {year, month, day}, "time": {hours, ...}}``) as naive UTC."""
    day = value.get("date") if isinstance(value, dict) else None
    clock = value.get("time", {}) if isinstance(value, dict) else None
    if not isinstance(day, dict) or not isinstance(clock, dict):
        raise MalformedNotificationError("a civil date time needs a date object")
    try:
        return datetime(
            int(day["year"]),
            int(day["month"]),
            int(day["day"]),
            min(int(clock.get("hours", 0)), 23),
            int(clock.get("minutes", 0)),
            min(int(clock.get("seconds", 0)), 59),
            tzinfo=UTC,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedNotificationError("a civil date time is not a calendar date") from exc


def _times(span: dict[str, Any], *, aware: bool) -> tuple[datetime, datetime]:
    start_text, end_text = span.get("startTime"), span.get("endTime", span.get("startTime"))
    try:
        start = datetime.fromisoformat(str(start_text))
        end = datetime.fromisoformat(str(end_text))
    except ValueError as exc:
        raise MalformedNotificationError("an interval time is not ISO 8601") from exc
    if aware != (start.tzinfo is not None) or aware != (end.tzinfo is not None):
        raise MalformedNotificationError("physical times need an offset; civil times have none")
    if not aware:
        start, end = start.replace(tzinfo=UTC), end.replace(tzinfo=UTC)
    if end < start:
        raise MalformedNotificationError("an interval ends before it starts")
    return start, end
