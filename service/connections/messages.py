"""What the athlete reads about a connection, in English and Dutch, keyed by a stable code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from service.integrations.garmin import MESSAGES as GARMIN_MESSAGES

PROVIDER_NAMES: Final[Mapping[str, str]] = {"garmin": "Garmin Connect", "fitbit": "Fitbit"}

_TEXTS: Final[dict[str, dict[str, str]]] = {
    "connecting": {
        "en": "Connecting to {provider}… this can take a minute.",
        "nl": "Bezig met koppelen aan {provider}… dit kan een minuut duren.",
    },
    "mfa_required": {
        "en": "Garmin sent you a verification code. Enter it to finish connecting.",
        "nl": "Garmin heeft je een verificatiecode gestuurd. Voer die in om het koppelen af te "
        "ronden.",
    },
    "provider_auth_expired": {
        "en": "{provider} no longer accepts loadwatch's access. Connect your account again.",
        "nl": "{provider} accepteert de toegang van loadwatch niet meer. Koppel je account "
        "opnieuw.",
    },
    "provider_rate_limited": {
        "en": "{provider} asked loadwatch to slow down. We try again at the time shown; nothing "
        "is lost.",
        "nl": "{provider} vroeg loadwatch om het rustiger aan te doen. We proberen het opnieuw op "
        "het getoonde tijdstip; er gaat niets verloren.",
    },
    "provider_unavailable": {
        "en": "{provider} could not be reached. We try again at the time shown.",
        "nl": "{provider} was niet bereikbaar. We proberen het opnieuw op het getoonde tijdstip.",
    },
    "provider_refused": {
        "en": "{provider} refused loadwatch's request, so loadwatch stopped asking. Press \"Sync "
        'now" to try again; if this keeps happening, tell the administrator.',
        "nl": "{provider} weigerde het verzoek van loadwatch, dus loadwatch vraagt niet meer. Druk "
        'op "Nu synchroniseren" om het opnieuw te proberen; blijft dit gebeuren, meld het dan '
        "aan de beheerder.",
    },
    "sync_failed": {
        "en": "Syncing stopped on an unexpected error. We try again at the time shown.",
        "nl": "Synchroniseren stopte door een onverwachte fout. We proberen het opnieuw op het "
        "getoonde tijdstip.",
    },
    "sync_keeps_crashing": {
        "en": "Syncing failed several times in a row. We try again later; if this goes on, tell "
        "the administrator.",
        "nl": "Synchroniseren is een paar keer achter elkaar mislukt. We proberen het later "
        "opnieuw; blijft dit gebeuren, meld het dan aan de beheerder.",
    },
    "credentials_unreadable": {
        "en": "loadwatch can no longer read its stored access to {provider} (the encryption keys "
        "changed). Connect your account again.",
        "nl": "loadwatch kan de opgeslagen toegang tot {provider} niet meer lezen (de "
        "versleutelingssleutels zijn gewijzigd). Koppel je account opnieuw.",
    },
    "login_rate_limited": {
        "en": "Garmin is refusing logins from loadwatch for now. Try connecting again in an hour.",
        "nl": "Garmin weigert voorlopig aanmeldingen van loadwatch. Probeer over een uur opnieuw "
        "te koppelen.",
    },
    "login_busy": {
        "en": "Many people are connecting Garmin right now, and Garmin allows only a few logins "
        "at a time. Try connecting again in a few minutes.",
        "nl": "Er koppelen nu veel mensen Garmin, en Garmin staat maar een paar aanmeldingen "
        "tegelijk toe. Probeer over een paar minuten opnieuw te koppelen.",
    },
    "login_unavailable": {
        "en": "Garmin could not be reached to log in. Try connecting again later.",
        "nl": "Garmin was niet bereikbaar om aan te melden. Probeer later opnieuw te koppelen.",
    },
    "connect_expired": {
        "en": "Connecting took too long and was stopped. Start connecting again.",
        "nl": "Het koppelen duurde te lang en is gestopt. Begin opnieuw met koppelen.",
    },
    "oauth_denied": {
        "en": "You did not give loadwatch access to your Fitbit data. Connect again to allow it.",
        "nl": "Je hebt loadwatch geen toegang gegeven tot je Fitbit-gegevens. Koppel opnieuw om "
        "dat toe te staan.",
    },
    "oauth_exchange_failed": {
        "en": "Google did not accept the authorisation. Start connecting again.",
        "nl": "Google heeft de autorisatie niet geaccepteerd. Begin opnieuw met koppelen.",
    },
    "oauth_scope_missing": {
        "en": "loadwatch needs access to your activity data. Connect again and allow everything "
        "that is asked for.",
        "nl": "loadwatch heeft toegang nodig tot je activiteitsgegevens. Koppel opnieuw en sta "
        "alles toe waarom gevraagd wordt.",
    },
    "oauth_state_mismatch": {
        "en": "This authorisation does not belong to your latest connection attempt, or was "
        "already used. Start connecting again.",
        "nl": "Deze autorisatie hoort niet bij je laatste koppelpoging, of is al gebruikt. "
        "Begin opnieuw met koppelen.",
    },
    "fitbit_not_configured": {
        "en": "Fitbit is not available yet. An administrator must register a Google Cloud OAuth "
        "client with access to the Google Health API and set LOADWATCH_GOOGLE__CLIENT_ID and "
        "LOADWATCH_GOOGLE__CLIENT_SECRET (and LOADWATCH_GOOGLE__WEBHOOK_SECRET for instant "
        "updates). The redirect URI to register is {redirect_uri}.",
        "nl": "Fitbit is nog niet beschikbaar. Een beheerder moet in Google Cloud een "
        "OAuth-client met toegang tot de Google Health API registreren en "
        "LOADWATCH_GOOGLE__CLIENT_ID en LOADWATCH_GOOGLE__CLIENT_SECRET instellen (en "
        "LOADWATCH_GOOGLE__WEBHOOK_SECRET voor directe updates). De redirect-URI om te "
        "registreren is {redirect_uri}.",
    },
    "connection_not_syncable": {
        "en": "This connection cannot sync now: finish connecting first.",
        "nl": "Deze koppeling kan nu niet synchroniseren: rond eerst het koppelen af.",
    },
    "mfa_not_expected": {
        "en": "No Garmin verification code is expected now. Start connecting again.",
        "nl": "Er wordt nu geen verificatiecode van Garmin verwacht. Begin opnieuw met koppelen.",
    },
    **GARMIN_MESSAGES,
}


def message(code: str, provider: str, **values: str) -> dict[str, str]:
    """``{"code", "en", "nl"}`` for ``code``; unknown codes fall back to the generic failure."""
    texts = _TEXTS.get(code, _TEXTS["sync_failed"])
    fill = {"provider": PROVIDER_NAMES.get(provider, provider), **values}
    return {"code": code, "en": texts["en"].format(**fill), "nl": texts["nl"].format(**fill)}


def known_codes() -> frozenset[str]:
    return frozenset(_TEXTS)
