"""A finding reads the way its reader needs it: the athlete reads the advice addressed to them
("Je meldde …"), a coach or physiotherapist reads it about the athlete by name ("Anna meldde …"),
on the finding's page, in the athlete page's list, on the chart's pins and in alert emails."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.alerts.alert_messages import _email_context
from service.config import get_settings
from service.findings import queries
from service.findings.evaluation import finding_values
from service.models import Finding, User
from service.training.findings import Finding as Advice
from service.training.findings import Severity
from service.training.messages import care_texts, render
from service.training.symptoms import Region
from tests.api.page_browser import text_of
from tests.api.page_people import People, linked, people_of, stored_finding
from tests.support.clocks import local_today


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


def fracture(db_session: Session, athlete_id: int) -> Finding:
    """A stored fracture red flag, worded by the rules as an evaluation stores it."""
    day = local_today() - timedelta(days=1)
    advice = Advice(
        rule="red_flag.fracture",
        severity=Severity.URGENT,
        date=day,
        region=Region.ANKLE,
        values={"cannot_bear_weight": 1},
        message=render(care_texts.FRACTURE, day_date=day, region_pain="ankle"),
        source="Dutch physiotherapy advice",
        period_key=day.isoformat(),
    )
    [finding] = queries.insert_findings_once(db_session, [finding_values(athlete_id, advice)])
    db_session.commit()
    return finding


def test_the_physio_reads_the_warning_about_the_athlete(
    people: People, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com", display_name="Anna", locale="nl")
    physio = people.sign_in("physio@example.com", "physio", display_name="Pieter", locale="nl")
    coach = people.sign_in("coach@example.com", "coach", display_name="Carla")
    linked(db_session, anna, physio, share=True)
    linked(db_session, anna, coach, share=True)
    finding = fracture(db_session, anna.id)
    path = f"/athletes/{anna.id}/findings/{finding.id}"

    own = text_of(anna.browser.get(path))
    assert "Je meldde op" in own and "dat je niet op je been kunt steunen" in own

    for page in (
        text_of(physio.browser.get(path)),
        text_of(physio.browser.get(f"/athletes/{anna.id}")),
    ):
        assert "Anna meldde op" in page
        assert "niet op het been te kunnen steunen vanwege pijn aan de enkel" in page
        assert "Je meldde" not in page and "je been" not in page
    assert "Advies aan Anna" in text_of(physio.browser.get(path))

    english = text_of(coach.browser.get(path))
    assert "Anna reported being unable to bear weight on the leg because of ankle pain" in english
    assert "you reported" not in english.lower()

    chart = physio.browser.get(f"/athletes/{anna.id}").text
    config = re.search(r'<script type="application/json" id="chart-config">(.*?)</script>', chart)
    assert config is not None
    pins = json.loads(config.group(1))["findings"]  # the pins on the chart
    assert [pin["message"][:14] for pin in pins] == ["Anna meldde op"]


def test_staff_read_an_older_finding_as_the_advice_the_athlete_received(
    people: People, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com", display_name="Anna")
    coach = people.sign_in("coach@example.com", "coach")
    linked(db_session, anna, coach)
    finding = stored_finding(db_session, anna.id, values={"session_km": 19.5})
    text = text_of(coach.browser.get(f"/athletes/{anna.id}/findings/{finding.id}"))
    assert "Advice Anna received: volume.session_spike in English" in text
    assert "Advice to Anna" in text  # the next step, as advice to her


def test_staff_alert_emails_word_the_warning_about_the_athlete(
    people: People, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com", display_name="Anna", locale="nl")
    physio = people.sign_in("physio@example.com", "physio", display_name="Pieter", locale="nl")
    linked(db_session, anna, physio, share=True)
    finding = fracture(db_session, anna.id)
    athlete, reader = db_session.get_one(User, anna.id), db_session.get_one(User, physio.id)
    staff = _email_context(get_settings(), finding, athlete, reader)
    assert staff["message"].startswith("Anna meldde op")
    own = _email_context(get_settings(), finding, athlete, athlete)
    assert own["message"].startswith("Je meldde op")


def test_the_findings_api_words_each_finding_for_its_reader(
    people: People, api: Any, client: TestClient, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com", display_name="Anna", locale="nl")
    physio = people.sign_in("physio@example.com", "physio", display_name="Pieter")
    linked(db_session, anna, physio, share=True)
    fracture(db_session, anna.id)
    path = f"/api/v1/athletes/{anna.id}/findings"

    [own] = client.get(path, headers=api.token(anna.email)).json()
    assert own["message"]["nl"].startswith("Je meldde op")

    [about] = client.get(path, headers=api.token(physio.email)).json()
    assert about["message"]["nl"].startswith("Anna meldde op")
    assert about["message"]["en"].startswith("On ") and "Anna reported" in about["message"]["en"]
    assert (
        "Je meldde" not in about["message"]["nl"] and "You reported" not in about["message"]["en"]
    )
