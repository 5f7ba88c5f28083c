"""The physio's page of an athlete: weekly pain per region and VISA-A over months as inline SVG
with the numbers beside, a region filter, and each injury episode with its timers; for linked
staff only while symptoms are shared."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.models import Checkin
from tests.api.page_browser import text_of
from tests.api.page_people import People, Person, linked, people_of
from tests.support.clocks import local_today


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


def _weekly(
    db_session: Session, athlete: Person, day: date, region: str, pain: int, **extra: Any
) -> None:
    db_session.add(
        Checkin(
            athlete_id=athlete.id,
            day=day,
            kind="weekly",
            region=region,
            pain_week=pain,
            red_flags=[],
            **extra,
        )
    )
    db_session.commit()


def _points(html: str, chart: str) -> list[str]:
    figure = re.search(rf'<figure class="physio-chart" id="{chart}">(.*?)</figure>', html, re.S)
    assert figure, f"no {chart}"
    return re.findall(r'<polyline class="trend" points="([^"]*)"', figure[1])


def test_a_physio_sees_weekly_pain_visa_a_and_episode_timers_filtered_by_region(
    people: People, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com", display_name="Anna de Vries")
    physio = people.sign_in("physio@example.com", "physio", display_name="Pieter Physio")
    linked(db_session, anna, physio, share=True)
    start = local_today() - timedelta(days=20)
    for week, pain in enumerate((4, 3, 2)):
        day = start + timedelta(days=7 * week)
        _weekly(db_session, anna, day, "achilles", pain, visa_a=60 + 10 * week)
    _weekly(db_session, anna, local_today() - timedelta(days=2), "shin", 5)

    page = physio.browser.get(f"/athletes/{anna.id}/physio")
    assert page.status_code == 200, page.text
    pain_lines = _points(page.text, "chart-pain")
    assert [len(line.split()) for line in pain_lines] == [3, 1]  # achilles 3 weeks, shin 1
    assert len(_points(page.text, "chart-visa")) == 1
    text = text_of(page)
    assert "Achilles tendon" in text and "Shin" in text
    assert "21 days" in text  # the Achilles episode's first day was 20 days ago
    assert "Relative rest and load management" in text
    assert "Not improving after 14 days: contact your physiotherapist." not in text
    assert "Improving: the pain is lower than at the start (2/10 against 4/10)." in text
    assert "the pain should be lower than at the start (5/10)" in text  # the shin's 21-day timer

    achilles = physio.browser.get(f"/athletes/{anna.id}/physio?region=achilles&months=3")
    assert [len(line.split()) for line in _points(achilles.text, "chart-pain")] == [3]
    assert 'data-region="shin"' not in achilles.text


def test_the_physio_page_is_for_those_who_see_symptoms_only(
    people: People, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com", display_name="Anna de Vries")
    coach = people.sign_in("coach@example.com", "coach")
    stranger = people.sign_in("other@example.com", "physio")
    linked(db_session, anna, coach, share=False)
    _weekly(db_session, anna, local_today() - timedelta(days=3), "achilles", 4)
    assert coach.browser.get(f"/athletes/{anna.id}/physio").status_code == 404
    assert stranger.browser.get(f"/athletes/{anna.id}/physio").status_code == 404
    assert "Symptoms over time" not in text_of(coach.browser.get(f"/athletes/{anna.id}"))
    own = anna.browser.get(f"/athletes/{anna.id}/physio")
    assert own.status_code == 200 and len(_points(own.text, "chart-pain")) == 1


def test_a_suspected_rupture_shows_when_rehabilitation_starts_in_dutch(
    people: People, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com", display_name="Anna de Vries", locale="nl")
    day = local_today() - timedelta(days=10)
    db_session.add(
        Checkin(
            athlete_id=anna.id,
            day=day,
            kind="red_flag",
            region="achilles",
            red_flags=["sudden_snap"],
        )
    )
    db_session.commit()
    text = text_of(anna.browser.get(f"/athletes/{anna.id}"))
    assert "Niet hardlopen: vermoedelijke ruptuur" in text
    assert "over 32 dagen" in text  # active rehabilitation after six weeks: day 42
