"""The alerts inbox's filters (athlete, severity; kept in the page's links) and "mark all as
seen", which marks for the reader only the open warnings the filter shows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import FindingSeen
from tests.api.page_browser import text_of
from tests.api.page_people import People, Person, linked, people_of, stored_finding
from tests.api.test_pages_alerts import alert, rows


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


@pytest.fixture
def coach(people: People) -> Person:
    return people.sign_in("coach@example.com", "coach", display_name="Coach Kees")


def _athlete(people: People, db_session: Session, coach: Person, name: str) -> Person:
    athlete = people.sign_in(f"{name.lower()}@example.com", display_name=name)
    linked(db_session, athlete, coach, share=True)
    return athlete


def _warn(db_session: Session, athlete: Person, coach: Person, rule: str, severity: str) -> int:
    finding = stored_finding(db_session, athlete.id, rule, severity)
    alert(db_session, finding.id, coach, "email", "sent")
    return finding.id


def test_the_inbox_filters_by_athlete_and_severity_and_keeps_the_filter_in_its_links(
    people: People, coach: Person, db_session: Session
) -> None:
    anna = _athlete(people, db_session, coach, "Anna")
    bram = _athlete(people, db_session, coach, "Bram")
    _warn(db_session, anna, coach, "volume.session_spike", "warning")
    _warn(db_session, anna, coach, "volume.weekly_progression", "caution")
    _warn(db_session, bram, coach, "volume.session_spike", "warning")

    assert len(rows(coach.browser.get("/alerts").text)) == 3
    only_anna = coach.browser.get(f"/alerts?athlete={anna.id}")
    assert [("Anna" in row) for row in rows(only_anna.text)] == [True, True]
    assert "All (2)" in text_of(only_anna)
    assert f'href="/alerts?show=open&amp;athlete={anna.id}"' in only_anna.text

    warnings = coach.browser.get("/alerts?show=open&severity=warning")
    assert len(rows(warnings.text)) == 2
    assert all("caution" not in row for row in rows(warnings.text))
    assert 'href="/alerts?show=all&amp;severity=warning"' in warnings.text

    both = coach.browser.get(f"/alerts?athlete={bram.id}&severity=caution")
    assert rows(both.text) == [] and "No alerts match this filter." in text_of(both)
    # a filter by someone the reader has no alerts of, or a made-up severity, narrows nothing away
    assert len(rows(coach.browser.get("/alerts?athlete=abc&severity=awful").text)) == 3


def test_mark_all_as_seen_marks_only_what_the_filter_shows_and_only_for_the_reader(
    people: People, coach: Person, db_session: Session
) -> None:
    anna = _athlete(people, db_session, coach, "Anna")
    bram = _athlete(people, db_session, coach, "Bram")
    anna_spike = _warn(db_session, anna, coach, "volume.session_spike", "warning")
    anna_week = _warn(db_session, anna, coach, "volume.weekly_progression", "caution")
    bram_spike = _warn(db_session, bram, coach, "volume.session_spike", "warning")

    page = coach.browser.get(f"/alerts?athlete={anna.id}&severity=warning")
    assert "Mark the 1 warning shown as seen" in text_of(page)
    done = coach.browser.submit(
        "/alerts/seen", {"show": "all", "athlete": str(anna.id), "severity": "warning"}
    )
    assert done.status_code == 303
    assert (
        done.headers["location"]
        == f"/alerts?show=all&athlete={anna.id}&severity=warning&done=all_seen"
    )
    seen = db_session.execute(select(FindingSeen.finding_id, FindingSeen.user_id)).all()
    assert seen == [(anna_spike, coach.id)]

    coach.browser.get("/alerts")
    coach.browser.submit("/alerts/seen", {"show": "open"})
    marked = set(db_session.scalars(select(FindingSeen.finding_id)))
    assert marked == {anna_spike, anna_week, bram_spike}
    assert set(db_session.scalars(select(FindingSeen.user_id))) == {coach.id}  # not Anna's
    assert "Not seen yet (0)" in text_of(coach.browser.get("/alerts"))


def test_mark_all_as_seen_needs_the_csrf_token_and_refuses_other_fields(
    people: People, coach: Person, db_session: Session
) -> None:
    anna = _athlete(people, db_session, coach, "Anna")
    _warn(db_session, anna, coach, "volume.session_spike", "warning")
    coach.browser.get("/alerts")
    forged = coach.browser.client.post("/alerts/seen", data={"show": "all"})
    assert forged.status_code == 403
    extra = coach.browser.submit("/alerts/seen", {"finding_id": "1"})
    assert extra.status_code == 400
    assert db_session.scalars(select(FindingSeen)).all() == []


def test_seen_and_remind_me_later_from_a_filtered_inbox_return_to_the_same_filter(
    people: People, coach: Person, db_session: Session
) -> None:
    anna = _athlete(people, db_session, coach, "Anna")
    spike = _warn(db_session, anna, coach, "volume.session_spike", "warning")
    week = _warn(db_session, anna, coach, "volume.weekly_progression", "caution")
    page = coach.browser.get(f"/alerts?show=open&athlete={anna.id}&severity=warning")
    back = f"/alerts%3Fshow%3Dopen%26athlete%3D{anna.id}%26severity%3Dwarning"
    assert f"/findings/{spike}/acknowledge?back={back}" in page.text
    base = f"/athletes/{anna.id}/findings"
    seen = coach.browser.submit(f"{base}/{spike}/acknowledge?back={back}", {})
    wanted = f"/alerts?show=open&athlete={anna.id}&severity=warning"
    assert seen.headers["location"] == f"{wanted}&done=finding_seen"
    coach.browser.get(wanted)
    later = coach.browser.submit(f"{base}/{week}/snooze?back=/alerts?show=all", {"days": "1"})
    assert later.headers["location"] == "/alerts?show=all&done=finding_snoozed"
    coach.browser.get(wanted)
    elsewhere = coach.browser.submit(
        f"{base}/{week}/snooze?back=/alerts?x=https://evil", {"days": "1"}
    )
    assert elsewhere.headers["location"] == "/alerts?show=all&done=finding_snoozed"
