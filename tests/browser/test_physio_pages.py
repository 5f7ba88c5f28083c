"""The physio's pages in Chromium: symptoms over time with the region filter and the episodes'
timers, the alerts inbox filtered by athlete and severity with "mark all as seen", a note on a
warning and on a day, and the access log grouped by visit; at a desk in English and on a 390 px
phone in Dutch, without sideways scrolling. Every page passes axe-core and is saved as a
screenshot."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Visit
from tests.browser.seed import COACH, DORA, DORA_COACH, FENNA, FENNA_COACH, PASSWORD, RUNNERS
from tests.browser.test_checkin_pages import fits_the_phone, own_id, pytestmark, reload_until

__all__ = ["pytestmark"]

ANNA, CHRIS = RUNNERS[0], RUNNERS[2]


def _athlete_href(visit: Visit, name: str) -> str:
    href = visit.open("/roster").locator("a.athlete-name", has_text=name).get_attribute("href")
    assert href is not None
    return href


def test_symptoms_over_time_with_the_region_filter_and_episode_timers(
    visit: Visit, phone_visit: Visit
) -> None:
    # Fenna: no other test reports a red flag for her, so her Achilles episode stays open.
    visit.sign_in(FENNA_COACH[0], PASSWORD)
    fenna = _athlete_href(visit, FENNA.name)
    page = visit.open(fenna)
    page.get_by_role("link", name="Symptoms over time").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#chart-pain polyline.trend")).to_have_count(1)
    expect(page.locator("#chart-pain circle")).to_have_count(FENNA.checkin_weeks)
    episode = page.locator("li.episode[data-region=achilles]")
    expect(episode).to_contain_text("Since the first day")
    expect(episode).to_contain_text("Relative rest and load management")
    expect(episode).to_contain_text("Relative rest for at most 21 days without running")
    page.select_option("#f-region", "achilles")
    page.select_option("#f-months", "3")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state("networkidle")
    assert "region=achilles" in page.url and "months=3" in page.url
    expect(page.locator("#f-region")).to_have_value("achilles")
    visit.check("physio-symptoms-over-time")

    phone_visit.sign_in(FENNA_COACH[0], PASSWORD)  # her coach chose no language: his phone's
    own = phone_visit.open(_athlete_href(phone_visit, FENNA.name) + "/physio")
    expect(own.get_by_role("heading", name="Klachtenverloop")).to_be_visible()
    expect(own.locator("li.episode").first).to_contain_text("Relatieve rust en belasting doseren")
    fits_the_phone(own)
    phone_visit.check("physio-symptoms-over-time-phone-nl")


def test_a_suspected_rupture_tells_when_rehabilitation_starts(visit: Visit) -> None:
    visit.sign_in(DORA_COACH[0], PASSWORD)
    page = visit.open(_athlete_href(visit, DORA.name) + "/physio?region=achilles")
    episode = page.locator("li.episode[data-region=achilles]")
    expect(episode).to_contain_text("No running: suspected rupture")
    expect(episode).to_contain_text(
        re.compile(r"Active rehabilitation starts after 6 weeks, on .* \(in 3\d days\)")
    )
    visit.check("physio-rupture-timer")


def test_the_inbox_filters_and_marks_what_it_shows_as_seen(
    visit: Visit, phone_visit: Visit
) -> None:
    phone_visit.sign_in(CHRIS.email, PASSWORD)
    chris = own_id(phone_visit.page)
    page = phone_visit.open(f"/athletes/{chris}/checkins?kind=red_flag")
    page.get_by_label("My lower back is locked: I can hardly move").check()
    page.select_option("#f-region", "low_back")
    page.get_by_role("button", name="Report").click()
    page.wait_for_load_state("networkidle")

    visit.sign_in(COACH[0], PASSWORD)
    wanted = f"/alerts?athlete={chris}&severity=referral"
    inbox = reload_until(
        visit, wanted, lambda p: p.locator("tbody tr").count() > 0, "Chris's referral alert"
    )
    rows = inbox.locator("tbody tr")
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text(CHRIS.name)
        expect(rows.nth(index)).to_contain_text("see a physio")
    expect(inbox.locator("#f-athlete")).to_have_value(str(chris))
    tab = inbox.get_by_role("link", name=re.compile("Not seen yet"))
    assert f"athlete={chris}" in (tab.get_attribute("href") or "")
    visit.check("coach-inbox-filtered")
    everyone_open = visit.open("/alerts").get_by_role("link", name=re.compile("Not seen yet"))
    before = int(re.findall(r"\d+", everyone_open.inner_text())[0])

    inbox = visit.open(wanted)
    shown = inbox.locator("tbody tr.unread").count()
    assert shown > 0
    inbox.get_by_role("button", name=re.compile("shown as seen")).click()
    inbox.wait_for_load_state("networkidle")
    expect(inbox.locator(".notice.ok")).to_contain_text("Marked as seen")
    expect(inbox.locator("tbody tr.unread")).to_have_count(0)
    assert "athlete=" in inbox.url  # the filter stays
    visit.check("coach-inbox-marked-seen")
    after = visit.open("/alerts").get_by_role("link", name=re.compile("Not seen yet"))
    assert int(re.findall(r"\d+", after.inner_text())[0]) == before - shown  # nothing else

    phone_visit.open("/alerts?severity=referral")
    expect(phone_visit.page.locator("tbody tr.unread").first).to_be_visible()  # Chris's own
    fits_the_phone(phone_visit.page)
    phone_visit.check("runner-inbox-filtered-phone")


def test_a_note_on_a_warning_and_on_a_day(visit: Visit, phone_visit: Visit) -> None:
    visit.sign_in(COACH[0], PASSWORD)
    anna = _athlete_href(visit, ANNA.name)
    page = visit.open(anna)
    finding = page.locator("li.finding a[href*='/findings/']").first.get_attribute("href")
    assert finding is not None
    page = visit.open(finding)
    page.fill("#f-note-body", "Keep Saturday's long run at 12 km, then we talk.")
    page.get_by_role("button", name="Save note").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".notice.ok")).to_contain_text("Your note is saved")
    note = page.locator("li.note").last
    expect(note).to_contain_text("Carla Coach (coach)")
    expect(note.get_by_role("button", name=re.compile("Delete"))).to_be_visible()
    visit.check("coach-note-on-warning")

    phone_visit.sign_in(ANNA.email, PASSWORD)
    seen = phone_visit.open(finding)
    theirs = seen.locator("li.note", has_text="Keep Saturday's long run")
    expect(theirs).to_contain_text("Carla Coach (trainer)")  # in Anna's Dutch
    expect(theirs.get_by_role("button")).to_have_count(0)  # only its author deletes it
    fits_the_phone(seen)
    phone_visit.check("runner-note-on-warning-phone-nl")

    own = phone_visit.open(f"/athletes/{own_id(phone_visit.page)}")
    own.fill("#f-note-body", "Kuit voelde stijf na de heuveltraining.")
    own.get_by_role("button", name="Notitie opslaan").click()
    own.wait_for_load_state("networkidle")
    expect(own.locator("#notes li.note").last).to_contain_text("Anna de Vries (hardloper)")
    fits_the_phone(own)
    phone_visit.check("runner-note-on-day-phone-nl")
    page = visit.open(anna)
    expect(page.locator("#notes")).to_contain_text("Kuit voelde stijf na de heuveltraining.")


def test_the_access_log_groups_a_visit(visit: Visit, phone_visit: Visit) -> None:
    visit.sign_in(COACH[0], PASSWORD)
    anna = _athlete_href(visit, ANNA.name)
    visit.open(anna)
    visit.open(anna + "/checkins")
    visit.open(anna + "/physio")
    phone_visit.sign_in(ANNA.email, PASSWORD)
    page = phone_visit.open("/privacy")
    # Others (the physio) may read her pages meanwhile: Carla's own visit is the one to check.
    first = page.locator("table.access-log tbody tr", has_text="Carla Coach").first
    expect(first).to_contain_text("Carla Coach")
    expect(first).to_contain_text(re.compile(r"\d+ pagina's: "))
    # from .. to, or one time when the whole visit fell within a minute
    expect(first).to_contain_text(re.compile(r"\d\d:\d\d(–\d\d:\d\d)?"))
    fits_the_phone(page)
    phone_visit.check("runner-access-log-phone-nl")
