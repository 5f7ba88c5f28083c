"""Plain email over SMTP, from the ``LOADWATCH_SMTP__*`` settings.

Without an SMTP host (the embedded default) messages are written as ``.eml`` files to
``<data dir>/mail/`` so that nothing is lost and a person can read them.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from service.clock import utcnow
from service.config import Settings

log = logging.getLogger(__name__)


def build_message(
    settings: Settings,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp.from_address
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="loadwatch")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def send(settings: Settings, message: EmailMessage) -> None:
    smtp = settings.smtp
    if not smtp.host:
        _save_to_folder(settings, message)
        return
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s) as client:
        if smtp.starttls:
            client.starttls(context=ssl.create_default_context())
        if smtp.user and smtp.password:
            client.login(smtp.user, smtp.password.get_secret_value())
        client.send_message(message)
    log.info("mail.sent", extra={"subject": message["Subject"]})


def _save_to_folder(settings: Settings, message: EmailMessage) -> None:
    folder = settings.data_dir / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}.eml"
    path.write_bytes(message.as_bytes())
    log.info("mail.saved", extra={"path": str(path)})
