"""Web Push to subscribed browsers: payload encrypted for each browser (RFC 8291), signed with
the installation's VAPID key (RFC 8292).

The VAPID key comes from ``LOADWATCH_PUSH__VAPID_PRIVATE_KEY`` (the raw 32-byte key, base64url,
as ``web-push generate-vapid-keys`` prints it); on the embedded default one is generated once and
kept in the data folder. A push service answering 404 or 410 has forgotten the subscription for
good: those destinations are reported ``gone`` so the delivery layer deletes them.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from service.alerts.channels.base import ChannelError, Destination, Message
from service.alerts.outbound import public_only
from service.config import Settings, _persisted_secret

GONE_STATUSES = frozenset({404, 410})
TIME_TO_LIVE_S = 24 * 3600


@dataclass(frozen=True, slots=True)
class VapidKeys:
    private_key: str  # raw 32-byte key, base64url without padding
    public_key: str  # uncompressed P-256 point, base64url: the browser's applicationServerKey


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _generated_private_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return _b64(key.private_numbers().private_value.to_bytes(32, "big"))


def vapid_keys(settings: Settings) -> VapidKeys | None:
    """The installation's VAPID keys; None when push is not configured (outside the embedded
    default, the operator must set them)."""
    configured = settings.push.vapid_private_key
    if configured is not None and configured.get_secret_value().strip():
        private = configured.get_secret_value().strip()
    elif settings.embedded:
        private = _persisted_secret(settings.data_dir / "vapid_private_key", _generated_private_key)
    else:
        return None
    point = Vapid.from_string(private).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return VapidKeys(private, settings.push.vapid_public_key or _b64(point))


class WebPushChannel:
    name = "push"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.timeout_s = settings.alerts.send_timeout_s

    def send(self, message: Message) -> None:
        keys = vapid_keys(self.settings)
        if keys is None:
            raise ChannelError("push: no VAPID key configured (LOADWATCH_PUSH__VAPID_PRIVATE_KEY)")
        if not message.destinations:
            raise ChannelError("push: no subscribed browser")
        payload = json.dumps(
            {
                "title": message.subject,
                "body": message.body,
                "url": message.url,
                "tag": message.tag,
                "urgent": message.urgent,
            },
            ensure_ascii=False,
        )
        gone: set[int] = set()
        failures: list[str] = []
        for destination in message.destinations:
            status = self._push(destination, payload, keys, message)
            if status in GONE_STATUSES:
                gone.add(destination.id)
            elif status is not None:
                failures.append(f"browser {destination.id}: HTTP {status}")
        delivered = len(message.destinations) - len(gone) - len(failures) > 0
        if gone or failures:
            reason = "; ".join(failures) or "every browser unsubscribed"
            raise ChannelError(f"push: {reason}", gone=frozenset(gone), delivered=delivered)

    def _push(
        self, destination: Destination, payload: str, keys: VapidKeys, message: Message
    ) -> int | None:
        """None when the push service accepted the message, else the HTTP status (0: no answer)."""
        headers: dict[str, Any] = {"Urgency": "high" if message.urgent else "normal"}
        if message.tag:
            headers["Topic"] = message.tag[:32]
        try:
            with public_only(self.settings):  # an internal address fails as "no answer" (0)
                webpush(
                    subscription_info={
                        "endpoint": destination.address,
                        "keys": dict(destination.keys),
                    },
                    data=payload,
                    vapid_private_key=Vapid.from_string(keys.private_key),
                    vapid_claims={"sub": self.settings.push.vapid_subject},
                    timeout=self.timeout_s,
                    ttl=TIME_TO_LIVE_S,
                    headers=headers,
                )
        except WebPushException as exc:
            return exc.status_code or 0
        except (requests.RequestException, ValueError):
            return 0
        return None
