"""The privacy page's access log: one row per visit of a coach or physio (their reads less than
30 minutes apart), with how many pages, what was opened and the time span, instead of a row per
request."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.models import AuditEntry
from tests.api.page_people import People, Person, linked, people_of

MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 in Amsterdam


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


def _read(db_session: Session, staff: Person, athlete: Person, minutes: int, path: str) -> None:
    db_session.add(
        AuditEntry(
            actor_id=staff.id,
            athlete_id=athlete.id,
            action="get",
            resource=path.format(athlete=athlete.id),
            at=MORNING + timedelta(minutes=minutes),
        )
    )
    db_session.commit()


def visits(html: str) -> list[str]:
    found = re.findall(r'<tr class="visit">(.*?)</tr>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in found]


def test_reads_of_one_visit_are_one_row_with_pages_span_and_what(
    people: People, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com", display_name="Anna de Vries")
    coach = people.sign_in("coach@example.com", "coach", display_name="Carla Coach")
    physio = people.sign_in("physio@example.com", "physio", display_name="Pieter Physio")
    linked(db_session, anna, coach, share=True)
    linked(db_session, anna, physio, share=True)
    # Carla's first visit: the athlete page and the API calls of its charts, then check-ins
    for minute, path in [
        (0, "/athletes/{athlete}"),
        (0, "/api/v1/athletes/{athlete}/metrics"),
        (1, "/api/v1/athletes/{athlete}/checkins"),
        (12, "/athletes/{athlete}/checkins"),
    ]:
        _read(db_session, coach, anna, minute, path)
    # Pieter looks in between: his own visit, not a cut in Carla's
    _read(db_session, physio, anna, 5, "/athletes/{athlete}")
    # Carla again after more than 30 minutes: a second visit
    _read(db_session, coach, anna, 60, "/athletes/{athlete}")

    page = anna.browser.get("/privacy")
    assert visits(page.text) == [
        "Mar 2, 2026, 10:00 Carla Coach 1 page: training page",
        "Mar 2, 2026, 09:05 Pieter Physio 1 page: training page",
        "Mar 2, 2026, 09:00–09:12 Carla Coach 2 pages: training page, daily series, check-ins",
    ]


def test_the_access_log_speaks_dutch(people: People, db_session: Session) -> None:
    anna = people.sign_in("anna@example.com", display_name="Anna de Vries", locale="nl")
    coach = people.sign_in("coach@example.com", "coach", display_name="Carla Coach")
    linked(db_session, anna, coach)
    _read(db_session, coach, anna, 0, "/athletes/{athlete}")
    _read(db_session, coach, anna, 3, "/athletes/{athlete}/findings/1")
    [row] = visits(anna.browser.get("/privacy").text)
    assert row.startswith("2 mrt 2026, 09:00–09:03 Carla Coach 2 pagina's:"), row
