"""The Dutch pages read as written in Dutch ("Grens voor je duurloop", "Wat je de afgelopen zeven
dagen liep"), name no page that does not exist, and every page a runner's menu names opens.
Saves the desktop and phone screenshots of the main pages in both languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, ViewportSize, expect

from tests.browser.conftest import DESKTOP, PHONE, Visit
from tests.browser.seed import COACH, PASSWORD, PHYSIO, RUNNERS
from tests.browser.test_warnings import own_id

pytestmark = pytest.mark.browser

ANNA, BEN = RUNNERS[0], RUNNERS[1]
TRANSLATED = re.compile(
    r"Langeloopgrens|Je hardlopen van de afgelopen|Er wacht niets op de ander|Diens e-mailadres"
    r"|instellingenpagina|settings page|Wat nu te doen"
)


def test_a_dutch_runner_reads_dutch_words_and_every_named_page_opens(phone_visit: Visit) -> None:
    phone_visit.sign_in(ANNA.email, PASSWORD)
    anna = own_id(phone_visit.page)
    home = phone_visit.open("/home")
    expect(home.locator("main")).to_contain_text("Wat je de afgelopen zeven dagen liep")
    expect(home.locator("#guard-title")).to_have_text("Grens voor je duurloop")
    menu: list[str] = home.locator("nav.site-nav a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    pages = [*menu, f"/athletes/{anna}/plan", f"/athletes/{anna}/policy"]
    for path in pages:
        text = phone_visit.open(path).inner_text("main")  # 200, or open() fails
        assert not TRANSLATED.search(text), (path, TRANSLATED.search(text))
    invitations = phone_visit.open("/invitations")
    expect(invitations.locator("main")).to_contain_text("E-mailadres van je trainer")
    expect(invitations.locator("main")).to_contain_text("Je hebt geen uitnodigingen die nog open")


@pytest.mark.parametrize(
    ("email", "viewport", "locale", "name"),
    [
        (COACH[0], DESKTOP, "en-GB", "coach-en-desktop"),
        (PHYSIO[0], PHONE, "nl-NL", "physio-nl-phone"),
        (ANNA.email, DESKTOP, "nl-NL", "runner-nl-desktop"),
        (BEN.email, PHONE, "en-GB", "runner-en-phone"),
    ],
)
def test_screenshots_of_the_main_pages(
    browser: Browser, server: str, email: str, viewport: ViewportSize, locale: str, name: str
) -> None:
    visit = Visit(browser.new_context(viewport=viewport, locale=locale), server)
    visit.sign_in(email, PASSWORD)
    if "runner" in name:
        me = own_id(visit.page)
        paths = ["/home", f"/athletes/{me}", f"/athletes/{me}/checkins", "/connections"]
    else:
        roster = visit.open("/roster")
        athlete = roster.locator("a.athlete-name").first.get_attribute("href") or ""
        paths = ["/roster", athlete, f"{athlete}/checkins"]
    paths.append("/privacy")
    for path in paths:
        visit.open(path)
        visit.screenshot(f"{name}-{path.strip('/').replace('/', '-') or 'start'}")
    visit.open(paths[1])
    finding = visit.page.locator("main a[href*='/findings/']").first
    if finding.count():
        visit.open(finding.get_attribute("href") or "")
        visit.screenshot(f"{name}-warning")
    visit.context.close()
    assert not visit.errors, visit.errors
