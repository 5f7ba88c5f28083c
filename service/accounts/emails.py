"""Emails of the accounts feature, in the recipient's language."""

from __future__ import annotations

from urllib.parse import quote

from service import mail
from service.accounts.service import SignupMail
from service.config import Settings
from service.texts import text


def send_password_reset(settings: Settings, to: str, name: str, locale: str, token: str) -> None:
    link = f"{settings.base_url.rstrip('/')}/reset-password?token={quote(token)}"
    body = text("reset.body", locale, name=name, link=link)
    mail.send(settings, mail.build_message(settings, to, text("reset.subject", locale), body))


def send_verification(settings: Settings, to: str, name: str, locale: str, link: str) -> None:
    body = text("verify.body", locale, name=name, link=link)
    mail.send(settings, mail.build_message(settings, to, text("verify.subject", locale), body))


def send_signup_exists(settings: Settings, to: str, name: str, locale: str) -> None:
    """To an address that already has an account, when someone signs up with it again."""
    link = f"{settings.base_url.rstrip('/')}/sign-in"
    body = text("signup_exists.body", locale, name=name, link=link)
    subject = text("signup_exists.subject", locale)
    mail.send(settings, mail.build_message(settings, to, subject, body))


def send_signup_mail(settings: Settings, mail_: SignupMail) -> None:
    if mail_.verify_link is None:
        send_signup_exists(settings, mail_.to, mail_.name, mail_.locale)
    else:
        send_verification(settings, mail_.to, mail_.name, mail_.locale, mail_.verify_link)
