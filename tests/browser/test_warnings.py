"""Warnings in Chromium, as Dora (Dutch, on a phone) and her coach Dirk (English, at a desk) read
them: the most severe first and red flags never folded away, "seen" marked by each person for
themselves, days in words of the reader's own today, no internal reference (rule ids, design
notes, English citations on Dutch pages) in what they read, and one "longest run today" that
agrees with the warnings beside it (Eva's long run two days ago was itself a spike)."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import PHONE, Visit
from tests.browser.seed import DORA, DORA_COACH, EVA, PASSWORD

pytestmark = pytest.mark.browser

RANK = {"info": 1, "caution": 2, "warning": 3, "referral": 4, "urgent": 5}
INTERNAL = re.compile(
    r"DOMAIN|§|acwr 0\.1|design choice|\bRule:|\bRegel:"
    r"|\b(?:volume|load|pain|referral|ostrc|visa_a|red_flag|data|episode|acute|health)\.[a-z_]+\b"
)
ENGLISH_ON_DUTCH = re.compile(
    r"Dutch physiotherapy advice|pain-monitoring model|\bet al\.|\bSource:|context only"
)
DUTCH_DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def readers_today() -> date:
    return datetime.now(ZoneInfo("Europe/Amsterdam")).date()  # the seeded people's time zone


def own_id(page: Page) -> int:
    href = page.locator("nav.site-nav a[href^='/athletes/']").first.get_attribute("href") or ""
    found = re.fullmatch(r"/athletes/(\d+)", href)
    assert found, href
    return int(found.group(1))


def wait_for_warnings(visit: Visit, path: str, fewest: int) -> Page:
    """The worker evaluates the rules after the seed: reload until the warnings are in."""
    deadline = time.monotonic() + 90
    page = visit.open(path)
    while page.locator("li.finding").count() < fewest:
        assert time.monotonic() < deadline, f"no warnings on {path}: " + page.inner_text("main")
        time.sleep(2)
        page = visit.open(path)
    return page


def shown_severities(items: Locator) -> list[str]:
    """Severities of the warnings a reader sees without unfolding anything, in page order."""
    return [
        (item.locator(".badge").first.get_attribute("class") or "").split()[-1]
        for item in items.all()
        if item.is_visible()
    ]


def assert_most_severe_first(severities: list[str], where: str) -> None:
    ranks = [RANK[s] for s in severities]
    assert ranks == sorted(ranks, reverse=True), f"{where}: {severities}"
    assert severities[:2] == ["urgent", "referral"], f"{where}: {severities}"


def test_the_most_severe_warning_comes_first_and_red_flags_are_never_folded(
    visit: Visit, phone_visit: Visit
) -> None:
    phone_visit.sign_in(DORA.email, PASSWORD)
    home = wait_for_warnings(phone_visit, "/home", 3)
    assert_most_severe_first(shown_severities(home.locator("li.finding")), "home")
    expect(home.locator("li.finding").first).to_contain_text("Mogelijke peesruptuur")
    phone_visit.check("runner-home-warnings-phone")

    visit.sign_in(DORA_COACH[0], PASSWORD)
    dora = own_id(phone_visit.page)
    page = visit.open(f"/athletes/{dora}")
    warnings = page.locator("section[aria-labelledby=findings-title] li.finding")
    assert_most_severe_first(shown_severities(warnings), "athlete page")
    visit.check("coach-athlete-warnings")


def test_internal_references_are_never_shown(visit: Visit, phone_visit: Visit) -> None:
    phone_visit.sign_in(DORA.email, PASSWORD)
    dora = own_id(phone_visit.page)
    home = wait_for_warnings(phone_visit, "/home", 3)
    links = home.locator("li.finding a.finding-title")
    finding_pages = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert finding_pages
    for path in ["/home", f"/athletes/{dora}", f"/athletes/{dora}/policy", *finding_pages]:
        page = phone_visit.open(path)
        text = page.inner_text("main")
        assert not INTERNAL.search(text), (path, INTERNAL.search(text))
        assert not ENGLISH_ON_DUTCH.search(text), (path, ENGLISH_ON_DUTCH.search(text))
        assert page.locator("main [title*='red_flag.']").count() == 0, path  # staff only
    phone_visit.check("runner-finding-page-phone")

    visit.sign_in(DORA_COACH[0], PASSWORD)
    for path in ["/roster", f"/athletes/{dora}", *finding_pages]:
        text = visit.open(path).inner_text("main")
        assert not INTERNAL.search(text), (path, INTERNAL.search(text))
    page = visit.open(f"/athletes/{dora}")
    rupture = page.locator("li.finding", has_text="Possible tendon rupture").first
    expect(rupture.locator("a.finding-title")).to_have_attribute("title", re.compile("red_flag"))
    expect(rupture).to_contain_text("Based on: Dutch physiotherapy advice")
    visit.check("coach-finding-list")


def test_days_are_told_relative_to_the_readers_today(visit: Visit, phone_visit: Visit) -> None:
    phone_visit.sign_in(DORA.email, PASSWORD)
    home = wait_for_warnings(phone_visit, "/home", 3)
    today = readers_today()
    days = home.locator("li.finding time")
    assert days.count() >= 3
    for i in range(days.count()):
        day = date.fromisoformat(days.nth(i).get_attribute("datetime") or "")
        words = (days.nth(i).text_content() or "").strip()  # folded ones too
        if day == today:
            assert words == "vandaag"
        elif (today - day).days == 1:
            assert words == "gisteren"
        else:
            assert words == format_date(day, "EEEE d MMMM", locale="nl"), words
            assert words.startswith(DUTCH_DAYS)

    rupture = home.locator("li.finding", has_text="Mogelijke peesruptuur").first
    assert (
        today - date.fromisoformat(rupture.locator("time").get_attribute("datetime") or "")
    ).days > 1
    rupture.locator("a.finding-title").click()
    phone_visit.page.wait_for_load_state("networkidle")
    advice = phone_visit.page.locator("section[aria-labelledby=next-title]").inner_text()
    assert "vandaag" not in advice, advice  # told days after the report, "today" is not true
    phone_visit.check("runner-red-flag-days-later-phone")

    visit.sign_in(DORA_COACH[0], PASSWORD)
    page = visit.open(phone_visit.page.url.removeprefix(visit.base))
    advice = page.locator("section[aria-labelledby=next-title]").inner_text()
    assert "today" not in advice, advice
    assert re.search(
        r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d", page.inner_text("main")
    )


def test_seen_is_marked_by_each_person_for_themselves(visit: Visit, phone_visit: Visit) -> None:
    phone_visit.sign_in(DORA.email, PASSWORD)
    dora = own_id(phone_visit.page)
    wait_for_warnings(phone_visit, "/home", 3)

    visit.sign_in(DORA_COACH[0], PASSWORD)
    page = visit.open(f"/athletes/{dora}")
    item = page.locator("li.finding", has_text="Possible tendon rupture").first
    finding_id = (item.get_attribute("id") or "").removeprefix("finding-")
    item.get_by_role("button", name="Mark as seen").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".notice.ok")).to_be_visible()
    open_list = page.locator("section[aria-labelledby=findings-title] > ul.findings")
    expect(open_list.locator(f"#finding-{finding_id}")).to_have_count(0)  # seen by him
    visit.check("coach-after-mark-as-seen")

    home = phone_visit.open("/home")
    still_open = home.locator(f"#finding-{finding_id}")
    expect(still_open).to_be_visible()  # Dora has not seen it yet
    expect(still_open.get_by_role("button", name="Markeer als gezien")).to_be_visible()
    finding = phone_visit.open(f"/athletes/{dora}/findings/{finding_id}")
    expect(finding.locator("main")).to_contain_text("Dirk Trainer")
    phone_visit.check("runner-finding-seen-by-coach-phone")

    # and the other way round: Dora's "seen" leaves Dirk's open warnings alone
    home = phone_visit.open("/home")
    other = home.locator("li.finding").nth(1)
    other_id = other.get_attribute("id") or ""
    other.get_by_role("button", name="Markeer als gezien").click()
    home.wait_for_load_state("networkidle")
    expect(home.locator(f"#{other_id}")).to_have_count(0)
    page = visit.open(f"/athletes/{dora}")
    expect(page.locator(f"section[aria-labelledby=findings-title] #{other_id}")).to_be_visible()


def dutch_km(text: str) -> float:
    found = re.search(r"(\d+(?:,\d+)?)", text.replace(".", ""))
    assert found, text
    return float(found.group(1).replace(",", "."))


def test_todays_guard_is_one_figure_that_agrees_with_the_warnings(
    visit: Visit, phone_visit: Visit, browser: Browser
) -> None:
    eva = EVA  # her 24 km run two days ago was a spike
    phone_visit.sign_in(eva.email, PASSWORD)
    home = wait_for_warnings(phone_visit, "/home", 1)
    spike = home.locator("li.finding", has_text="Houd je volgende lange loop rond de").first
    advised = re.search(r"rond de ([\d,]+) km", spike.text_content() or "")
    assert advised, home.inner_text("main")
    next_km = dutch_km(advised.group(1))
    guard_km = dutch_km(home.locator("section[aria-labelledby=guard-title] .figure").inner_text())
    assert eva.spike_km is not None and guard_km < eva.spike_km  # not built on the spike
    assert guard_km <= round(next_km * 1.1, 1) + 0.05, (guard_km, next_km)
    phone_visit.check("runner-home-guard-after-spike-phone")

    page = phone_visit.open(f"/athletes/{own_id(home)}/plan")
    assert dutch_km(page.locator("section[aria-labelledby=guard-title] .figure").inner_text()) == (
        guard_km
    )
    page.fill("#f-distance_km", str(int(eva.spike_km)))
    page.fill("#f-duration_min", "130")
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_load_state("networkidle")
    result = page.locator("#plan-result")
    expect(result).to_contain_text("boven de grens")
    expect(result.locator("li.finding", has_text="Loop veel langer")).to_be_visible()
    expect(result).not_to_contain_text("Geen nieuwe waarschuwing")
    phone_visit.check("runner-plan-over-guard-phone")

    # Dora reported a possible rupture: no distance is offered anywhere while it stands
    dora = Visit(browser.new_context(viewport=PHONE, locale="nl-NL"), phone_visit.base)
    dora.sign_in(DORA.email, PASSWORD)
    dora_home = wait_for_warnings(dora, "/home", 3)
    card = dora_home.locator("section[aria-labelledby=guard-title]")
    expect(card.locator(".figure")).to_have_count(0)
    expect(card).to_contain_text("fysiotherapeut")
    dora.check("runner-home-guard-on-hold-phone")
    dora_id = own_id(dora_home)
    dora.context.close()
    assert not dora.errors, dora.errors

    visit.sign_in(DORA_COACH[0], PASSWORD)
    athlete = visit.open(f"/athletes/{dora_id}")
    expect(athlete.locator("[data-guard]")).to_have_text("on hold")
