"""Texts people read outside the dashboard (emails), in English and Dutch."""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, dict[str, str]]] = {
    "reset.subject": {
        "en": "Reset your loadwatch password",
        "nl": "Je loadwatch-wachtwoord opnieuw instellen",
    },
    "reset.body": {
        "en": (
            "Hello {name},\n\nSomeone asked to reset the password of your loadwatch account. "
            "If that was you, choose a new password within an hour here:\n\n{link}\n\n"
            "The link works once. If you did not ask for this, you can ignore this email; "
            "your password stays as it is."
        ),
        "nl": (
            "Hallo {name},\n\nEr is gevraagd om het wachtwoord van je loadwatch-account opnieuw "
            "in te stellen. Was jij dat? Kies dan binnen een uur hier een nieuw wachtwoord:"
            "\n\n{link}\n\n"
            "De link werkt één keer. Heb je hier niet om gevraagd, dan kun je deze e-mail negeren; "
            "je wachtwoord blijft zoals het is."
        ),
    },
    "invite.subject": {
        "en": "{athlete} invites you to follow their training on loadwatch",
        "nl": "{athlete} nodigt je uit om hun training te volgen op loadwatch",
    },
    "invite.body": {
        "en": (
            "Hello,\n\n{athlete} would like you to follow their training load and warnings on "
            "loadwatch as their {role}. Sign in (or create an account with this email address) "
            "and accept the invitation here:\n\n{link}\n"
        ),
        "nl": (
            "Hallo,\n\n{athlete} wil dat je als {role} hun trainingsbelasting en waarschuwingen "
            "volgt op loadwatch. Log in (of maak een account aan met dit e-mailadres) en accepteer "
            "de uitnodiging hier:\n\n{link}\n"
        ),
    },
    "role.coach": {"en": "coach", "nl": "trainer"},
    "role.physio": {"en": "physiotherapist", "nl": "fysiotherapeut"},
    "role.staff": {"en": "coach or physiotherapist", "nl": "trainer of fysiotherapeut"},
}


def text(key: str, locale: str, **values: object) -> str:
    """The text for ``key`` in ``locale`` (falling back to English), with ``values`` filled in."""
    entry = TEXTS[key]
    return entry.get(locale, entry["en"]).format(**values)
