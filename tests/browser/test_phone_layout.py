"""Every page a visitor, a runner, a coach and a physio can reach, on a phone 390 and 320 px wide:
nothing scrolls sideways (not the page, not a table, not the menu), the menu folds behind a
"Menu" button and shows its labels whole when opened, and at a desk the menu is simply there."""

from __future__ import annotations

import re
from collections import deque

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, PHONE, Visit
from tests.browser.seed import COACH, DORA, PASSWORD, PHYSIO, RUNNERS
from tests.browser.test_warnings import wait_for_warnings

pytestmark = pytest.mark.browser

NARROW = (390, 320)
NOT_PAGES = re.compile(r"^/(static|api)/|/sign-out|export|\.(csv|json|zip)$|^/language")
PEOPLE = {
    "visitor": None,
    "runner-anna": RUNNERS[0].email,
    "runner-dora": DORA.email,
    "coach": COACH[0],
    "physio": PHYSIO[0],
}

SIDEWAYS = """() => {
    const width = window.innerWidth;
    const found = [];
    if (document.scrollingElement.scrollWidth > width) {
        found.push(`the page is ${document.scrollingElement.scrollWidth} px wide`);
    }
    for (const el of document.querySelectorAll("body *")) {
        const style = getComputedStyle(el);
        if (!["auto", "scroll"].includes(style.overflowX) || el.clientWidth === 0) { continue; }
        if (el.scrollWidth > el.clientWidth + 1) {
            found.push(`${el.tagName.toLowerCase()}.${el.className} scrolls `
                + `(${el.scrollWidth} px in ${el.clientWidth} px)`);
        }
    }
    return found;
}"""

CLIPPED_LINKS = """(links) => {
    const width = window.innerWidth;
    const clipped = [];
    for (const link of links) {
        const box = link.getBoundingClientRect();
        let cut = box.left < 0 || box.right > width || link.scrollWidth > link.clientWidth + 1;
        for (let up = link.parentElement; up && !cut; up = up.parentElement) {
            if (getComputedStyle(up).overflowX === "visible") { continue; }
            const outer = up.getBoundingClientRect();
            cut = box.left < outer.left - 1 || box.right > outer.right + 1;
        }
        if (cut) { clipped.push(link.textContent.trim()); }
    }
    return clipped;
}"""


def page_kind(path: str) -> str:
    """One visit per kind of page: ids do not make a page different."""
    return re.sub(r"\d+", "N", path)


def links_on(page: Page) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    paths = (href.split("#")[0] for href in hrefs if href.startswith("/"))
    return [path for path in paths if path and not NOT_PAGES.search(path)]


def reachable(visit: Visit, start: str) -> list[str]:
    """Every kind of page reachable from ``start`` by following links, breadth first."""
    seen = {page_kind(start)}
    queue, pages = deque([start]), []
    while queue:
        path = queue.popleft()
        pages.append(path)
        for link in links_on(visit.open(path)):
            if page_kind(link) not in seen:
                seen.add(page_kind(link))
                queue.append(link)
    return pages


def assert_menu_folds_with_whole_labels(visit: Visit, name: str) -> None:
    page = visit.page
    nav = page.locator("nav.site-nav")
    if nav.count() == 0:
        return  # a visitor has no menu
    links = nav.locator("a")
    expect(links.first).to_be_hidden()  # folded away until asked for
    button = nav.locator("summary", has_text="Menu")
    expect(button).to_be_visible()
    button.click()
    for i in range(links.count()):
        expect(links.nth(i)).to_be_visible()
    visit.screenshot(name)
    clipped = links.evaluate_all(CLIPPED_LINKS)
    assert not clipped, f"{page.url}: menu labels cut off at {page.viewport_size}: {clipped}"
    assert not page.evaluate(SIDEWAYS), page.url
    button.click()
    expect(links.first).to_be_hidden()


@pytest.mark.parametrize("who", PEOPLE)
def test_no_page_scrolls_sideways_on_a_phone(browser: Browser, server: str, who: str) -> None:
    visit = Visit(
        browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True),
        server,
    )
    email = PEOPLE[who]
    if email is None:
        pages = reachable(visit, "/sign-in")
    else:
        visit.sign_in(email, PASSWORD)
        start = "/home" if who.startswith("runner") else "/roster"
        if who == "runner-dora":
            wait_for_warnings(visit, start, 3)  # her warnings (and their pages) are in
        pages = reachable(visit, start)
    assert len(pages) >= (3 if email is None else 10), pages

    problems = []
    for width in NARROW:
        visit.page.set_viewport_size({"width": width, "height": PHONE["height"]})
        for path in pages:
            page = visit.open(path)
            problems += [f"{width} px {path}: {found}" for found in page.evaluate(SIDEWAYS)]
            if width == NARROW[0]:
                visit.screenshot(f"phone-{who}-{page_kind(path).strip('/').replace('/', '-')}")
    assert not problems, "\n".join(problems)
    for width in NARROW:
        visit.page.set_viewport_size({"width": width, "height": PHONE["height"]})
        visit.open(pages[0])
        assert_menu_folds_with_whole_labels(visit, f"phone-{who}-menu-open-{width}")
    visit.context.close()
    assert not visit.errors, visit.errors


@pytest.mark.parametrize("who", ["runner-anna", "coach"])
def test_at_a_desk_the_menu_is_open_without_a_button(
    browser: Browser, server: str, who: str
) -> None:
    visit = Visit(browser.new_context(viewport=DESKTOP, locale="en-GB"), server)
    visit.sign_in(PEOPLE[who] or "", PASSWORD)
    nav = visit.page.locator("nav.site-nav")
    expect(nav.locator("summary")).to_be_hidden()
    links = nav.locator("a")
    for i in range(links.count()):
        expect(links.nth(i)).to_be_visible()
    assert not links.evaluate_all(CLIPPED_LINKS)
    visit.context.close()
    assert not visit.errors, visit.errors
