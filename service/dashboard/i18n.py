"""The pages' languages: Babel catalogs for ``en`` and ``nl``, and which one a request gets.

The ``.po`` files in ``i18n/<locale>/LC_MESSAGES/`` are the one source of every text a page
shows; they are compiled in memory when first used, so no compiled ``.mo`` file can go stale.
A request gets the language its reader chose: the signed-in person's (with the language switch,
at sign-up or through the API), else the one chosen with the switch in this browser (a cookie).
Someone who never chose gets the best match of the browser's ``Accept-Language``, then the
account's default (the browser's language at sign-up), then English.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Final

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi import Request

from service.models import User

CATALOG_DIR: Final = Path(__file__).parent / "i18n"
LOCALES: Final = ("en", "nl")
DEFAULT_LOCALE: Final = "en"
LOCALE_COOKIE: Final = "lw_locale"
DOMAIN: Final = "messages"


def catalog_path(locale: str) -> Path:
    return CATALOG_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LOCALES))
def translations(locale: str) -> Translations:
    """The compiled catalog of ``locale``; untranslated entries fall back to the English msgid."""
    with catalog_path(locale).open("rb") as source:
        catalog = read_po(source, locale=locale, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(locale: str, message: str, **values: object) -> str:
    """``message`` in ``locale``, with ``%(name)s`` placeholders filled from ``values``."""
    translated = translations(locale).gettext(message)
    return translated % values if values else translated


def N_(message: str) -> str:  # noqa: N802  (the conventional name of the extraction marker)
    """Marks a text for extraction where it is defined; it is translated where it is shown."""
    return message


def supported(locale: str | None) -> str | None:
    if locale is None:
        return None
    primary = locale.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LOCALES else None


def from_accept_language(header: str) -> str | None:
    """The supported language the browser prefers most (RFC 9110 §12.5.4 quality values)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        locale = supported(tag)
        if locale is not None and quality > 0:
            ranked.append((-quality, position, locale))
    return min(ranked)[2] if ranked else None


def request_locale(request: Request, user: User | None) -> str:
    if user is not None and user.locale_chosen and user.locale in LOCALES:
        return user.locale
    return (
        supported(request.cookies.get(LOCALE_COOKIE))
        or from_accept_language(request.headers.get("accept-language", ""))
        or (supported(user.locale) if user is not None else None)
        or DEFAULT_LOCALE
    )
