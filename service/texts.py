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
    "verify.subject": {
        "en": "Confirm your email address for loadwatch",
        "nl": "Bevestig je e-mailadres voor loadwatch",
    },
    "verify.body": {
        "en": (
            "Hello {name},\n\nConfirm that this address is yours, within two days, here:\n\n"
            "{link}\n\nUntil you do, you cannot link with a coach, physiotherapist or runner, "
            "and warnings are not sent to this address. If you did not create a loadwatch "
            "account, you can ignore this email."
        ),
        "nl": (
            "Hallo {name},\n\nBevestig binnen twee dagen hier dat dit adres van jou is:\n\n"
            "{link}\n\nTot je dat doet, kun je je niet koppelen aan een coach, fysiotherapeut "
            "of hardloper, en krijg je geen waarschuwingen op dit adres. Heb je geen "
            "loadwatch-account gemaakt? Dan kun je deze e-mail negeren."
        ),
    },
    "signup_exists.subject": {
        "en": "Someone tried to create a loadwatch account with your address",
        "nl": "Iemand probeerde een loadwatch-account te maken met jouw adres",
    },
    "signup_exists.body": {
        "en": (
            "Hello {name},\n\nSomeone tried to create a loadwatch account with this address, "
            "which already has one. If that was you, sign in here:\n\n{link}\n\n"
            "Forgot your password? Ask for a new one on the sign-in page. If it was not you, "
            "you can ignore this email; nothing has changed."
        ),
        "nl": (
            "Hallo {name},\n\nIemand probeerde een loadwatch-account te maken met dit adres, "
            "dat er al een heeft. Was jij dat? Log dan hier in:\n\n{link}\n\n"
            "Wachtwoord vergeten? Vraag op de inlogpagina een nieuw aan. Was jij het niet, dan "
            "kun je deze e-mail negeren; er is niets veranderd."
        ),
    },
    "invite.subject": {
        "en": "{athlete} invites you to follow their training on loadwatch",
        "nl": "{athlete} nodigt je uit om de training te volgen op loadwatch",
    },
    "invite.body": {
        "en": (
            "Hello,\n\n{athlete} would like you to follow their training load and warnings on "
            "loadwatch as their {role}. Sign in (or create an account with this email address) "
            "and accept the invitation here:\n\n{link}\n"
        ),
        "nl": (
            "Hallo,\n\n{athlete} vraagt je om als {role} de trainingsbelasting en "
            "waarschuwingen te volgen op loadwatch. Log in (of maak een account aan met dit "
            "e-mailadres) en accepteer de uitnodiging hier:\n\n{link}\n"
        ),
    },
    "role.coach": {"en": "coach", "nl": "trainer"},
    "role.physio": {"en": "physiotherapist", "nl": "fysiotherapeut"},
    "role.staff": {"en": "coach or physiotherapist", "nl": "trainer of fysiotherapeut"},
    "metrics.day_in_future": {
        "en": "{day} has not begun yet in your time zone; only today and earlier days can be "
        "marked as without data",
        "nl": "{day} is in jouw tijdzone nog niet begonnen; alleen vandaag en eerdere dagen kunnen "
        "als dag zonder gegevens worden gemarkeerd",
    },
    "metrics.range_reversed": {
        "en": "The start date {start} lies after the end date {end}",
        "nl": "De begindatum {start} ligt na de einddatum {end}",
    },
    "metrics.range_too_long": {
        "en": "Ask for at most {days} days at once",
        "nl": "Vraag om ten hoogste {days} dagen tegelijk",
    },
    "activities.athlete_only": {
        "en": "Only the athlete can add or change their activities and days without data",
        "nl": "Alleen de sporter zelf kan activiteiten en dagen zonder gegevens toevoegen of "
        "wijzigen",
    },
    "imports.too_many_files": {
        "en": "Send at most {limit} files at once",
        "nl": "Stuur ten hoogste {limit} bestanden tegelijk",
    },
    "imports.upload_missing": {
        "en": "The uploaded file is no longer on the server; please upload it again",
        "nl": "Het geüploade bestand staat niet meer op de server; upload het opnieuw",
    },
    "imports.gave_up": {
        "en": "The file could not be processed after several attempts; please upload it again",
        "nl": "Het bestand kon na meerdere pogingen niet worden verwerkt; upload het opnieuw",
    },
    "imports.stored": {
        "en": "{file}: {created} new, {updated} updated, {linked} linked to an activity from "
        "another source, {unchanged} unchanged",
        "nl": "{file}: {created} nieuw, {updated} bijgewerkt, {linked} gekoppeld aan een "
        "activiteit uit een andere bron, {unchanged} ongewijzigd",
    },
    "imports.incomplete": {
        "en": "{file}: {count} activities imported from a damaged file, up to the damage",
        "nl": "{file}: {count} activiteiten geïmporteerd uit een beschadigd bestand, tot aan de "
        "beschadiging",
    },
    "imports.sport_to_confirm": {
        "en": "{file}: {count} activities name no sport; their sport was guessed from the speed "
        "and is marked for the athlete to confirm",
        "nl": "{file}: {count} activiteiten noemen geen sport; de sport is geschat uit de snelheid "
        "en staat klaar om door de sporter bevestigd te worden",
    },
    "imports.member_skipped": {
        "en": "{file}: skipped: {message}",
        "nl": "{file}: overgeslagen: {message}",
    },
    "imports.rejected": {
        "en": "{file}: rejected, nothing stored: {message}",
        "nl": "{file}: geweigerd, niets opgeslagen: {message}",
    },
    "imports.unreadable": {
        "en": "{file}: cannot be read: {reason}",
        "nl": "{file}: kan niet worden gelezen: {reason}",
    },
    "imports.no_athlete": {
        "en": "no athlete with the email address {email}",
        "nl": "geen sporter met het e-mailadres {email}",
    },
    "erasure.password_wrong": {
        "en": "The password is wrong; the account was not deleted",
        "nl": "Het wachtwoord klopt niet; het account is niet verwijderd",
    },
}


def text(key: str, locale: str, **values: object) -> str:
    """The text for ``key`` in ``locale`` (falling back to English), with ``values`` filled in."""
    entry = TEXTS[key]
    return entry.get(locale, entry["en"]).format(**values)
