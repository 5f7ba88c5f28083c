"""Languages, formats and assets of the pages: both catalogs complete, the reader's language
chosen right, numbers written the Dutch or English way, every asset served by loadwatch."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.dashboard import formats, labels
from service.dashboard.i18n import CATALOG_DIR, LOCALES, catalog_path, from_accept_language
from service.dashboard.render import PAGE_HEADERS
from tests.api.page_browser import PageBrowser, text_of

DASHBOARD = Path(formats.__file__).parent
VENDOR = DASHBOARD / "static" / "vendor"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def extracted_messages() -> set[str]:
    """Every text the templates and the dashboard's code mark for translation."""
    with (CATALOG_DIR / "babel.cfg").open() as config:
        from babel.messages.frontend import parse_mapping_cfg

        method_map, options_map = parse_mapping_cfg(config)
    found = extract_from_dir(str(DASHBOARD), method_map, options_map)
    return {message if isinstance(message, str) else message[0] for _f, _l, message, *_ in found}


def catalog(locale: str) -> dict[str, tuple[str, ...]]:
    """msgid (the singular of a plural) → its translations (one, or one per plural form)."""
    with catalog_path(locale).open("rb") as source:
        entries = [m for m in read_po(source) if m.id]
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): (
            (m.string,) if isinstance(m.string, str) else tuple(m.string)
        )
        for m in entries
    }


def test_every_text_of_the_pages_has_a_dutch_translation_with_the_same_placeholders() -> None:
    messages = extracted_messages()
    dutch = catalog("nl")
    assert messages <= set(dutch), sorted(messages - set(dutch))[:5]
    untranslated = sorted(m for m in messages if not all(dutch[m]))
    assert not untranslated, untranslated[:5]
    for message in messages:
        for translation in dutch[message]:
            assert set(PLACEHOLDER.findall(message)) == set(PLACEHOLDER.findall(translation)), (
                message
            )


def test_the_catalogs_hold_no_texts_the_pages_no_longer_use() -> None:
    messages = extracted_messages()
    for locale in LOCALES:
        stale = set(catalog(locale)) - messages
        assert not stale, (locale, sorted(stale)[:5])


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
        ("en-GB,en;q=0.9,nl;q=0.8", "en"),
        ("de-DE,de;q=0.9,nl;q=0.5,en;q=0.4", "nl"),
        ("fr;q=1, en;q=0.1, nl;q=0.2", "nl"),
        ("nl;q=0, en", "en"),
        ("nl-BE", "nl"),
        ("*", None),
        ("", None),
        ("nl;q=not-a-number, en;q=0.5", "en"),
    ],
)
def test_the_browsers_preferred_language_is_matched(header: str, locale: str | None) -> None:
    assert from_accept_language(header) == locale


@pytest.mark.parametrize(
    ("value", "locale", "digits", "expected"),
    [
        (12.5, "nl", 1, "12,5"),
        (12.5, "en", 1, "12.5"),
        (1234.56, "nl", 2, "1.234,56"),
        (1234.56, "en", 0, "1,235"),
        (None, "en", 1, "–"),
        (float("inf"), "nl", 1, "–"),
        (float("nan"), "nl", 1, "–"),
    ],
)
def test_numbers_are_written_as_the_language_writes_them(
    value: float | None, locale: str, digits: int, expected: str
) -> None:
    assert formats.number(value, locale, digits) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12.4, "+12 %"), (-3.6, "−4 %"), (0.2, "±0 %"), (1234.0, "+1.234 %"), (None, "–")],
)
def test_changes_carry_their_sign(value: float | None, expected: str) -> None:
    assert formats.signed_percent(value, "nl") == expected


@pytest.mark.parametrize(
    ("locale", "style", "expected"),
    [
        ("nl", "medium", "2 mrt 2026"),
        ("en", "medium", "Mar 2, 2026"),
        ("nl", "short_day", "ma 2 mrt"),
    ],
)
def test_days_are_written_in_the_language(locale: str, style: str, expected: str) -> None:
    assert formats.day(date(2026, 3, 2), locale, style) == expected


@pytest.mark.parametrize(
    ("header", "lang", "words"),
    [("nl-NL,nl;q=0.9", "nl", "Inloggen"), ("en-US,en;q=0.9", "en", "Sign in")],
)
def test_a_visitor_gets_the_browsers_language(
    browser: PageBrowser, header: str, lang: str, words: str
) -> None:
    page = browser.get("/sign-in", headers={"accept-language": header})
    assert f'<html lang="{lang}">' in page.text and words in text_of(page)


def test_the_language_switch_is_remembered_for_visitors_and_stored_for_accounts(
    browser: PageBrowser, api: Any
) -> None:
    browser.get("/sign-in", headers={"accept-language": "en"})
    switched = browser.submit("/language", {"locale": "nl", "next": "/sign-in"})
    assert switched.headers["location"] == "/sign-in"
    assert '<html lang="nl">' in browser.get("/sign-in", headers={"accept-language": "en"}).text

    api.signup("ann@example.com", locale="en")
    browser.sign_in("ann@example.com")
    assert '<html lang="en">' in browser.get("/home").text  # the account's language wins
    browser.submit("/language", {"locale": "nl", "next": "/home"})
    assert '<html lang="nl">' in browser.get("/home").text
    assert browser.client.get("/api/v1/me").json()["locale"] == "nl"


def _lang(browser: PageBrowser, path: str, header: str) -> str:
    found = re.search(
        r'<html lang="(\w+)">', browser.get(path, headers={"accept-language": header}).text
    )
    assert found is not None
    return found.group(1)


def test_someone_who_never_chose_reads_their_browsers_language(
    browser: PageBrowser, api: Any, db_session: Session
) -> None:
    browser.sign_up("carla@example.com", role="coach", locale="nl")  # a Dutch browser signed up
    browser.confirm_and_sign_in(db_session, "carla@example.com")
    me = browser.client.get("/api/v1/me").json()
    assert (me["locale"], me["locale_chosen"]) == ("nl", False)
    assert _lang(browser, "/roster", "en-US,en;q=0.9") == "en"
    assert _lang(browser, "/roster", "nl-NL,nl;q=0.9") == "nl"
    assert _lang(browser, "/roster", "fr-FR") == "nl"  # no language of ours: the account's

    api.signup("dirk@example.com")  # through the API, without a language
    browser.client.cookies.clear()
    browser.sign_in("dirk@example.com")
    assert _lang(browser, "/home", "nl-BE,nl;q=0.8,en;q=0.5") == "nl"


def test_a_chosen_language_wins_over_the_browsers(
    browser: PageBrowser, api: Any, db_session: Session
) -> None:
    browser.sign_up("eve@example.com")
    browser.confirm_and_sign_in(db_session, "eve@example.com")
    browser.get("/home", headers={"accept-language": "en"})
    browser.submit("/language", {"locale": "nl", "next": "/home"})
    browser.client.cookies.clear()  # another browser
    browser.sign_in("eve@example.com")
    assert _lang(browser, "/home", "en-GB,en;q=0.9") == "nl"
    assert browser.client.get("/api/v1/me").json()["locale_chosen"] is True

    api.signup("finn@example.com", locale="nl")  # chosen when signing up through the API
    browser.client.cookies.clear()
    browser.sign_in("finn@example.com")
    assert _lang(browser, "/home", "en") == "nl"
    headers = api.token("finn@example.com")
    changed = browser.client.patch("/api/v1/me", json={"locale": "en"}, headers=headers)
    assert (changed.json()["locale"], changed.json()["locale_chosen"]) == ("en", True)
    assert _lang(browser, "/home", "nl") == "en"


def test_a_language_picked_before_signing_up_is_a_choice(
    browser: PageBrowser, db_session: Session
) -> None:
    browser.get("/sign-up", headers={"accept-language": "en"})
    browser.submit("/language", {"locale": "nl", "next": "/sign-up"})
    browser.sign_up("gijs@example.com", locale="nl")
    browser.confirm_and_sign_in(db_session, "gijs@example.com")
    me = browser.client.get("/api/v1/me").json()
    assert (me["locale"], me["locale_chosen"]) == ("nl", True)


def test_the_language_switch_needs_a_token_of_this_site(browser: PageBrowser) -> None:
    refused = browser.client.post("/language", data={"locale": "nl", "csrf_token": "made-up"})
    assert refused.status_code == 403


@pytest.fixture
def browser(client: TestClient) -> PageBrowser:
    return PageBrowser(client)


def test_vendored_files_are_served_exactly_as_the_manifest_records(client: TestClient) -> None:
    manifest = json.loads((VENDOR / "manifest.json").read_text())
    assert set(manifest["packages"]) == {"echarts", "htmx.org", "axe-core"}
    for name, digest in manifest["files"].items():
        response = client.get(f"/static/vendor/{name}")
        assert response.status_code == 200, name
        assert hashlib.sha256(response.content).hexdigest() == digest, name


def test_pages_load_nothing_from_other_sites_and_forbid_it(browser: PageBrowser) -> None:
    page = browser.get("/sign-in")
    for key, value in PAGE_HEADERS.items():
        assert page.headers[key] == value
    for template in (DASHBOARD / "templates").rglob("*.html"):
        assert not re.search(r'(src|href)="(https?:)?//', template.read_text()), template
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
        assert browser.client.get(asset).status_code == 200, asset


@pytest.mark.parametrize(
    ("resource", "label"),
    [
        ("/api/v1/athletes/7/metrics", "daily series"),
        ("/api/v1/athletes/7/checkins", "check-ins"),
        ("/api/v1/athletes/7/findings/3/acknowledge", "warnings"),
        ("/athletes/7", "training page"),
        ("/api/v1/athletes/7", "profile"),
    ],
)
def test_the_access_log_names_what_was_opened(resource: str, label: str) -> None:
    assert labels.access_label(resource) == label


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("nl", "2 mrt 2026, 14:05"), ("en", "Mar 2, 2026, 14:05")],
)
def test_moments_are_shown_to_the_minute_in_the_readers_zone(locale: str, expected: str) -> None:
    moment = datetime(2026, 3, 2, 13, 5, 59, tzinfo=UTC)
    assert formats.moment(moment, locale, "Europe/Amsterdam") == expected
