"""Findings, advice settings, the plan check and privacy in Chromium: a warning's explanation is
opened from its pin on the chart; a physio (invited through an invite link) changes a threshold
and a coach is refused one that is the physio's; a runner checks a planned run; the privacy page
offers both exports and deletes a throwaway account. Every page passes axe-core."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, Visit
from tests.browser.seed import COACH, PASSWORD, RUNNERS
from tests.browser.test_checkin_pages import fits_the_phone, own_id, pytestmark, reload_until

__all__ = ["pytestmark"]

ANNA = RUNNERS[0]
CEILING = "#f-pain-during-or-after-run-ceiling"


def _pins(page: Page) -> int:
    return int(
        page.evaluate(
            """() => {
                const chart = window.loadwatchCharts && window.loadwatchCharts.daily;
                if (!chart) { return 0; }
                const pins = chart.getOption().series.filter(s => s.type === "scatter")[0];
                return pins ? pins.data.length : 0;
            }"""
        )
    )


def _click_last_pin(page: Page) -> None:
    """Click the newest warning's pin where ECharts drew it."""
    page.locator("#chart-daily").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """() => {
            const chart = window.loadwatchCharts.daily;
            const series = chart.getOption().series;
            const index = series.findIndex(s => s.type === "scatter");
            const data = series[index].data;
            const newest = data.reduce((a, b) => (b.value[0] > a.value[0] ? b : a));
            const [px, py] = chart.convertToPixel({ seriesIndex: index }, newest.value);
            const box = chart.getDom().getBoundingClientRect();
            return [box.left + px, box.top + py - 8];  // the pin's head, above its point
        }"""
    )
    page.mouse.click(x, y)


def _charts_with_pins(visit: Visit, athlete_id: int) -> Page:
    def ready(page: Page) -> bool:
        page.wait_for_selector("#charts[data-state=ready]", timeout=30_000)
        return _pins(page) > 0

    return reload_until(visit, f"/athletes/{athlete_id}", ready, "a warning pin")


def test_a_warnings_explanation_opens_from_its_pin(visit: Visit) -> None:
    visit.sign_in(COACH[0], PASSWORD)
    roster = visit.open("/roster")
    href = roster.locator("a.athlete-name", has_text="Anna de Vries").get_attribute("href")
    assert href is not None
    page = _charts_with_pins(visit, int(href.rsplit("/", 1)[1]))
    _click_last_pin(page)
    detail = page.locator("#finding-detail")
    expect(detail).to_be_visible()
    visit.check("coach-athlete-pin-detail")
    detail.locator("a.finding-link").first.click()  # a pin holds each warning of its day
    page.wait_for_load_state("networkidle")
    assert "/findings/" in page.url
    expect(page.get_by_role("heading", name="Advice to Anna de Vries")).to_be_visible()
    expect(page.get_by_role("heading", name="Why loadwatch says this")).to_be_visible()
    expect(page.locator("dl.numbers-list, .card p.muted").first).to_be_visible()
    expect(page.get_by_text("Based on:").first).to_be_visible()
    visit.check("coach-finding-explanation")


def _physio_linked_to_anna(browser: Browser, base: str) -> Visit:
    """A physiotherapist signs up, makes an invite link, and Anna accepts it, sharing symptoms."""
    physio = Visit(browser.new_context(viewport=DESKTOP, locale="en-GB"), base)
    page = physio.open("/sign-up")
    page.get_by_label("physiotherapist").check()
    page.fill("#f-display_name", "Pia Physio")
    page.fill("#f-email", "pia@example.com")
    page.fill("#f-password", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("networkidle")
    physio.check("visitor-check-email")
    physio.confirm_email("pia@example.com", screenshot="visitor-confirm-email")
    physio.sign_in("pia@example.com", PASSWORD)
    page = physio.open("/invitations")
    page.get_by_role("button", name="Make an invite link").click()
    page.wait_for_load_state("networkidle")
    link = page.locator("#invite-url").input_value().removeprefix(base)

    runner = Visit(browser.new_context(viewport=DESKTOP, locale="nl-NL"), base)
    runner.sign_in(ANNA.email, PASSWORD)
    landing = runner.open(link)
    landing.locator("input[name=share_symptoms]").check()
    landing.locator("main form button[type=submit]").click()
    landing.wait_for_load_state("networkidle")
    runner.context.close()
    assert not runner.errors, runner.errors
    return physio


def test_a_physio_changes_a_threshold_and_a_coach_is_refused_the_physios(
    browser: Browser, visit: Visit
) -> None:
    physio = _physio_linked_to_anna(browser, visit.base)
    roster = physio.open("/roster")
    href = roster.locator("a.athlete-name", has_text="Anna de Vries").get_attribute("href")
    page = physio.open(f"{href}/policy")
    expect(page.locator(CEILING)).to_be_editable()
    page.fill(CEILING, "4")
    physio.check("physio-policy-editor")
    page.get_by_role("button", name="Save the settings").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".notice.ok")).to_contain_text("The advice settings are saved")
    expect(page.locator(CEILING)).to_have_value("4")
    history = page.locator("section", has_text="History of changes")
    expect(history).to_contain_text("Pia Physio")
    expect(history).to_contain_text("Pain ceiling during or after a run: 5 → 4")
    physio.check("physio-policy-saved")
    physio.context.close()
    assert not physio.errors, physio.errors

    visit.sign_in(COACH[0], PASSWORD)
    page = visit.open(f"{href}/policy")
    ceiling = page.locator(CEILING)
    expect(ceiling).not_to_be_editable()
    expect(page.locator(f"{CEILING}-who")).to_have_text("You may not change this.")
    visit.check("coach-policy-editor")
    # A form kept open from before a role change, or edited by hand: the service still refuses.
    visit.expected_failures.add(page.url)
    page.evaluate(f"() => document.querySelector('{CEILING}').removeAttribute('readonly')")
    ceiling.fill("3")
    page.get_by_role("button", name="Save the settings").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(f"{CEILING}-error")).to_have_text("Only a physiotherapist may change this.")
    expect(page.locator(".notice.error").first).to_contain_text("Nothing is saved")
    expect(page.locator(f".notice.error a[href='#{CEILING[1:]}']")).to_be_visible()
    visit.check("coach-policy-refused")
    page = visit.open(f"{href}/policy")
    expect(page.locator(CEILING)).to_have_value("4")


def test_a_runner_checks_a_planned_run(phone_visit: Visit) -> None:
    ben = RUNNERS[1]  # no recent spike: a long plan gives a new warning
    phone_visit.sign_in(ben.email, PASSWORD)
    page = phone_visit.open(f"/athletes/{own_id(phone_visit.page)}/plan")
    expect(page.locator("section", has_text="Longest-run guard")).to_contain_text("km")
    page.fill("#f-distance_km", "45")
    page.fill("#f-duration_min", "270")
    page.get_by_role("button", name="Check").click()
    page.wait_for_load_state("networkidle")
    result = page.locator("#plan-result")
    expect(result).to_contain_text("Run much longer than the 30-day longest")
    expect(result).to_contain_text("That is above the guard")
    fits_the_phone(page)
    phone_visit.check("runner-plan-check-phone")


def test_the_privacy_page_exports_and_deletes_an_account(browser: Browser, visit: Visit) -> None:
    page = visit.open("/sign-up")
    page.fill("#f-display_name", "Tess Throwaway")
    page.fill("#f-email", "tess@example.com")
    page.fill("#f-password", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("networkidle")
    visit.confirm_email("tess@example.com")
    visit.sign_in("tess@example.com", PASSWORD)
    visit.open("/account")
    visit.check("runner-account")
    page = visit.open("/privacy")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (CSV files in a ZIP)").click()
    assert download.value.suggested_filename.endswith(".zip")
    visit.check("runner-privacy")
    page.get_by_role("link", name="Delete my account and everything of it").click()
    page.wait_for_load_state("networkidle")
    visit.check("runner-delete-account")
    page.fill("#f-password", PASSWORD)
    page.get_by_role("button", name="Delete my account and everything of it").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/sign-in?done=account_deleted")
    expect(page.locator(".notice.ok")).to_contain_text("Your account and everything")
    visit.expected_failures.add(f"{visit.base}/sign-in")  # the refused sign-in answers 401
    visit.sign_in("tess@example.com", PASSWORD)
    expect(page.locator(".notice.error, .field-error").first).to_be_visible()


def test_the_runners_inbox_explanation_and_settings_on_a_phone(
    phone_visit: Visit, visit: Visit
) -> None:
    phone_visit.sign_in(ANNA.email, PASSWORD)
    anna = own_id(phone_visit.page)
    inbox = phone_visit.open("/alerts")
    expect(inbox.get_by_role("heading", level=1)).to_have_text("Inbox")
    fits_the_phone(inbox)
    phone_visit.check("runner-inbox-phone")
    inbox.locator("tbody tr a").first.click()
    inbox.wait_for_load_state("networkidle")
    expect(inbox.get_by_role("heading", name="Wat kun je doen")).to_be_visible()
    fits_the_phone(inbox)
    phone_visit.check("runner-finding-phone")
    settings = phone_visit.open(f"/athletes/{anna}/policy")
    expect(settings.get_by_role("heading", level=1)).to_have_text("Je adviesinstellingen")
    assert settings.locator("form input:not([type=hidden])").count() == 0  # read only
    fits_the_phone(settings)
    phone_visit.check("runner-policy-phone")

    visit.sign_in(COACH[0], PASSWORD)
    listed = visit.open(f"/athletes/{anna}/checkins")
    expect(listed.locator("table")).to_contain_text("Weekly check-in")
    visit.check("coach-athlete-checkins")
