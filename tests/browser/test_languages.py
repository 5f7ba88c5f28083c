"""Which language a person reads, in Chromium: someone who never chose one gets their browser's
(English or Dutch), whatever language their account was made in; a language they chose with the
switch wins over any browser's afterwards, on another browser too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, Visit
from tests.browser.seed import PASSWORD

pytestmark = pytest.mark.browser

BROWSER_LOCALE = {"en": "en-GB", "nl": "nl-NL"}
SIGN_OUT = {"en": "Sign out", "nl": "Uitloggen"}
ROSTER_TITLE = {"en": "Your athletes", "nl": "Je sporters"}


class People:
    """Fresh browsers (their own cookies) speaking one language each; closed at the end."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.browser, self.base = browser, base
        self.visits: list[Visit] = []

    def at_browser(self, language: str) -> Visit:
        context = self.browser.new_context(viewport=DESKTOP, locale=BROWSER_LOCALE[language])
        visit = Visit(context, self.base)
        self.visits.append(visit)
        return visit


@pytest.fixture
def people(browser: Browser, server: str) -> Iterator[People]:
    found = People(browser, server)
    yield found
    for visit in found.visits:
        visit.context.close()
        assert not visit.errors, visit.errors


def _sign_up_as_coach(visit: Visit, email: str, name: str) -> Page:
    page = visit.open("/sign-up")
    page.locator("input[name=role][value=coach]").check()
    page.fill("#f-display_name", name)
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    visit.confirm_email(email)
    visit.sign_in(email, PASSWORD)
    return visit.page


def _reads(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("button", name=SIGN_OUT[language])).to_be_visible()
    expect(page.locator("main h1").first).to_contain_text(ROSTER_TITLE[language])


def test_a_new_account_reads_its_browsers_language(people: People) -> None:
    english = people.at_browser("en")
    _reads(_sign_up_as_coach(english, "lena.languages@example.com", "Lena Coach"), "en")
    english.screenshot("language-new-account-english-browser")

    dutch = people.at_browser("nl")
    _reads(_sign_up_as_coach(dutch, "joost.languages@example.com", "Joost Coach"), "nl")
    dutch.screenshot("language-new-account-dutch-browser")

    # Joost never chose: his account was made in Dutch, yet an English browser gets English.
    elsewhere = people.at_browser("en")
    elsewhere.sign_in("joost.languages@example.com", PASSWORD)
    _reads(elsewhere.page, "en")
    elsewhere.screenshot("language-dutch-account-english-browser")


def test_a_chosen_language_wins_over_the_browsers(people: People) -> None:
    english = people.at_browser("en")
    page = _sign_up_as_coach(english, "mila.languages@example.com", "Mila Coach")
    _reads(page, "en")
    page.locator("form.lang button[value=nl]").click()
    page.wait_for_load_state("networkidle")
    _reads(page, "nl")
    english.screenshot("language-chosen-dutch-in-english-browser")

    elsewhere = people.at_browser("en")  # another English browser, no cookie of the choice
    elsewhere.sign_in("mila.languages@example.com", PASSWORD)
    _reads(elsewhere.page, "nl")
    elsewhere.screenshot("language-chosen-dutch-signed-in-elsewhere")
