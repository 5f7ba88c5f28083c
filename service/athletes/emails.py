"""Emails of the athletes feature."""

from __future__ import annotations

from service import mail
from service.config import Settings
from service.texts import text


def send_staff_invite(settings: Settings, to: str, athlete_name: str, locale: str) -> None:
    link = f"{settings.base_url.rstrip('/')}/links"
    subject = text("invite.subject", locale, athlete=athlete_name)
    body = text(
        "invite.body", locale, athlete=athlete_name, role=text("role.staff", locale), link=link
    )
    mail.send(settings, mail.build_message(settings, to, subject, body))
