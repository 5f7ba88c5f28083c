"""A warning that advice waits for data points the runner to the page where a connection is
fixed, by the name the menu gives it and with a link to it; staff, who have no such page for
the runner, get no link."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.page_browser import text_of
from tests.api.page_people import People, linked, people_of, stored_finding

STALE = {"silent_hours": 60.0, "stale_hours": 48.0, "needs_reauth": 0.0}
LINK = 'href="/connections"'


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


def test_a_stale_data_warning_links_the_runner_to_the_connections_page(
    people: People, db_session: Session
) -> None:
    daan = people.sign_in("daan@example.com", locale="nl")
    coach = people.sign_in("carla@example.com", role="coach")
    linked(db_session, daan, coach)
    finding = stored_finding(db_session, daan.id, rule="data.sync_stale", values=STALE)
    path = f"/athletes/{daan.id}/findings/{finding.id}"

    page = daan.browser.get(path)
    main = page.text.split('<main id="main"', 1)[1]
    assert LINK in main
    assert "Naar de pagina Koppelingen" in text_of(page)
    assert "pagina Koppelingen" in text_of(page)  # the next step names it as the menu does

    staff_page = coach.browser.get(path)
    assert staff_page.status_code == 200
    assert LINK not in staff_page.text.split('<main id="main"', 1)[1]
