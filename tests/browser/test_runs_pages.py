"""The runs themselves in Chromium: a runner opens the activity list from the menu, the calendar
and an activity's page, marks the run as a race and corrects its sport; a coach reaches an
athlete's calendar from the athlete page; every page in English and Dutch, at desktop and phone
width, without sideways scrolling, screenshot and checked with axe-core."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import DESKTOP, PHONE, Visit
from tests.browser.seed import COACH, FENNA, PASSWORD, RUNNERS, Runner

pytestmark = pytest.mark.browser

ANNA = RUNNERS[0]  # Dutch, weekly Achilles check-ins, a long run two days ago


def _fits(page: Page, width: int) -> None:
    scrolled = page.evaluate("() => document.documentElement.scrollWidth")
    assert scrolled <= width, f"{page.url} scrolls sideways ({scrolled} px at {width} px)"


@pytest.fixture
def runner_visit(browser: Browser, server: str, request: pytest.FixtureRequest) -> Iterator[Visit]:
    viewport: ViewportSize = request.param
    phone = viewport == PHONE
    context = browser.new_context(
        viewport=viewport, locale="en-GB", is_mobile=phone, has_touch=phone
    )
    visitor = Visit(context, server)
    yield visitor
    context.close()
    assert not visitor.errors, visitor.errors


@pytest.mark.parametrize(
    ("runner_visit", "person", "size"),
    [
        (DESKTOP, FENNA, "desktop"),
        (PHONE, FENNA, "phone"),
        (DESKTOP, ANNA, "desktop"),
        (PHONE, ANNA, "phone"),
    ],
    indirect=["runner_visit"],
)
def test_the_list_the_calendar_and_an_activity_in_both_languages_and_sizes(
    runner_visit: Visit, person: Runner, size: str
) -> None:
    email, locale = person.email, person.locale
    width = PHONE["width"] if size == "phone" else DESKTOP["width"]
    runner_visit.sign_in(email, PASSWORD)
    page = runner_visit.page
    assert page.locator("html").get_attribute("lang") == locale
    words = {
        "en": ("Activities", "Calendar", "Training calendar", "Run"),
        "nl": ("Trainingen", "Kalender", "Trainingskalender", "Hardlopen"),
    }[locale]
    if size == "phone":
        page.locator("nav.site-nav summary", has_text="Menu").click()  # the menu folds on a phone
    page.locator(".site-nav").get_by_role("link", name=words[0], exact=True).click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/athletes/\d+/activities$", page.url)
    rows = page.locator("tr[data-activity-id]")
    assert rows.count() == 30  # twenty weeks of runs: a full first page
    expect(page.locator("main")).to_contain_text(re.compile(r"\d+[.,]\d\d km"))
    _fits(page, width)
    runner_visit.check(f"runs-list-{locale}-{size}")

    page.locator(".tabs").get_by_role("link", name=words[1]).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text(words[2])
    weeks = page.locator(".runs-calendar tbody tr")
    assert 4 <= weeks.count() <= 6
    assert page.locator(".cal-day.today").count() == 1
    _fits(page, width)
    runner_visit.check(f"runs-calendar-{locale}-{size}")
    page.locator(".month-nav a[rel=prev]").click()  # the month before: whole weeks of runs
    page.wait_for_load_state("networkidle")
    assert page.locator(".cal-run").count() >= 12

    other_sports = re.compile("Ride|Fietsen|Treadmill|Loopband")
    page.locator(".cal-run").filter(has_not_text=other_sports).last.click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/activities/\d+$", page.url)
    main = page.inner_text("main")
    assert re.search(r"\d+:\d\d /km", main), main
    _fits(page, width)
    runner_visit.check(f"runs-activity-{locale}-{size}")


def test_a_runner_marks_a_race_and_corrects_the_sport_on_the_activitys_page(visit: Visit) -> None:
    visit.sign_in(FENNA.email, PASSWORD)
    page = visit.page
    page.get_by_role("link", name="My training", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.locator(".subnav").get_by_role("link", name="Activities").click()
    page.wait_for_load_state("networkidle")
    ride = page.locator("tr[data-activity-id]", has_text="Ride")
    expect(ride).to_contain_text("Garmin Connect")
    expect(ride).to_contain_text("km/h")
    treadmill = page.locator("tr[data-activity-id]", has_text="Treadmill run")
    expect(treadmill).to_contain_text("uploaded file")
    runs = page.locator("tr[data-activity-id]").filter(has_not_text=re.compile("Ride|Treadmill"))
    runs.first.locator("a").click()
    page.wait_for_load_state("networkidle")
    address = page.url

    page.get_by_role("button", name="This was a race").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".notice.ok")).to_contain_text("Saved")
    expect(page.locator("h1 .badge")).to_have_text("race")
    visit.check("runs-activity-race")
    page.get_by_role("button", name="It was not a race").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1 .badge")).to_have_count(0)

    page.select_option("#f-sport", "trail_running")
    page.get_by_role("button", name="Save the sport").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".notice.ok")).to_contain_text("The sport is corrected")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trail run")
    assert page.url.startswith(address)
    page.select_option("#f-sport", "running")
    page.get_by_role("button", name="Save the sport").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Run ·")


def test_a_coach_opens_an_athletes_calendar_with_her_check_ins(visit: Visit) -> None:
    visit.sign_in(COACH[0], PASSWORD)
    page = visit.open("/roster")
    page.locator("a.athlete-name", has_text=ANNA.name).click()
    page.wait_for_load_state("networkidle")
    page.locator(".subnav").get_by_role("link", name="Training calendar").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text(ANNA.name)
    page.locator(".month-nav a[rel=prev]").click()  # the month before: her check-ins
    page.wait_for_load_state("networkidle")
    assert "month=" in page.url
    assert page.locator(".cal-checkin").count() >= 1
    assert page.locator("form[action$='/sport']").count() == 0
    visit.check("runs-calendar-coach")
