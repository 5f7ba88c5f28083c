"""The demo in Chromium: every demo runner's page shows the findings of their story, in English to
the coach at an English browser and in Dutch to the physio at a Dutch one, whatever language
their accounts were seeded with (symptom findings only where the runner shares them), and each
runner reads their own page in their browser's language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser

from service.clock import local_today
from service.dashboard.chart_range import chart_range
from service.demo.people import ATHLETES, DEMO_PASSWORD, DemoPerson
from service.models import Role
from tests.browser.conftest import DESKTOP, Visit
from tests.support.processes import LOADWATCH, embedded_env, free_port, healthy, running, wait_until

pytestmark = pytest.mark.browser

PHYSIO, COACH = "physio@demo.loadwatch", "coach@demo.loadwatch"
BROWSER_LOCALE = {"en": "en-GB", "nl": "nl-NL"}


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("demo-browser")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data = folder / "data"
    argv = [LOADWATCH, "demo", "--port", str(port), "--data-dir", str(data)]
    env = embedded_env(data, LOADWATCH_BASE_URL=base)
    with running(argv, env, folder / "demo.log"):
        wait_until(lambda: healthy(base), 150, "the demo to answer /healthz")
        yield base


def _api(base: str, email: str, path: str) -> Any:
    token = httpx.post(
        f"{base}/api/v1/auth/tokens", json={"email": email, "password": DEMO_PASSWORD}
    ).json()["token"]
    answer = httpx.get(f"{base}/api/v1{path}", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    return answer.json()


def _findings_of_the_period(base: str, email: str, person: DemoPerson, athlete_id: int) -> Any:
    """The findings the runner's page lists: those of its chart's weeks (the default period, in
    the runner's own today); older ones are on the page only when the reader picks a longer
    period."""
    start = chart_range(local_today(person.timezone)).start
    return _api(base, email, f"/athletes/{athlete_id}/findings?start={start.isoformat()}")


@pytest.fixture(scope="module")
def athlete_ids(demo_base: str) -> dict[str, int]:
    return {row["email"]: row["id"] for row in _api(demo_base, PHYSIO, "/athletes")}


@pytest.fixture
def visitor(browser: Browser, demo_base: str, language: str) -> Iterator[Visit]:
    context = browser.new_context(viewport=DESKTOP, locale=BROWSER_LOCALE[language])
    visit = Visit(context, demo_base)
    yield visit
    context.close()
    assert not visit.errors, visit.errors


def _shown_messages(visit: Visit, athlete_id: int, name: str) -> str:
    visit.open(f"/athletes/{athlete_id}")
    visit.screenshot(name)
    return "\n".join(visit.page.locator("li.finding p").all_text_contents())


# The demo's coach is Dutch and its physio English, but neither chose: their browsers decide.
@pytest.mark.parametrize(("viewer", "language"), [(PHYSIO, "nl"), (COACH, "en")])
def test_each_runners_page_shows_their_findings(
    visitor: Visit, demo_base: str, athlete_ids: dict[str, int], viewer: str, language: str
) -> None:
    visitor.sign_in(viewer, DEMO_PASSWORD)
    for person in ATHLETES:
        athlete_id = athlete_ids[person.email]
        expected = _findings_of_the_period(demo_base, viewer, person, athlete_id)
        shown = _shown_messages(visitor, athlete_id, f"demo-{language}-{person.story}")
        for finding in expected:
            assert finding["message"][language] in shown, (person.email, finding["rule"])
        shared = viewer == PHYSIO or Role.COACH in person.shares_symptoms_with
        if person.story != "steady" and shared:
            assert expected, f"{viewer} sees no finding of {person.email}"
        if not shared:
            assert shown == "", f"{viewer} sees symptom findings {person.email} does not share"


def test_each_runner_reads_their_own_page_in_their_language(
    browser: Browser, demo_base: str, athlete_ids: dict[str, int], tmp_path: Path
) -> None:
    for person in ATHLETES:  # each at a browser of their language
        context = browser.new_context(viewport=DESKTOP, locale=BROWSER_LOCALE[person.locale])
        visit = Visit(context, demo_base)
        visit.sign_in(person.email, DEMO_PASSWORD)
        athlete_id = athlete_ids[person.email]
        expected = _findings_of_the_period(demo_base, person.email, person, athlete_id)
        shown = _shown_messages(visit, athlete_id, f"demo-own-{person.story}")
        assert all(f["message"][person.locale] in shown for f in expected), person.email
        context.close()
        assert not visit.errors, visit.errors
