"""The plan check page: the longest-run guard from the athlete's own policy, a planned session
run through the rules (nothing stored), messages next to the fields, and who may use it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import AthletePolicy, Finding
from tests.api.page_browser import text_of
from tests.api.page_people import People, Person, linked, people_of, stored_finding
from tests.api.test_pages import runs


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


@pytest.fixture
def anna(people: People, db_session: Session) -> Person:
    person = people.sign_in("anna@example.com", display_name="Anna")
    # 30 days of history: the spike rule is silent before 28 (DOMAIN §1.6.4)
    runs(db_session, person.id, {29: 5.0, 20: 8.0, 13: 10.0, 6: 9.0, 3: 8.0})
    return person


def check(person: Person, athlete: Person, **fields: str) -> Any:
    path = f"/athletes/{athlete.id}/plan"
    page = person.browser.get(path)
    today = re.search(r'name="date" type="date" value="([^"]+)"', page.text)
    assert today is not None
    data = {"date": today.group(1), "sport": "running", "duration_min": "60", **fields}
    response = person.browser.submit(path, data)
    assert response.status_code in (200, 422), response.text
    return response


def test_the_guard_is_the_longest_run_plus_the_caution_threshold(
    anna: Person, db_session: Session
) -> None:
    text = text_of(anna.browser.get(f"/athletes/{anna.id}/plan"))
    assert (
        "Today, a run up to 11.0 km stays within +10 % of your longest run of the last 30" in text
    )
    db_session.add(
        AthletePolicy(athlete_id=anna.id, overrides={"volume.session_spike": {"caution_pct": 20}})
    )
    db_session.commit()
    text = text_of(anna.browser.get(f"/athletes/{anna.id}/plan"))
    assert "Today, a run up to 12.0 km stays within +20 %" in text


@pytest.mark.parametrize(
    ("km", "expected"),
    [
        ("10,5", "10.5 km is +5 % on the longest run of the last 30 days (10.0 km)."),
        ("10,5", "No new warning for this session."),
        ("15", "Run much longer than the 30-day longest"),
        ("15", "That is above the guard: keep it at 11.0 km or less."),
        ("21", "Run much longer than the 30-day longest"),
    ],
)
def test_a_planned_run_shows_the_warnings_it_would_give_and_stores_nothing(
    anna: Person, db_session: Session, km: str, expected: str
) -> None:
    page = check(anna, anna, distance_km=km)
    assert expected in text_of(page)
    assert db_session.scalars(select(Finding)).all() == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"duration_min": ""}, "duration_min", "Enter how many minutes, more than 0."),
        ({"distance_km": "ver"}, "distance_km", "Enter a distance in km, or leave it empty."),
        ({"rpe": "12"}, "rpe", "Enter an effort from 0 to 10, or leave it empty."),
        ({"date": "2020-01-01"}, "date", "Enter a day from today up to eight weeks ahead."),
        ({"sport": "quidditch"}, "sport", "Choose a sport from the list."),
    ],
)
def test_a_plan_that_cannot_be_checked_says_which_field(
    anna: Person, fields: dict[str, str], field: str, message: str
) -> None:
    page = check(anna, anna, **{"distance_km": "8", **fields})
    assert page.status_code == 422
    shown = re.search(rf'id="f-{field}-error">([^<]+)<', page.text)
    assert shown is not None and shown.group(1) == message


def test_a_linked_coach_checks_a_plan_and_a_stranger_cannot(
    anna: Person, people: People, db_session: Session
) -> None:
    coach = people.sign_in("coach@example.com", "coach")
    linked(db_session, anna, coach)
    assert "Run much longer than the 30-day longest" in text_of(
        check(coach, anna, distance_km="16")
    )
    stranger = people.sign_in("stranger@example.com", "coach")
    assert stranger.browser.get(f"/athletes/{anna.id}/plan").status_code == 404


def test_a_warning_already_given_that_day_is_not_shown_as_new(
    anna: Person, db_session: Session
) -> None:
    answer = check(anna, anna, distance_km="5", sport="cycling")
    assert "No new warning for this session." in text_of(answer)
    anna.browser.get(f"/athletes/{anna.id}/checkins?kind=red_flag")
    reported = {"kind": "red_flag", "red_flags": "calf_warm_red_swollen"}
    assert anna.browser.submit(f"/athletes/{anna.id}/checkins", reported).status_code == 303
    stored_finding(db_session, anna.id, "red_flag.thrombosis", "urgent", days_ago=0)
    answer = check(anna, anna, distance_km="5", sport="cycling")
    assert "Possible thrombosis" not in text_of(answer)
    assert "km is" not in text_of(answer)  # a ride is not measured against the longest run
