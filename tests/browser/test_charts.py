"""The athlete view's charts in Chromium: TRIMP says plainly what it lacks and draws once the
runner has entered their heart rates, Garmin's own chart draws whatever the measure; the charts
open on the last six weeks and zoom out to three months, a season or two chosen dates; the
unfinished week is "so far", never "−100 %"; legends name only what is drawn; on a phone no text
of a chart is cut off or drawn over another, warning pins do not pile up, and a runner without
check-ins gets a sentence instead of an empty chart."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Visit
from tests.browser.seed import COACH, PASSWORD, RUNNERS
from tests.browser.test_checkin_pages import own_id, reload_until

pytestmark = pytest.mark.browser

ANNA, CHRIS = RUNNERS[0], RUNNERS[2]  # Anna: Garmin's own load and check-ins; Chris: neither

TEXTS = """name => {
    const chart = window.loadwatchCharts[name];
    const texts = [];
    chart.getZr().storage.getDisplayList(true).forEach(el => {
        const text = el.style && el.style.text;
        if (el.invisible || el.ignore || typeof text !== "string" || !text.trim()) { return; }
        const box = el.getBoundingRect().clone();
        if (el.transform) { box.applyTransform(el.transform); }
        texts.push({ text: text, x: box.x, y: box.y, w: box.width });
    });
    return { width: chart.getWidth(), texts: texts };
}"""
"""Every text ECharts drew on a chart's canvas (labels, axis names) with its box in pixels."""

SERIES = """name => window.loadwatchCharts[name].getOption().series.map(s => ({
    name: s.name,
    points: s.data.filter(d => {
        const v = Array.isArray(d) ? d[1] : (d && d.value !== undefined
            ? (Array.isArray(d.value) ? d.value[1] : d.value) : d);
        return v !== null && v !== undefined;
    }).length
}))"""

PINS = """() => {
    const chart = window.loadwatchCharts.daily;
    const index = chart.getOption().series.findIndex(s => s.type === "scatter");
    if (index < 0) { return []; }
    return chart.getOption().series[index].data
        .map(d => chart.convertToPixel({ seriesIndex: index }, d.value));
}"""


def readers_today() -> date:
    return datetime.now(ZoneInfo("Europe/Amsterdam")).date()  # the seeded people's time zone


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def charts_drawn(page: Page, state: str = "ready") -> Page:
    page.wait_for_selector(f"#charts[data-state={state}]", timeout=30_000)
    return page


def config(page: Page) -> dict[str, Any]:
    return dict(
        page.evaluate("() => JSON.parse(document.getElementById('chart-config').textContent)")
    )


def athlete_path(visit: Visit, name: str) -> str:
    roster = visit.open("/roster")
    href = roster.locator("a.athlete-name", has_text=name).get_attribute("href")
    assert href is not None
    return href


def assert_texts_fit(page: Page, chart: str) -> None:
    """No text of the chart sticks out of its canvas or is drawn over another on the same line."""
    drawn = page.evaluate(TEXTS, chart)
    texts = drawn["texts"]
    for text in texts:
        assert text["x"] >= -0.5 and text["x"] + text["w"] <= drawn["width"] + 0.5, (chart, text)
    for i, one in enumerate(texts):
        for other in texts[i + 1 :]:
            same_line = abs(one["y"] - other["y"]) < 8
            apart = one["x"] + one["w"] <= other["x"] or other["x"] + other["w"] <= one["x"]
            assert not same_line or apart, (chart, one, other)


def assert_legend_is_what_is_drawn(page: Page, chart: str) -> None:
    series = page.evaluate(SERIES, chart)
    assert all(s["points"] > 0 for s in series), (chart, series)
    legend = page.locator(f'[data-legend-for="chart-{chart}"] button').all_inner_texts()
    names = [s["name"] for s in series]
    assert legend == (names if len(names) > 1 else []), (chart, legend, names)
    box = page.locator(f"#chart-{chart}").bounding_box()
    for item in page.locator(f'[data-legend-for="chart-{chart}"] li').all():
        item_box = item.bounding_box()
        assert box and item_box and item_box["x"] + item_box["width"] <= box["x"] + box["width"] + 1


def test_trimp_says_what_it_needs_and_draws_once_heart_rates_are_entered(
    visit: Visit,
) -> None:
    visit.sign_in(COACH[0], PASSWORD)
    anna = athlete_path(visit, ANNA.name)
    page = charts_drawn(visit.open(f"{anna}?measure=trimp"), "empty")
    status = page.locator('[data-status-for="chart-daily"]')
    expect(status).to_contain_text("resting heart rate")
    expect(status).to_contain_text(ANNA.name)
    assert "appear once" not in page.inner_text("#charts")
    expect(page.locator("#chart-daily")).to_be_hidden()  # no empty box under the sentence
    expect(page.locator('[data-status-for="chart-garmin"]')).to_be_hidden()
    assert page.evaluate(SERIES, "garmin")[0]["points"] > 0
    assert page.locator("#chart-garmin canvas").count() == 1
    form = page.locator("#heart-rates")  # a linked coach may enter them for the runner
    expect(form.locator("h2")).to_have_text(f"Heart rates of {ANNA.name} for TRIMP")
    visit.check("coach-athlete-trimp-without-heart-rates")

    visit.context.clear_cookies()
    visit.sign_in(CHRIS.email, PASSWORD)
    path = f"/athletes/{own_id(visit.page)}?measure=trimp"
    page = charts_drawn(visit.open(path), "empty")
    expect(page.locator('[data-status-for="chart-daily"]')).to_contain_text(
        "needs your resting heart rate"
    )
    visit.check("runner-trimp-heart-rates-form")
    page.select_option("#f-sex", "male")
    page.fill("#f-hr-rest", "52")
    page.fill("#f-hr-max", "188")
    page.locator("#heart-rates button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".notice").first).to_contain_text("TRIMP is being worked out")

    def drawn(page: Page) -> bool:
        page.wait_for_selector("#charts:not([data-state=loading])", timeout=30_000)
        return page.locator("#charts").get_attribute("data-state") == "ready"

    page = reload_until(visit, path, drawn, "the TRIMP charts")
    daily = {s["name"]: s["points"] for s in page.evaluate(SERIES, "daily")}
    shown_days = (readers_today() - monday(readers_today())).days + 5 * 7 + 1
    assert daily["Daily load"] == shown_days, daily  # every day of the six weeks, rest days as 0
    expect(page.locator("#heart-rates")).to_have_count(0)
    visit.check("runner-trimp-charts")


def test_the_charts_open_on_six_weeks_and_zoom_out_to_a_season_or_chosen_days(
    visit: Visit,
) -> None:
    visit.sign_in(COACH[0], PASSWORD)
    anna = athlete_path(visit, ANNA.name)
    page = charts_drawn(visit.open(anna))
    today = readers_today()
    first = monday(today) - timedelta(weeks=5)
    assert (config(page)["start"], config(page)["end"]) == (first.isoformat(), today.isoformat())
    expect(page.locator(".chart-periods [aria-current]")).to_have_text("6 weeks")
    assert page.evaluate("() => window.loadwatchCharts.daily.getOption().xAxis[0].min") == (
        page.evaluate(f"() => Date.UTC({first.year}, {first.month - 1}, {first.day})")
    )
    weekly = page.evaluate(SERIES, "weekly")
    assert weekly[0]["points"] == 6, weekly
    page.locator('[data-table-for="chart-weekly"] summary').click()
    rows = page.locator('[data-table-for="chart-weekly"] tbody tr')
    current = rows.first.locator("td").all_inner_texts()
    if today.weekday() < 6:  # the week is unfinished until Sunday is over
        assert "so far" in current[0] and current[2] == "so far", current
    for chart in ("daily", "acwr", "weekly", "spikes", "garmin", "symptoms"):
        assert_legend_is_what_is_drawn(page, chart)
    visit.check("coach-athlete-six-weeks")

    page.get_by_role("link", name="Season (12 months)").click()
    page = charts_drawn(page)
    assert page.evaluate(SERIES, "weekly")[0]["points"] >= 19  # twenty weeks of running
    expect(page.locator(".chart-periods [aria-current]")).to_have_text("Season (12 months)")
    visit.check("coach-athlete-season")

    start, end = today - timedelta(days=60), today - timedelta(days=20)
    page.fill("#f-start", start.isoformat())
    page.fill("#f-end", end.isoformat())
    page.get_by_role("button", name="Show").click()
    page = charts_drawn(page)
    assert (config(page)["start"], config(page)["end"]) == (
        monday(start).isoformat(),
        end.isoformat(),
    )
    expect(page.locator(".chart-periods [aria-current]")).to_have_count(0)
    assert "so far" not in page.inner_text('[data-table-for="chart-weekly"]')


def test_on_a_phone_chart_texts_fit_pins_do_not_pile_up_and_no_check_ins_is_a_sentence(
    phone_visit: Visit,
) -> None:
    phone_visit.sign_in(ANNA.email, PASSWORD)
    page = phone_visit.page
    path = f"/athletes/{own_id(page)}"
    for query in ("", "?period=season"):
        page = charts_drawn(phone_visit.open(path + query))
        for chart in ("daily", "acwr", "weekly", "spikes", "garmin", "symptoms"):
            assert_texts_fit(page, chart)
            assert_legend_is_what_is_drawn(page, chart)
        pins = page.evaluate(PINS)
        assert pins, "no warning pins"
        for i, one in enumerate(pins):
            for other in pins[i + 1 :]:
                assert abs(one[0] - other[0]) >= 20 or abs(one[1] - other[1]) >= 28, (one, other)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, width
        phone_visit.check("runner-charts-phone" + query.replace("?period=", "-"))

    phone_visit.context.clear_cookies()
    phone_visit.sign_in(CHRIS.email, PASSWORD)
    page = charts_drawn(phone_visit.open(f"/athletes/{own_id(phone_visit.page)}"))
    card = page.locator("section", has=page.locator("#chart-symptoms"))
    expect(card.locator(".chart-status")).to_have_text(re.compile("No check-ins"))
    expect(page.locator("#chart-symptoms")).to_be_hidden()
    box = card.bounding_box()
    assert box and box["height"] < 200, box
    phone_visit.check("runner-without-check-ins-phone")
