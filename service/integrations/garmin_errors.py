"""The errors the Garmin connector adds to the provider tree, their texts, and HTTP clues.

The clue readers are duck-typed (any exception with a ``response`` carrying ``status_code`` and
``headers``), so this module needs nothing from ``garminconnect``; ``garmin.py`` does the mapping.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from service.clock import utcnow
from service.integrations.base import ProviderError, Unavailable

_STATUS_IN_MESSAGE = re.compile(r"(?:API Error|client error \(|HTTP)\s*(\d{3})")


class LoginFailed(ProviderError):
    """Garmin refused the email/password; retrying cannot help until the person retypes them."""

    code = "provider_login_failed"


class MfaCodeRejected(LoginFailed):
    code = "provider_mfa_code_rejected"


class NotFound(ProviderError):
    code = "provider_not_found"


class LoginUnusable(ProviderError):
    """Garmin accepted the credentials but handed out no DI tokens (its token exchange failed and
    the library fell back to a browser cookie session, which cannot be stored and refreshed):
    nothing is stored, so no sync starts on tokens that fail at once."""

    code = "provider_login_unusable"

    def __init__(self, message: str, attempts: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.attempts = attempts


class LoginFlowFailed(Unavailable):
    """Every login strategy failed, and not on the credentials: Garmin answered in a way the
    library does not expect (a changed sign-in flow, a bot challenge). ``attempts`` keeps what
    each strategy ran into, not only the last one."""

    code = "provider_login_flow_failed"

    def __init__(self, message: str, attempts: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.attempts = attempts


MESSAGES: dict[str, dict[str, str]] = {
    LoginFailed.code: {
        "en": "Garmin did not accept this email address and password.",
        "nl": "Garmin heeft dit e-mailadres en wachtwoord niet geaccepteerd.",
    },
    MfaCodeRejected.code: {
        "en": "Garmin did not accept that verification code. Enter the newest code, "
        "or start connecting again.",
        "nl": "Garmin heeft die verificatiecode niet geaccepteerd. Voer de nieuwste code in, "
        "of begin opnieuw met koppelen.",
    },
    NotFound.code: {
        "en": "This activity no longer exists in Garmin Connect.",
        "nl": "Deze activiteit bestaat niet meer in Garmin Connect.",
    },
    LoginUnusable.code: {
        "en": "Garmin accepted your email address and password, but did not hand out the access "
        "loadwatch needs to keep syncing. Nothing was stored. Try connecting again later.",
        "nl": "Garmin heeft je e-mailadres en wachtwoord geaccepteerd, maar gaf niet de toegang "
        "die loadwatch nodig heeft om te blijven synchroniseren. Er is niets opgeslagen. "
        "Probeer later opnieuw te koppelen.",
    },
    LoginFlowFailed.code: {
        "en": "Signing in to Garmin failed, and not because of your email address or password: "
        "Garmin answered in a way loadwatch does not understand. Try connecting again later; "
        "if it keeps failing, tell the administrator.",
        "nl": "Aanmelden bij Garmin is mislukt, en niet door je e-mailadres of wachtwoord: "
        "Garmin antwoordde op een manier die loadwatch niet begrijpt. Probeer later opnieuw te "
        "koppelen; blijft het mislukken, meld het dan aan de beheerder.",
    },
}
"""Texts for the error codes this connector adds, keyed by code and language."""


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date (RFC 9110)."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or utcnow())).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def http_status(err: BaseException) -> int | None:
    """The HTTP status behind an error: from an attached response, else from its message."""
    for response in _responses(err):
        status = getattr(response, "status_code", None)
        if isinstance(status, int):
            return status
    match = _STATUS_IN_MESSAGE.search(str(err))
    return int(match.group(1)) if match else None


def retry_after_of(err: BaseException) -> float | None:
    """The ``Retry-After`` of the first response along the error's cause chain that has one."""
    for response in _responses(err):
        headers = getattr(response, "headers", None)
        value = headers.get("Retry-After") if headers is not None else None
        if value is not None:
            return retry_after_seconds(str(value))
    return None


def _responses(err: BaseException) -> Iterator[Any]:
    """HTTP responses attached anywhere along the exception's cause chain."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        response = getattr(current, "response", None)
        if response is not None:
            yield response
        current = current.__cause__ or current.__context__
