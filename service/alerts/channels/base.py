"""The one interface every alert channel implements, and the plain registry of channels.

A channel gets a fully written :class:`Message` (language chosen, links signed, destinations
looked up) and either returns — the message was handed over — or raises :class:`ChannelError`.
Channels know nothing of the database: the delivery layer turns a ``ChannelError`` into a retry,
a dead alert, or the removal of destinations the provider reported gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a channel sends besides the person's email: one browser or one Apprise URL.

    ``address`` is the push endpoint or the (opened) Apprise URL; ``keys`` holds a browser's
    ``p256dh`` and ``auth`` keys.
    """

    id: int
    address: str
    keys: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Message:
    """One message to one person, already in their language.

    ``text``/``html`` are the full email; ``body`` is the short form for push and Apprise;
    ``tag`` identifies the alert (one notification per tag on a device, the email's Message-ID
    seed), ``urgent`` asks push services to deliver at once.
    """

    to_address: str
    subject: str
    body: str
    text: str
    html: str | None = None
    url: str | None = None
    tag: str = ""
    urgent: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)
    destinations: tuple[Destination, ...] = ()


class ChannelError(Exception):
    """Nothing (or not everything) was delivered.

    ``gone`` lists destinations the provider says will never work again (HTTP 404/410 from a push
    service); ``delivered`` is True when at least one destination took the message anyway.
    """

    def __init__(
        self, reason: str, *, gone: frozenset[int] = frozenset(), delivered: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.gone = gone
        self.delivered = delivered


class Channel(Protocol):
    name: str

    def send(self, message: Message) -> None:
        """Hand the message over, or raise :class:`ChannelError`."""
        ...


@runtime_checkable
class Batching(Protocol):
    """A channel that can keep one connection open for a batch of messages (email: one SMTP
    session); delivery enters :meth:`batch` around the sends of a batch."""

    def batch(self) -> AbstractContextManager[None]: ...


Registry = Mapping[str, Channel]
"""Channels by name (``email``, ``push``, ``apprise``); tests pass their own."""
