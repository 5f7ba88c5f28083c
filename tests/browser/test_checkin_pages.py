"""Check-ins in Chromium: a runner reports a red flag, is told to seek care at once, and after the
worker ran the urgent warning is on her page, first in her coach's roster and in his inbox; a
wrong answer is named next to its field in her language; every form fits a phone and passes
axe-core."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, Visit
from tests.browser.seed import COACH, PASSWORD, RUNNERS

pytestmark = pytest.mark.browser

ANNA = RUNNERS[0]  # Dutch, shares her symptoms with the coach


def own_id(page: Page) -> int:
    """The signed-in runner's id, from the menu's "my training" link."""
    href = page.locator("nav.site-nav a[href^='/athletes/']").first.get_attribute("href") or ""
    found = re.fullmatch(r"/athletes/(\d+)", href)
    assert found, href
    return int(found.group(1))


def reload_until(visit: Visit, path: str, ready: Callable[[Page], bool], what: str) -> Page:
    """The worker evaluates the rules after a check-in: reload until its result is shown."""
    deadline = time.monotonic() + 90
    page = visit.open(path)
    while not ready(page):
        assert time.monotonic() < deadline, f"{what} did not appear on {path}"
        time.sleep(2)
        page = visit.open(path)
    return page


def fits_the_phone(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width} px)"


def test_a_red_flag_reaches_the_runners_page_the_roster_and_the_inbox(
    visit: Visit, phone_visit: Visit
) -> None:
    phone_visit.sign_in(ANNA.email, PASSWORD)
    anna = own_id(phone_visit.page)
    page = phone_visit.open(f"/athletes/{anna}/checkins?kind=red_flag")
    seek_care = page.locator("#seek-care")
    expect(seek_care).to_be_hidden()
    page.get_by_label("Een plotselinge knap in de kuit of achillespees").check()
    expect(seek_care).to_be_visible()
    expect(seek_care).to_contain_text("Zoek nu hulp")
    page.select_option("#f-region", "achilles")
    fits_the_phone(page)
    phone_visit.check("runner-checkin-red-flag-phone")
    page.get_by_role("button", name="Melden").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".notice.ok")).to_contain_text("Je melding is opgeslagen")
    expect(page.locator("#seek-care")).to_be_visible()  # the ticked flags come back with it
    expect(page.locator("table")).to_contain_text("alarmsignaal")
    phone_visit.check("runner-checkin-red-flag-saved-phone")

    own_page = reload_until(
        phone_visit,
        f"/athletes/{anna}",
        lambda p: p.locator("li.finding", has_text="Mogelijke peesruptuur").count() > 0,
        "the urgent warning",
    )
    expect(own_page.locator("li.finding").first).to_contain_text("Mogelijke peesruptuur")
    expect(own_page.locator("li.finding .badge.urgent").first).to_be_visible()

    visit.sign_in(COACH[0], PASSWORD)
    roster = visit.open("/roster")
    first = roster.locator("tbody tr").first
    expect(first).to_contain_text("Anna de Vries")
    expect(first).to_contain_text("Possible tendon rupture")
    expect(first.locator(".badge.urgent")).to_be_visible()
    visit.check("coach-roster-after-red-flag")

    inbox = visit.open("/alerts")
    row = inbox.locator("tbody tr", has_text="Possible tendon rupture").first
    expect(row).to_contain_text("Anna de Vries")
    expect(row).to_contain_text("email")
    expect(row).to_contain_text("not seen yet")
    visit.check("coach-alerts-inbox")
    row.get_by_role("button", name="Remind me later").click()
    inbox.wait_for_load_state("networkidle")
    expect(inbox.locator(".notice.ok")).to_contain_text("You will be reminded")


def test_a_wrong_answer_is_named_next_to_its_field_in_dutch(phone_visit: Visit) -> None:
    phone_visit.sign_in(ANNA.email, PASSWORD)
    anna = own_id(phone_visit.page)
    page = phone_visit.open(f"/athletes/{anna}/checkins?kind=weekly")
    block = page.locator("fieldset.region-block", has_text="Achillespees").first
    block.locator("input[name='pain_week.achilles']").fill("12")
    phone_visit.expected_failures.add(f"{phone_visit.base}/athletes/{anna}/checkins")  # 422
    page.get_by_role("button", name="Check-in opslaan").click()
    page.wait_for_load_state("networkidle")
    field = page.locator("#f-pain-week-achilles")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-pain-week-achilles-error")).to_have_text(
        "Moet van 0 tot en met 10 zijn, maar is 12"
    )
    expect(page.locator(".notice.error")).to_contain_text("Er is nog niets opgeslagen")
    fits_the_phone(page)
    phone_visit.check("runner-checkin-weekly-errors-phone")


def test_the_skip_logic_and_every_form_on_a_phone(phone_visit: Visit) -> None:
    phone_visit.sign_in(ANNA.email, PASSWORD)
    anna = own_id(phone_visit.page)
    page = phone_visit.open(f"/athletes/{anna}/checkins?kind=weekly")
    block = page.locator("fieldset.region-block", has_text="Achillespees").first
    block.locator("input[name='pain_week.achilles']").fill("2")  # unfolds the OSTRC questions
    block.get_by_label("Volledige deelname zonder klachten").check()
    for question in ("2", "3", "4"):
        expect(block.locator(f"fieldset[data-question='{question}'] input").first).to_be_disabled()
    block.get_by_label("Kon niet deelnemen door klachten").check()
    expect(block.locator("fieldset[data-question='2'] input").first).to_be_disabled()
    expect(block.locator("fieldset[data-question='4'] input").first).to_be_enabled()
    block.locator("details.visa summary").click()
    expect(block.get_by_text("Hoeveel sprongetjes op één been")).to_be_visible()
    fits_the_phone(page)
    phone_visit.check("runner-checkin-weekly-phone")
    for kind in ("daily", "post_run"):
        fits_the_phone(phone_visit.open(f"/athletes/{anna}/checkins?kind={kind}"))
        phone_visit.check(f"runner-checkin-{kind}-phone")
    run_picker = phone_visit.page.locator("#f-run")
    expect(run_picker.locator("option").first).to_contain_text("km")
    expect(phone_visit.page.locator("[data-day-field]")).to_be_hidden()
