"""The weekly check-in on a phone: short when the week was quiet (the OSTRC questions and an
added region unfold only when they matter), every wrong answer named at once next to its own
field, and boxes big enough for a thumb."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Visit
from tests.browser.seed import PASSWORD, RUNNERS

pytestmark = pytest.mark.browser

ANNA = RUNNERS[0]  # Dutch, Achilles check-ins every week
TOUCH_PX = 24
"""WCAG 2.2 target size (minimum), 2.5.8."""
QUIET_WEEK_PX = 4 * 844
"""A quiet week's form, with the list of the last four weeks below it, in under four phone
screens (844 px each)."""


def own_id(page: Page) -> int:
    href = page.locator("nav.site-nav a[href^='/athletes/']").first.get_attribute("href") or ""
    found = re.fullmatch(r"/athletes/(\d+)", href)
    assert found, href
    return int(found.group(1))


def small_targets(page: Page) -> list[str]:
    """Visible radio buttons and checkboxes smaller than 24 × 24 px."""
    return list(
        page.evaluate(
            """min => [...document.querySelectorAll("input[type=radio], input[type=checkbox]")]
                .filter(box => box.offsetParent !== null)
                .map(box => [box.name, box.getBoundingClientRect()])
                .filter(([, r]) => r.width < min || r.height < min)
                .map(([name, r]) => `${name} ${r.width}x${r.height}`)""",
            TOUCH_PX,
        )
    )


def test_a_quiet_week_is_short_and_every_error_shows_at_once(phone_visit: Visit) -> None:
    phone_visit.sign_in(ANNA.email, PASSWORD)
    anna = own_id(phone_visit.page)
    page = phone_visit.open(f"/athletes/{anna}/checkins?kind=weekly")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= QUIET_WEEK_PX, f"the weekly check-in is {height} px tall on a phone"
    block = page.locator("fieldset.region-block", has_text="Achillespees").first
    ostrc_q1 = block.get_by_label("Volledige deelname zonder klachten")
    expect(ostrc_q1).to_be_hidden()  # no pain yet: the OSTRC questions stay folded
    block.locator("input[name='pain_week.achilles']").fill("3")
    expect(ostrc_q1).to_be_visible()
    assert not small_targets(page), small_targets(page)
    phone_visit.check("runner-checkin-weekly-short-phone")

    block.locator("input[name='pain_week.achilles']").fill("14.5")
    block.locator("details.visa summary").click()
    block.locator("input[name='visa_q1.achilles']").fill("5")  # half a VISA-A
    phone_visit.expected_failures.add(f"{phone_visit.base}/athletes/{anna}/checkins")  # 422
    page.get_by_role("button", name="Check-in opslaan").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#f-pain-week-achilles")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-pain-week-achilles-error")).to_be_visible()
    expect(page.locator("#f-pain-week-achilles-error")).to_contain_text("0 tot en met 10")
    visa_errors = page.locator("details.visa .field-error")
    expect(visa_errors.first).to_be_visible()
    expect(page.locator(".notice.error")).to_contain_text("Er is nog niets opgeslagen")
    phone_visit.check("runner-checkin-weekly-all-errors-phone")


def test_after_saving_the_page_says_what_the_check_in_found(phone_visit: Visit) -> None:
    phone_visit.sign_in(ANNA.email, PASSWORD)
    anna = own_id(phone_visit.page)
    page = phone_visit.open(f"/athletes/{anna}/checkins?kind=post_run")
    block = page.locator("fieldset.region-block", has_text="Achillespees").first
    block.locator("input[name='pain_after.achilles']").fill("7")
    page.get_by_role("button", name="Check-in opslaan").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".notice.ok")).to_be_visible()
    found = page.locator("#checkin-found")
    expect(found).to_be_visible()
    expect(found.locator("li.finding").first).to_contain_text("Pijn tijdens of na het hardlopen")
    phone_visit.check("runner-checkin-found-phone")
