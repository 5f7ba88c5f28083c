"""The dashboard in Chromium: a coach signs in, sees the roster in risk order, opens an athlete
and finds the charts drawn with data; a runner reads their week in Dutch on a phone. Every page
is screenshot and checked with axe-core."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, Visit
from tests.browser.seed import COACH, PASSWORD, RUNNERS

pytestmark = pytest.mark.browser

# Fewest data points each chart must hold for the six weeks the charts open on (of twenty weeks
# of about four runs a week).
CHARTS = {"daily": 100, "acwr": 50, "weekly": 6, "spikes": 40}


def _roster_in_risk_order(visit: Visit, timeout_s: float = 90) -> Page:
    """The worker evaluates the rules after the seed; reload until the first findings are in."""
    deadline = time.monotonic() + timeout_s
    page = visit.open("/roster")
    while "Most at risk first" not in page.inner_text("main"):
        assert time.monotonic() < deadline, "no finding reached the roster: " + page.inner_text(
            "main"
        )
        time.sleep(2)
        page = visit.open("/roster")
    return page


def _points(page: Page, chart: str) -> int:
    """Data points with a value across the chart's series, read from the ECharts instance."""
    return int(
        page.evaluate(
            """name => window.loadwatchCharts[name].getOption().series
                .map(s => s.data.filter(d => {
                    const v = Array.isArray(d) ? d[1] : (d && d.value !== undefined
                        ? (Array.isArray(d.value) ? d.value[1] : d.value) : d);
                    return v !== null && v !== undefined;
                }).length)
                .reduce((a, b) => a + b, 0)""",
            chart,
        )
    )


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width} px)"


def test_a_coach_sees_the_roster_by_risk_and_an_athletes_charts_drawn_with_data(
    visit: Visit,
) -> None:
    visit.sign_in(COACH[0], PASSWORD)
    assert visit.page.url.endswith("/roster")
    roster = _roster_in_risk_order(visit)
    names = roster.locator("a.athlete-name").all_inner_texts()
    assert sorted(names) == sorted(r.name for r in RUNNERS)
    assert names[0] == "Anna de Vries"  # her run two days ago is far above her 30-day longest
    expect(roster.locator("tr", has_text="Anna de Vries").locator(".badge").first).to_be_visible()
    visit.check("coach-roster")

    roster.locator("a.athlete-name", has_text="Anna de Vries").click()
    page = visit.page
    page.wait_for_selector("#charts[data-state=ready]", timeout=30_000)
    for chart, fewest in {**CHARTS, "garmin": 60, "symptoms": 12}.items():
        assert _points(page, chart) >= fewest, chart
        assert page.locator(f"#chart-{chart} canvas").count() == 1
    longest_day = page.evaluate(
        "() => Math.max(...window.loadwatchCharts.spikes.getOption().series[2].data"
        ".map(d => d.value[1]))"
    )
    assert longest_day == pytest.approx(24.0)
    assert page.locator("#chart-acwr").get_attribute("aria-label")
    visit.check("coach-athlete-charts")

    page.locator('[data-table-for="chart-weekly"] summary').click()
    expect(page.locator('[data-table-for="chart-weekly"] table')).to_be_visible()
    page.select_option("#f-measure", "duration_min")
    page.get_by_role("button", name="Show").click()
    page.wait_for_selector("#charts[data-state=ready]", timeout=30_000)
    assert "measure=duration_min" in page.url and _points(page, "daily") > 20
    visit.check("coach-athlete-duration")

    for path, name in (
        ("/invitations", "coach-invitations"),
        ("/notifications", "coach-notifications"),
        ("/privacy", "coach-privacy"),
    ):
        visit.open(path)
        visit.check(name)


def test_a_coachs_invite_link_leads_a_visitor_to_sign_in(visit: Visit, browser: Browser) -> None:
    visit.sign_in(COACH[0], PASSWORD)
    page = visit.open("/invitations")
    page.get_by_role("button", name="Make an invite link").click()
    page.wait_for_load_state("networkidle")
    link = page.locator("#invite-url").input_value()
    assert "/invitations/inv_" in link
    visit.check("coach-invite-link")

    stranger = Visit(browser.new_context(viewport=PHONE, locale="nl-NL"), visit.base)
    landing = stranger.open(link.removeprefix(visit.base))
    assert "Carla Coach (trainer) nodigt je uit" in landing.inner_text("main")
    expect(landing.get_by_role("link", name="Inloggen")).to_be_visible()
    stranger.check("visitor-invite-landing-phone")
    stranger.context.close()
    assert not stranger.errors, stranger.errors


def test_a_runner_reads_their_week_in_dutch_on_a_phone(phone_visit: Visit) -> None:
    anna = RUNNERS[0]
    phone_visit.sign_in(anna.email, PASSWORD)
    page = phone_visit.page
    assert page.url.endswith("/home")
    assert page.locator("html").get_attribute("lang") == "nl"
    main = page.inner_text("main")
    assert "Deze week in één oogopslag" in main
    assert re.search(r"\d+,\d\s*km", main), main  # decimal comma
    _fits_the_phone(page)
    phone_visit.check("runner-home-phone")

    page.locator("nav.site-nav summary", has_text="Menu").click()  # the menu folds on a phone
    page.get_by_role("link", name="Mijn training").click()
    page.wait_for_selector("#charts[data-state=ready]", timeout=30_000)
    assert _points(page, "weekly") >= 6
    _fits_the_phone(page)
    phone_visit.check("runner-athlete-phone")

    for path, name in (
        ("/connections", "runner-connections-phone"),
        ("/invitations", "runner-invitations-phone"),
        ("/notifications", "runner-notifications-phone"),
        ("/privacy", "runner-privacy-phone"),
    ):
        _fits_the_phone(phone_visit.open(path))
        phone_visit.check(name)


def test_visitor_pages_pass_axe_and_switch_language(visit: Visit) -> None:
    for path, name, status in (
        ("/sign-in", "visitor-sign-in", 200),
        ("/sign-up", "visitor-sign-up", 200),
        ("/forgot-password", "visitor-forgot-password", 200),
        ("/reset-password?token=missing-token", "visitor-reset-password", 200),
        ("/no-such-page", "visitor-not-found", 404),
    ):
        visit.open(path, status)
        visit.check(name)

    page = visit.open("/sign-in")
    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")


def test_the_keyboard_reaches_the_skip_link_and_the_form(visit: Visit) -> None:
    page = visit.open("/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    expect(page.locator(".skip")).to_be_in_viewport()
    page.keyboard.press("Enter")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "f-email":
            break
    assert page.evaluate("() => document.activeElement.id") == "f-email"
