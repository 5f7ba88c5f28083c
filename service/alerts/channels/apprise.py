"""Any notification service Apprise knows (ntfy, Telegram, Signal, Pushover, Slack, JSON
webhooks...), by the URLs a person configured. Each URL is tried on its own, so one broken
target does not hide whether the others received the message.

Apprise runs each URL in this thread (no worker pool of its own), bounded by the socket
timeouts, so that ``outbound.public_only`` sees every connection it opens."""

from __future__ import annotations

from typing import Any

import apprise

from service.alerts.apprise_schemes import scheme_allowed
from service.alerts.channels.base import ChannelError, Message
from service.alerts.outbound import public_only
from service.config import Settings


def is_valid_url(url: str) -> bool:
    """True when Apprise recognises the URL (a known scheme with the parts it needs)."""
    return apprise.Apprise.instantiate(url) is not None


class AppriseChannel:
    name = "apprise"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.timeout_s = settings.alerts.send_timeout_s

    def send(self, message: Message) -> None:
        if not message.destinations:
            raise ChannelError("no Apprise URL configured")
        failed: list[str] = []
        body = f"{message.body}\n\n{message.url}" if message.url else message.body
        kind = apprise.NotifyType.FAILURE if message.urgent else apprise.NotifyType.WARNING
        for destination in message.destinations:
            if not scheme_allowed(destination.address):
                failed.append(f"target {destination.id}: scheme not allowed")
                continue
            notifier = self._notifier(destination.address)
            if notifier is None:
                failed.append(f"target {destination.id}: not a valid Apprise URL")
                continue
            with public_only(self.settings):
                result = notifier.notify(body=body, title=message.subject, notify_type=kind)
            if not result:
                failed.append(f"target {destination.id}: {result.status.name.lower()}")
        if failed:
            delivered = len(failed) < len(message.destinations)
            raise ChannelError("apprise: " + "; ".join(failed), delivered=delivered)

    def _notifier(self, url: str) -> Any:
        asset = apprise.AppriseAsset(async_mode=False, service_timeout=0)
        service = apprise.Apprise.instantiate(url, asset=asset)
        if service is None:
            return None
        service.socket_connect_timeout = self.timeout_s
        service.socket_read_timeout = self.timeout_s
        notifier = apprise.Apprise(asset=asset)
        notifier.add(service)
        return notifier
