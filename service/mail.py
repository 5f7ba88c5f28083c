"""Plain email over SMTP, from the ``LOADWATCH_SMTP__*`` settings.

Without an SMTP host (the embedded default) messages are written as ``.eml`` files to
``<data dir>/mail/`` so that nothing is lost and a person can read them.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.charset import QP, Charset
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.policy import compat32
from email.utils import formatdate, make_msgid

from service.clock import utcnow
from service.config import Settings

log = logging.getLogger(__name__)
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP
#: Long header values (an unsubscribe link) stay on their line: folding would move them to the
#: next one, and some readers keep the space that leaves in front.
_UNFOLDED = compat32.clone(max_line_length=998)


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


def build_alternative(
    settings: Settings,
    to: str,
    subject: str,
    text: str,
    html: str,
    headers: dict[str, str],
    message_id: str,
) -> Message:
    """A plain-text and HTML email built with the classic MIME classes: the same message as
    :func:`build_message` gives, at a fraction of its cost (no header parsing on every header
    set), for the many emails of alert delivery."""
    message = MIMEMultipart("alternative", policy=_UNFOLDED)
    for name, value in (
        ("From", settings.smtp.from_address),
        ("To", to),
        ("Subject", subject),
        ("Message-ID", message_id),
        ("Date", formatdate(localtime=False)),
        *headers.items(),
    ):
        if not value.isascii():
            value = Header(value, "utf-8", header_name=name).encode(maxlinelen=998)
        message[name] = value
    message.attach(_text_part("plain", text))
    message.attach(_text_part("html", html))
    return message


def _text_part(subtype: str, content: str) -> MIMENonMultipart:
    """UTF-8 text, quoted-printable: readable in the raw message, 7-bit on the wire."""
    part = MIMENonMultipart("text", subtype, policy=_UNFOLDED, charset="utf-8")
    part.set_payload(content, _UTF8)
    return part


def send(settings: Settings, message: Message) -> None:
    smtp = settings.smtp
    if not smtp.host:
        _save_to_folder(settings, message)
        return
    with _connect(settings) as client:
        client.send_message(message)
    log.info("mail.sent", extra={"subject": message["Subject"]})


def _connect(settings: Settings) -> smtplib.SMTP:
    smtp = settings.smtp
    assert smtp.host  # noqa: S101 - callers check
    client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s)
    try:
        if smtp.starttls:
            client.starttls(context=ssl.create_default_context())
        if smtp.user and smtp.password:
            client.login(smtp.user, smtp.password.get_secret_value())
    except BaseException:
        client.close()
        raise
    return client


class Connection:
    """Several messages over one SMTP session, opened at the first send. A message the server
    refuses leaves the session usable; a broken session is dropped, and the next message opens a
    new one. Without an SMTP host, messages are saved to the folder as :func:`send` does."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: smtplib.SMTP | None = None

    def send(self, message: Message) -> None:
        if not self.settings.smtp.host:
            _save_to_folder(self.settings, message)
            return
        if self._client is None:
            self._client = _connect(self.settings)
        try:
            self._client.send_message(message)
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code == 421:  # the server is closing the session
                self._drop()
            raise
        except (smtplib.SMTPServerDisconnected, OSError):
            self._drop()
            raise
        log.info("mail.sent", extra={"subject": message["Subject"]})

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


def _save_to_folder(settings: Settings, message: Message) -> None:
    folder = settings.data_dir / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}.eml"
    path.write_bytes(message.as_bytes())
    log.info("mail.saved", extra={"path": str(path)})
