"""Alert channels behind one ``send(message)`` interface, and the default registry."""

from __future__ import annotations

from service.alerts.channels.apprise import AppriseChannel
from service.alerts.channels.base import Channel, ChannelError, Destination, Message, Registry
from service.alerts.channels.email import EmailChannel
from service.alerts.channels.webpush import WebPushChannel
from service.config import Settings


def default_channels(settings: Settings) -> Registry:
    """The channels of this installation, by name."""
    return {
        "email": EmailChannel(settings),
        "push": WebPushChannel(settings),
        "apprise": AppriseChannel(settings),
    }


__all__ = [
    "Channel",
    "ChannelError",
    "Destination",
    "Message",
    "Registry",
    "default_channels",
]
