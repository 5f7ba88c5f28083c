"""Every text a person reads (page catalogs, advice texts, emails) names only pages that exist,
by the name the menu gives them, and the Dutch reads as written in Dutch, not translated."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from functools import cache

import pytest
from babel.messages.pofile import read_po
from starlette.routing import BaseRoute, Match

import service.training.messages as advice_texts
from service.alerts.wording import WORDING
from service.connections.messages import _TEXTS as CONNECTION_TEXTS
from service.dashboard.i18n import catalog_path, gettext
from service.main import create_app
from service.texts import TEXTS
from service.training.findings import LocalizedText

#: How texts name a page, the page's address, and (for a page named by its menu label) that label.
PAGES: dict[str, tuple[str, str | None]] = {
    "the privacy page": ("/privacy", "Privacy"),
    "privacypagina": ("/privacy", None),
    "the connections page": ("/connections", "Connections"),
    "pagina koppelingen": ("/connections", "Connections"),
    "the coaches page": ("/invitations", "Coaches"),
    "pagina begeleiders": ("/invitations", "Coaches"),
    "your account page": ("/account", "Account"),
    "accountpagina": ("/account", None),
    "the start page": ("/", None),
    "startpagina": ("/", None),
    "the sign-in page": ("/sign-in", None),
    "inlogpagina": ("/sign-in", None),
    "trainingspagina": ("/athletes/7", None),
}
NAMED_PAGE = re.compile(r"(?i:\b(?:the|your) [\w-]+ page\b|\b\w+pagina\b)|\bpagina [A-Z]\w+")
TRANSLATED_DUTCH = (
    "Langeloopgrens",
    "Je hardlopen van de afgelopen zeven dagen",
    "Er wacht niets op de ander",
    "Diens e-mailadres",
    "instellingenpagina",
)


def catalog_texts() -> Iterator[str]:
    for locale in ("en", "nl"):
        with catalog_path(locale).open("rb") as source:
            for message in read_po(source, locale=locale):
                for text in (message.id, message.string):
                    yield from ((text,) if isinstance(text, str) else text)


def advice() -> Iterator[str]:
    for info in pkgutil.iter_modules(advice_texts.__path__):
        module = importlib.import_module(f"{advice_texts.__name__}.{info.name}")
        for value in vars(module).values():
            found = value.values() if isinstance(value, dict) else (value,)
            for text in found:
                if isinstance(text, LocalizedText):
                    yield from (text.en, text.nl)


def every_text() -> list[str]:
    emails = [text for pair in WORDING.values() for text in pair]
    emails += [text for texts in TEXTS.values() for text in texts.values()]
    emails += [text for texts in CONNECTION_TEXTS.values() for text in texts.values()]
    return [text for text in [*catalog_texts(), *advice(), *emails] if text]


@cache
def routes() -> list[BaseRoute]:
    return list(create_app().router.routes)


def served(path: str) -> bool:
    """Whether the app has a page (a GET route) at ``path``."""
    scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": []}
    return any(route.matches(scope)[0] == Match.FULL for route in routes())


def test_the_texts_are_found() -> None:
    texts = every_text()
    assert len(texts) > 1500
    assert not served("/settings")
    assert any("achillespees" in text for text in texts)


def test_every_page_a_text_names_exists_under_its_menu_name() -> None:
    named = {m.group(0).lower() for text in every_text() for m in NAMED_PAGE.finditer(text)}
    unknown = sorted(named - set(PAGES) - {"the page", "this page", "your page"})
    assert not unknown, f"texts name pages that do not exist: {unknown}"
    for name, (path, label) in PAGES.items():
        assert served(path), (name, path)
        if label is not None and name.startswith("pagina "):
            assert name.removeprefix("pagina ") == gettext("nl", label).lower(), name
        elif label is not None:
            assert label.lower() in name, name


@pytest.mark.parametrize("phrase", TRANSLATED_DUTCH)
def test_translated_sounding_dutch_is_gone(phrase: str) -> None:
    assert not [text for text in every_text() if phrase.lower() in text.lower()]
