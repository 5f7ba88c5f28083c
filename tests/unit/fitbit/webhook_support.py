"""Shared values for the webhook tests: our secret, a signing key, a notification body."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from service.demo.fakes.google_health_data import SigningKey, notification_body
from service.integrations.fitbit_webhooks import WebhookConfig
from service.integrations.google_webhook_keys import load_tink_keyset

SECRET = "Bearer R4nd0m5tr1ng123"  # the example value on Google's webhook page
USER = "1092837465"
START = datetime(2026, 11, 20, 7, 0, tzinfo=timezone(timedelta(hours=1)))
END = START + timedelta(minutes=45)
KEY = SigningKey()
CONFIG = WebhookConfig(SECRET, load_tink_keyset(KEY.keyset_json()))


def body_for(user: str = USER, **kwargs) -> bytes:
    return json.dumps(notification_body(user, START, END, **kwargs)).encode()


def signed_headers(body: bytes, key: SigningKey = KEY, authorization: str | None = SECRET):
    headers = {"X-HEALTHAPI-SIGNATURE": key.sign(body)}
    if authorization is not None:
        headers["Authorization"] = authorization
    return headers
