"""Email over SMTP (``LOADWATCH_SMTP__*``), HTML with a plain-text alternative.

The Message-ID is derived from the alerts a message carries, so if a crash between "sent" and
"marked" makes the outbox send a message twice, mail clients that de-duplicate by Message-ID show
it once. Within :meth:`EmailChannel.batch` every message goes over one SMTP connection.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import make_msgid
from urllib.parse import urlsplit

from service import mail
from service.alerts.channels.base import ChannelError, Message
from service.config import Settings


class EmailChannel:
    name = "email"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._connection: mail.Connection | None = None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Send every message of the block over one SMTP connection (opened at the first)."""
        connection = mail.Connection(self.settings)
        self._connection = connection
        try:
            yield
        finally:
            self._connection = None
            connection.close()

    def send(self, message: Message) -> None:
        host = urlsplit(self.settings.base_url).hostname or "loadwatch"
        message_id = f"<loadwatch.{message.tag}@{host}>" if message.tag else make_msgid("loadwatch")
        email = mail.build_alternative(
            self.settings,
            message.to_address,
            message.subject,
            message.text,
            message.html or message.text,
            dict(message.headers),
            message_id,
        )
        try:
            if self._connection is not None:
                self._connection.send(email)
            else:
                mail.send(self.settings, email)
        except (smtplib.SMTPException, OSError) as exc:
            raise ChannelError(f"smtp: {type(exc).__name__}: {exc}"[:500]) from exc
