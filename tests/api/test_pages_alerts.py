"""The alerts inbox: the reader's alerts by warning (athlete, severity, each channel's delivery,
seen or not), only warnings the reader may still see, and "seen" and "remind me later" from it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Alert, CoachLink
from service.models.notifications import FindingSnooze
from tests.api.page_browser import text_of
from tests.api.page_people import People, Person, linked, people_of, stored_finding

SENT_AT = datetime(2026, 3, 2, 13, 5, tzinfo=UTC)


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


@pytest.fixture
def anna(people: People) -> Person:
    return people.sign_in("anna@example.com", display_name="Anna de Vries")


def alert(db_session: Session, finding_id: int, person: Person, channel: str, status: str) -> None:
    sent_at = SENT_AT if status == "sent" else None
    db_session.add(
        Alert(
            finding_id=finding_id,
            recipient_id=person.id,
            channel=channel,
            status=status,
            sent_at=sent_at,
        )
    )
    db_session.commit()


def rows(html: str) -> list[str]:
    """The visible text of each warning in the inbox."""
    found = re.findall(r'<tr class="(?:unread|read)" data-finding-id="\d+">(.*?)</tr>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in found]


def test_the_inbox_lists_each_warning_with_its_deliveries(
    anna: Person, db_session: Session
) -> None:
    finding = stored_finding(db_session, anna.id, "red_flag.rupture", "urgent")
    alert(db_session, finding.id, anna, "email", "sent")
    alert(db_session, finding.id, anna, "push", "pending")
    page = anna.browser.get("/alerts")
    assert page.status_code == 200
    [row] = rows(page.text)
    assert "Possible tendon rupture" in row and "urgent" in row
    assert "Athlete" not in text_of(page)  # a runner's inbox holds only their own warnings
    assert "email : sent, Mar 2, 2026, 14:05" in row  # in Anna's zone, Amsterdam
    assert "Web Push : waiting to be sent" in row
    assert "not seen yet" in row
    assert "All (1)" in text_of(page) and "Not seen yet (1)" in text_of(page)


def test_a_coach_sees_only_warnings_they_may_still_see(
    anna: Person, people: People, db_session: Session
) -> None:
    coach = people.sign_in("coach@example.com", "coach")
    linked(db_session, anna, coach, share=True)
    load = stored_finding(db_session, anna.id, "volume.session_spike", "warning")
    pain = stored_finding(db_session, anna.id, "pain.during_or_after_run", "warning")
    for finding in (load, pain):
        alert(db_session, finding.id, coach, "email", "sent")
    assert len(rows(coach.browser.get("/alerts").text)) == 2

    link = db_session.scalars(select(CoachLink)).one()
    link.share_symptoms = False
    db_session.commit()
    [row] = rows(coach.browser.get("/alerts").text)
    assert "Run much longer than the 30-day longest" in row and "Anna de Vries" in row

    link.status = "revoked"
    db_session.commit()
    assert rows(coach.browser.get("/alerts").text) == []
    assert "No alerts yet" in text_of(coach.browser.get("/alerts"))


def test_seen_and_remind_me_later_from_the_inbox(anna: Person, db_session: Session) -> None:
    first = stored_finding(db_session, anna.id, "volume.session_spike", "warning")
    second = stored_finding(db_session, anna.id, "volume.weekly_progression", "caution")
    for finding in (first, second):
        alert(db_session, finding.id, anna, "email", "sent")
    anna.browser.get("/alerts")
    base = f"/athletes/{anna.id}/findings"
    seen = anna.browser.submit(f"{base}/{first.id}/acknowledge?back=/alerts", {})
    assert seen.headers["location"] == "/alerts?done=finding_seen"
    anna.browser.get("/alerts")
    later = anna.browser.submit(f"{base}/{second.id}/snooze?back=/alerts", {"days": "7"})
    assert later.headers["location"] == "/alerts?done=finding_snoozed"
    assert db_session.scalars(select(FindingSnooze.finding_id)).all() == [second.id]

    everything = rows(anna.browser.get("/alerts").text)
    assert ["seen" in row and "not seen yet" not in row for row in everything] == [False, True]
    waiting = rows(anna.browser.get("/alerts?show=open").text)
    assert len(waiting) == 1 and "Weekly distance rising fast" in waiting[0]


def test_an_empty_inbox_says_what_will_come(anna: Person) -> None:
    page = anna.browser.get("/alerts")
    assert "No alerts yet" in text_of(page)
    assert 'aria-current="page">Alerts<' in page.text
