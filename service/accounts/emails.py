"""Emails of the accounts feature, in the recipient's language."""

from __future__ import annotations

from urllib.parse import quote

from service import mail
from service.config import Settings
from service.texts import text


def send_password_reset(settings: Settings, to: str, name: str, locale: str, token: str) -> None:
    link = f"{settings.base_url.rstrip('/')}/reset-password?token={quote(token)}"
    body = text("reset.body", locale, name=name, link=link)
    mail.send(settings, mail.build_message(settings, to, text("reset.subject", locale), body))
