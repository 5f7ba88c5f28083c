"""The coach's extras in Chromium: the roster's trend lines drawn without a script, the body
region and last check-in only where shared, and the team week view with its sort links, at
desktop width in English and on a phone in Dutch. Every page is screenshot and passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import PHONE, Visit
from tests.browser.seed import COACH, PASSWORD, RUNNERS

pytestmark = pytest.mark.browser

ANNA, BEN = RUNNERS[0], RUNNERS[1]  # Anna shares her symptoms with the coach, Ben does not


def _drawn(line: Locator) -> None:
    """A trend line the browser laid out: visible, of its full width, with a line in it."""
    expect(line).to_be_visible()
    box = line.bounding_box()
    assert box is not None and box["width"] >= 80 and box["height"] >= 20, box
    assert line.locator("polyline").count() >= 1


def _names(page: Page) -> list[str]:
    return page.locator("table a.athlete-name").all_inner_texts()


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width} px)"


def test_the_roster_draws_each_athletes_weeks_and_the_team_week_sorts(visit: Visit) -> None:
    visit.sign_in(COACH[0], PASSWORD)
    roster = visit.open("/roster")
    anna = roster.locator("tr", has_text=ANNA.name)
    ben = roster.locator("tr", has_text=BEN.name)
    _drawn(anna.locator("svg.spark-km"))
    _drawn(ben.locator("svg.spark-km"))
    label = anna.locator("svg.spark-km").get_attribute("aria-label") or ""
    values = r"(\d+|–)(, (\d+|–)){7}"
    assert re.match(rf"Running per week over the last 8 full weeks, in km: {values}$", label)
    _drawn(anna.locator("svg.spark-pain"))
    expect(anna.locator(".roster-region")).to_have_text("Latest problem: Achilles tendon")
    expect(anna.locator(".roster-checkin")).to_contain_text("Last check-in:")
    expect(ben.locator("svg.spark-pain")).to_have_count(0)
    expect(ben.locator(".roster-region")).to_have_count(0)
    assert roster.locator("script[src*='chart']").count() == 0  # drawn by the server
    visit.check("coach-roster-trends")

    roster.get_by_role("link", name=re.compile("Team week view")).click()
    roster.wait_for_load_state("networkidle")
    assert roster.url.endswith("/roster/weeks")
    table = roster.locator("table.team-week")
    expect(table.locator("thead th.num")).to_have_count(10)
    expect(table.locator("thead")).to_contain_text("this week")
    first = table.locator("tbody tr").first
    weeks = first.locator("td.num").all_inner_texts()[:8]  # the full weeks
    assert sum(1 for cell in weeks if re.fullmatch(r"\d+\.\d", cell.strip())) >= 6, weeks
    visit.check("coach-team-week")

    risk = _names(roster)
    roster.locator(".team-sort").get_by_role("link", name="name").click()
    roster.wait_for_load_state("networkidle")
    assert _names(roster) == sorted(risk, key=str.lower)
    roster.locator(".team-sort").get_by_role("link", name="risk").click()
    roster.wait_for_load_state("networkidle")
    assert _names(roster) == risk


def test_on_a_phone_the_team_week_keeps_three_weeks_and_the_lines(phone_visit: Visit) -> None:
    phone_visit.sign_in(COACH[0], PASSWORD)
    roster = phone_visit.open("/roster")
    _drawn(roster.locator("tr", has_text=ANNA.name).locator("svg.spark-km"))
    expect(roster.locator("tr", has_text=ANNA.name).locator(".roster-checkin")).to_contain_text(
        "Laatste check-in:"
    )
    phone_visit.check("coach-roster-trends-phone")

    weeks = phone_visit.open("/roster/weeks")
    expect(weeks.get_by_role("heading", name="Teamoverzicht per week")).to_be_visible()
    header = weeks.locator("table.team-week thead th")
    visible = [cell for cell in header.all() if cell.is_visible()]
    assert len(visible) == 5, [cell.inner_text() for cell in visible]  # name, 3 weeks, 7 days
    _drawn(weeks.locator("tr", has_text=ANNA.name).locator("svg.spark-km"))
    _fits_the_phone(weeks)
    phone_visit.check("coach-team-week-phone")
