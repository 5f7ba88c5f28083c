"""A finding's explanation page (the address of the alert emails): the rule in words with the
athlete's own thresholds, the named numbers, the message in the reader's language, source and
evidence, the next step; "seen" and "remind me later"; symptom findings only where shared; and
the athlete page's list and chart pins leading to it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.alerts.links import finding_url
from service.clock import utcnow
from service.config import get_settings
from service.models import Alert, AthletePolicy, Finding, FindingSeen
from service.models.notifications import FindingSnooze
from tests.api.page_browser import text_of
from tests.api.page_people import People, Person, linked, people_of, stored_finding

SPIKE = {"session_km": 19.5, "longest_30d_km": 14.0, "spike_pct": 39.29}


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


@pytest.fixture
def anna(people: People) -> Person:
    return people.sign_in("anna@example.com", display_name="Anna")


def test_the_alert_emails_link_opens_the_explanation(anna: Person, db_session: Session) -> None:
    finding = stored_finding(db_session, anna.id, values=SPIKE)
    page = anna.browser.get(urlsplit(finding_url(get_settings(), anna.id, finding.id)).path)
    assert page.status_code == 200
    text = text_of(page)
    for shown in (
        "Run much longer than the 30-day longest",  # the rule's name
        "volume.session_spike in English",  # the message in the reader's language
        "Caution above +10 %, warning above +30 %",  # the rule in words, default thresholds
        "Longest run of the 30 days before (km) 14",  # the numbers, named
        "Longer than that by +39 %",
        "Keep the next long runs at about the 30-day longest",  # the next step
        "Frandsen",  # the evidence note of the rule's settings
    ):
        assert shown in text, shown
    assert "the source of" not in text  # a source without words for people is for staff only
    assert "volume.session_spike" not in text.replace("volume.session_spike in English", "")
    assert "Mark as seen" in text and "Remind me later" in text


def test_a_dutch_reader_gets_dutch_words_and_numbers(people: People, db_session: Session) -> None:
    daan = people.sign_in("daan@example.com", locale="nl")
    finding = stored_finding(db_session, daan.id, values=SPIKE)
    text = text_of(daan.browser.get(f"/athletes/{daan.id}/findings/{finding.id}"))
    assert "volume.session_spike in het Nederlands" in text
    assert "Langste loop van de dag (km) 19,5" in text
    assert "Wat kun je doen" in text


def test_the_rule_in_words_uses_the_athletes_own_thresholds(
    anna: Person, db_session: Session
) -> None:
    db_session.add(
        AthletePolicy(athlete_id=anna.id, overrides={"volume.session_spike": {"caution_pct": 15}})
    )
    finding = stored_finding(db_session, anna.id, values=SPIKE)
    text = text_of(anna.browser.get(f"/athletes/{anna.id}/findings/{finding.id}"))
    assert "Caution above +15 %, warning above +30 %" in text


def test_symptom_findings_only_for_those_who_may_see_symptoms(
    anna: Person, people: People, db_session: Session
) -> None:
    pain = stored_finding(db_session, anna.id, "pain.during_or_after_run", values={"pain_after": 7})
    load = stored_finding(db_session, anna.id, values=SPIKE)
    coach = people.sign_in("coach@example.com", "coach")
    physio = people.sign_in("physio@example.com", "physio")
    stranger = people.sign_in("stranger@example.com", "coach")
    linked(db_session, anna, coach, share=False)
    linked(db_session, anna, physio, share=True)
    expected = [
        (anna, pain, 200), (coach, pain, 404), (physio, pain, 200), (stranger, pain, 404),
        (coach, load, 200), (stranger, load, 404),
    ]  # fmt: skip
    for person, finding, status in expected:
        page = person.browser.get(f"/athletes/{anna.id}/findings/{finding.id}")
        assert page.status_code == status, (person.email, finding.rule)
    other = people.sign_in("ben@example.com")
    bens = stored_finding(db_session, other.id, values=SPIKE)
    assert anna.browser.get(f"/athletes/{anna.id}/findings/{bens.id}").status_code == 404


def test_marked_as_seen_from_the_explanation(
    anna: Person, people: People, db_session: Session
) -> None:
    finding = stored_finding(db_session, anna.id, values=SPIKE)
    physio = people.sign_in("physio@example.com", "physio", display_name="Pieter")
    linked(db_session, anna, physio, share=True)
    path = f"/athletes/{anna.id}/findings/{finding.id}"
    physio.browser.get(path)
    done = physio.browser.submit(f"{path}/acknowledge?back=finding", {})
    assert done.headers["location"] == f"{path}?done=finding_seen"
    db_session.refresh(finding)
    assert finding.acknowledged_by_id == physio.id
    assert "You marked this as seen on" in text_of(physio.browser.get(path))
    text = text_of(anna.browser.get(path))
    assert "Seen by Pieter on" in text
    assert "Mark as seen" in text  # seen by the physio, still open for Anna


def test_remind_me_later_reschedules_the_readers_alerts(anna: Person, db_session: Session) -> None:
    finding = stored_finding(db_session, anna.id, values=SPIKE)
    sent = Alert(finding_id=finding.id, recipient_id=anna.id, channel="email", status="sent")
    db_session.add(sent)
    db_session.commit()
    path = f"/athletes/{anna.id}/findings/{finding.id}"
    anna.browser.get(path)
    done = anna.browser.submit(f"{path}/snooze?back=finding", {"days": "3"})
    assert done.headers["location"] == f"{path}?done=finding_snoozed"
    db_session.expire_all()
    snooze = db_session.scalars(select(FindingSnooze)).one()
    assert abs(snooze.until - (utcnow() + timedelta(days=3))) < timedelta(minutes=1)
    alert = db_session.get(Alert, sent.id)
    assert alert is not None and (alert.status, alert.next_attempt_at) == ("pending", snooze.until)
    assert "You will be reminded again on" in text_of(anna.browser.get(path))


@pytest.mark.parametrize("days", ["0", "31", "soon"])
def test_a_snooze_outside_one_to_thirty_days_changes_nothing(
    anna: Person, db_session: Session, days: str
) -> None:
    finding = stored_finding(db_session, anna.id, values=SPIKE)
    path = f"/athletes/{anna.id}/findings/{finding.id}"
    anna.browser.get(path)
    refused = anna.browser.submit(f"{path}/snooze", {"days": days})
    assert refused.status_code == 422 and "text/html" in refused.headers["content-type"]
    assert db_session.scalars(select(FindingSnooze)).all() == []


def test_the_athlete_page_lists_open_warnings_first_and_pins_lead_to_them(
    anna: Person, db_session: Session
) -> None:
    seen = stored_finding(db_session, anna.id, "volume.weekly_progression", "caution", days_ago=2)
    db_session.add(FindingSeen(finding_id=seen.id, user_id=anna.id, seen_at=utcnow()))
    fresh = stored_finding(db_session, anna.id, values=SPIKE, days_ago=3)
    page = anna.browser.get(f"/athletes/{anna.id}")
    links = re.findall(
        rf'class="finding-title" href="(/athletes/{anna.id}/findings/\d+)"', page.text
    )
    assert links == [
        f"/athletes/{anna.id}/findings/{fresh.id}",
        f"/athletes/{anna.id}/findings/{seen.id}",
    ]
    assert "1 earlier or seen warning in this period" in text_of(page)
    config: dict[str, Any] = json.loads(
        re.search(r'id="chart-config">(.*?)</script>', page.text, re.S).group(1)
    )
    assert {m["id"]: m["url"] for m in config["findings"]} == {
        f.id: f"/athletes/{anna.id}/findings/{f.id}" for f in (seen, fresh)
    }
    for path in (f"/athletes/{anna.id}/checkins", f"/athletes/{anna.id}/plan",
                 f"/athletes/{anna.id}/policy"):  # fmt: skip
        assert f'href="{path}"' in page.text


def test_a_missing_finding_is_a_page_not_json(anna: Person, db_session: Session) -> None:
    page = anna.browser.get(f"/athletes/{anna.id}/findings/987654")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert db_session.scalars(select(Finding)).all() == []


def test_a_stranger_snoozes_nothing_and_a_huge_id_is_refused(
    anna: Person, people: People, db_session: Session
) -> None:
    finding = stored_finding(db_session, anna.id, values=SPIKE)
    stranger = people.sign_in("stranger@example.com", "coach")
    stranger.browser.get("/alerts")
    path = f"/athletes/{anna.id}/findings"
    assert stranger.browser.submit(f"{path}/{finding.id}/snooze", {"days": "2"}).status_code == 404
    stranger.browser.get("/alerts")  # a form token again: the error page has none
    assert stranger.browser.submit(f"{path}/{finding.id}/acknowledge", {}).status_code == 404
    anna.browser.get("/alerts")
    huge = anna.browser.submit(f"{path}/{2**31}/snooze", {"days": "2"})
    assert huge.status_code == 422
    db_session.refresh(finding)
    assert finding.acknowledged_at is None
    assert db_session.scalars(select(FindingSnooze)).all() == []
