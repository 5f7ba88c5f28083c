"""Google Health webhook deliveries: authenticate, drop redeliveries, mark the athlete due.

The receiver answers fast and fetches nothing: for each notification it records the
notification id (unique; a redelivery finds it and does nothing), asks the connection's next
run to fetch again from the changed day, makes the connection due and enqueues one
``connections.sync``. Seen ids are kept about a day (the sweeper deletes older ones).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from service.config import Settings
from service.connections import queries, windows
from service.connections.fitbit_sync import shared_http
from service.connections.service import request_sync
from service.errors import AppError, NotFound, UpstreamUnavailable
from service.integrations.base import Unavailable
from service.integrations.fitbit import fetch_webhook_keyset
from service.integrations.fitbit_webhooks import (
    MESSAGES,
    HealthNotification,
    WebhookConfig,
    WebhookRejectedError,
    is_verification,
    receive_webhook,
)
from service.integrations.google_webhook_keys import KeysetError, WebhookKeyset

log = logging.getLogger(__name__)

KEYSET_TTL_S = 3600.0
_keysets: dict[str, tuple[WebhookKeyset, float]] = {}
_keysets_lock = threading.Lock()


class WebhookRefused(AppError):
    """A refused delivery, with the status Google's protocol expects (401, 403, 413, 400)."""

    def __init__(self, refusal: WebhookRejectedError) -> None:
        super().__init__(refusal.code, dict(MESSAGES.get(refusal.code, {})))
        self.status_code = refusal.status


def receive_google_health(
    session: Session,
    raw_body: bytes,
    headers: Mapping[str, str],
    settings: Settings,
    now: datetime,
) -> int:
    """The HTTP status to answer: 201 for Google's verification, 204 for notifications."""
    secret = settings.google.webhook_secret
    if secret is None or not secret.get_secret_value().strip():
        raise NotFound("webhooks_not_configured")
    keyset = None if is_verification(raw_body) else webhook_keyset(settings)
    config = WebhookConfig(authorization_secret=secret.get_secret_value(), keyset=keyset)
    try:
        receipt = receive_webhook(raw_body, headers, config)
    except WebhookRejectedError as refusal:
        log.info("webhook.google_health.refused", extra={"code": refusal.code})
        raise WebhookRefused(refusal) from None
    for notification in receipt.notifications:
        act_on(session, notification, now)
    return receipt.status_code


def act_on(session: Session, notification: HealthNotification, now: datetime) -> int:
    """Mark the user's connections due once per notification; returns how many were."""
    connections = queries.list_health_user_connections(session, notification.health_user_id)
    seen = notification.notification_id
    if not queries.record_notification(session, "fitbit", seen, now, len(connections)):
        log.info("webhook.google_health.duplicate")
        return 0
    day = (
        notification.time_range_utc[0].date() - timedelta(days=1)
        if notification.time_range_utc is not None
        else now.date() - timedelta(days=1)
    )
    for connection in connections:
        connection.cursor = windows.with_resync(dict(connection.cursor), day, now)
        request_sync(session, connection, now)
    log.info("webhook.google_health.accepted", extra={"connections": len(connections)})
    return len(connections)


def webhook_keyset(settings: Settings) -> WebhookKeyset | None:
    """Google's signing keys, cached for an hour; ``None`` when signatures are not checked."""
    url = settings.google.webhook_keyset_url.strip()
    if not url:
        return None
    with _keysets_lock:
        cached = _keysets.get(url)
        if cached is not None and time.monotonic() - cached[1] < KEYSET_TTL_S:
            return cached[0]
    try:
        keyset = fetch_webhook_keyset(url, http=shared_http())
    except (Unavailable, KeysetError) as err:
        raise UpstreamUnavailable("webhook_keyset_unavailable", str(err)) from err
    with _keysets_lock:
        _keysets[url] = (keyset, time.monotonic())
    return keyset
