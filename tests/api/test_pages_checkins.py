"""The check-in pages: the address of the reminder emails, the four forms stored through the
check-ins feature, messages next to the field in the reader's language with nothing stored,
the OSTRC skip logic, red flags, correcting an earlier day, and who may see or post."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.alerts.reminders import reminder_message
from service.config import get_settings
from service.dashboard.checkin_form import read_submission
from service.dashboard.form_data import Fields
from service.models import Checkin, User
from service.models.notifications import Notice
from tests.api.page_browser import text_of
from tests.api.page_people import People, Person, linked, people_of
from tests.integration.metrics.support import activity

TODAY = date(2026, 3, 10)


def checkins_of(db_session: Session, athlete: int) -> list[Checkin]:
    db_session.expire_all()
    return list(db_session.scalars(select(Checkin).where(Checkin.athlete_id == athlete)))


def post(person: Person, fields: dict[str, str], kind: str) -> Any:
    person.browser.get(f"/athletes/{person.id}/checkins?kind={kind}")
    return person.browser.submit(f"/athletes/{person.id}/checkins", {"kind": kind, **fields})


def error_of(page: str, field_id: str) -> str:
    found = re.search(rf'id="{field_id}-error">([^<]*)<', page)
    assert found, f"no message for {field_id}"
    return found.group(1)


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


@pytest.fixture
def anna(people: People) -> Person:
    return people.sign_in("anna@example.com", display_name="Anna", timezone="Europe/Amsterdam")


def test_the_reminder_emails_link_leads_to_the_weekly_check_in(
    anna: Person, db_session: Session
) -> None:
    athlete = db_session.get(User, anna.id)
    assert athlete is not None
    notice = Notice(id=1, user_id=anna.id, kind="checkin_due", period_key="2026-W11")
    url = reminder_message(get_settings(), athlete, notice).url
    page = anna.browser.get(urlsplit(url).path)
    assert page.status_code == 200
    text = text_of(page)
    assert "Weekly check-in" in text and "Have you had any difficulties taking part" in text
    assert 'aria-current="page">Weekly check-in<' in page.text


def test_a_weekly_check_in_is_stored_and_evaluated(
    anna: Person, db_session: Session, sent_tasks: list[Any]
) -> None:
    fields = {"region.new": "achilles", "pain_week.new": "3"}
    fields |= {"ostrc_q1.new": "8", "ostrc_q2.new": "17", "ostrc_q3.new": "8", "ostrc_q4.new": "8"}
    response = post(anna, fields, "weekly")
    assert response.status_code == 303
    assert "done=checkin_saved" in response.headers["location"]
    [row] = checkins_of(db_session, anna.id)
    assert (row.kind, row.region, row.pain_week) == ("weekly", "achilles", 3)
    assert (row.ostrc, row.ostrc_severity) == ([8, 17, 8, 8], 41)
    assert ("findings.evaluate", {"athlete_id": anna.id}) in sent_tasks
    after = anna.browser.get(response.headers["location"])
    assert "Your check-in is saved" in text_of(after)
    assert 'name="pain_week.achilles"' in after.text  # the region now has its own block


@pytest.mark.parametrize(
    ("kind", "fields", "field_id", "message"),
    [
        ("daily", {"region.new": "achilles", "morning_pain.new": "11"}, "f-morning-pain-new",
         "Must be from 0 to 10, got 11"),
        ("daily", {"region.new": "achilles", "morning_pain.new": "veel"}, "f-morning-pain-new",
         "Enter a number."),
        ("daily", {"region.new": "", "morning_pain.new": "3"}, "f-region-new",
         "Choose the body region."),
        ("daily", {"region.new": "calf", "morning_stiffness_min.new": "2000"},
         "f-morning-stiffness-min-new", "Must be a number of minutes from 0 to 1440"),
        ("weekly", {"region.new": "shin", "ostrc_q2.new": "8"}, "f-ostrc-q1-new",
         "Answer this question first."),
        ("weekly", {"region.new": "shin", "ostrc_q1.new": "8"}, "f-ostrc-q2-new", "Is required"),
        ("weekly", {"region.new": "achilles", "visa_q1.new": "5"}, "f-visa-q2-new",
         "Answer every VISA-A question, or leave them all empty."),
        ("post_run", {"run": "", "date": "2999-01-01", "region.new": "knee_front",
                      "pain_after.new": "4"}, "f-date", "The day cannot be in the future."),
        ("red_flag", {"region": "calf"}, "f-red-flags", "Name at least one red flag"),
    ],
)  # fmt: skip
def test_a_wrong_answer_is_named_next_to_its_field_and_nothing_is_stored(
    anna: Person, db_session: Session, kind: str, fields: dict[str, str], field_id: str,
    message: str,
) -> None:  # fmt: skip
    response = post(anna, fields, kind)
    assert response.status_code == 422
    assert error_of(response.text, field_id) == message
    assert f'id="{field_id}"' in response.text and 'aria-invalid="true"' in response.text
    assert checkins_of(db_session, anna.id) == []


def test_one_bad_region_stores_none_of_the_form(anna: Person, db_session: Session) -> None:
    fields = {"morning_pain.achilles": "3", "region.new": "calf", "morning_pain.new": "12"}
    response = post(anna, fields, "daily")
    assert response.status_code == 422
    assert 'value="3"' in response.text  # what was typed stays in the form
    assert checkins_of(db_session, anna.id) == []
    assert "Nothing is saved yet" in text_of(response)


def test_an_empty_form_says_to_answer_for_a_region(anna: Person, db_session: Session) -> None:
    response = post(anna, {"region.new": "", "pain_during.new": ""}, "post_run")
    assert response.status_code == 422
    assert "Answer for at least one body region." in text_of(response)


def test_messages_are_in_the_readers_language(people: People, db_session: Session) -> None:
    daan = people.sign_in("daan@example.com", locale="nl")
    response = post(daan, {"region.new": "achilles", "morning_pain.new": "11"}, "daily")
    assert (
        error_of(response.text, "f-morning-pain-new") == "Moet van 0 tot en met 10 zijn, maar is 11"
    )
    response = post(daan, {"region.new": "", "morning_pain.new": "2"}, "daily")
    assert error_of(response.text, "f-region-new") == "Kies het lichaamsdeel."


@pytest.mark.parametrize(
    ("answers", "stored", "severity"),
    [
        (("0", "25", "8", "8"), [0, None, None, None], 0),  # Q1 = 0 skips the rest
        (("25", "8", "", "17"), [25, None, None, 17], 92),  # Q1 = 25 skips Q2 and Q3 (as 25)
        (("8", "17", "17", "0"), [8, 17, 17, 0], 42),
    ],
)
def test_the_ostrc_skip_logic_is_applied_on_saving(
    anna: Person, db_session: Session, answers: tuple[str, ...], stored: list[int | None],
    severity: int,
) -> None:  # fmt: skip
    fields = {f"ostrc_q{index}.new": value for index, value in enumerate(answers, 1)}
    fields["region.new"] = "knee_front"
    assert post(anna, fields, "weekly").status_code == 303
    [row] = checkins_of(db_session, anna.id)
    assert (row.ostrc, row.ostrc_severity) == (stored, severity)


def test_the_visa_a_items_are_scored(anna: Person, db_session: Session) -> None:
    items = dict(zip(("visa_q1", "visa_q2", "visa_q3", "visa_q4", "visa_q5", "visa_q6", "visa_q7"),
                     ("7", "6", "8", "9", "7", "8", "4"), strict=True))  # fmt: skip
    items |= {"visa_q8_branch": "B", "visa_q8_duration": "11-20"}
    fields = {"region.new": "achilles", **{f"{k}.new": v for k, v in items.items()}}
    assert post(anna, fields, "weekly").status_code == 303
    [row] = checkins_of(db_session, anna.id)
    assert row.visa_a == 59  # DOMAIN §8.3


def test_a_red_flag_says_seek_care_now(anna: Person, db_session: Session) -> None:
    fields = {"red_flags": "sudden_snap", "region": "achilles"}
    response = post(anna, fields, "red_flag")
    assert response.status_code == 303
    [row] = checkins_of(db_session, anna.id)
    assert (row.kind, row.red_flags, row.region) == ("red_flag", ["sudden_snap"], "achilles")
    page = anna.browser.get(response.headers["location"])
    assert re.search(r'id="seek-care" role="alert"><strong>Seek care now', page.text)
    assert "Your report is saved." in text_of(page)


def test_an_earlier_day_is_opened_with_its_answers_and_corrected(
    anna: Person, db_session: Session
) -> None:
    day = (datetime.now(UTC) - timedelta(days=3)).date().isoformat()
    fields = {"date": day, "region.new": "heel_foot", "morning_pain.new": "3"}
    assert post(anna, fields, "daily").status_code == 303
    opened = anna.browser.get(f"/athletes/{anna.id}/checkins?kind=daily&date={day}")
    assert re.search(r'name="morning_pain.heel_foot"[^>]*value="3"', opened.text)
    assert "correcting" in text_of(opened)
    fixed = {"date": day, "morning_pain.heel_foot": "1", "morning_stiffness_min.heel_foot": "5"}
    assert anna.browser.submit(f"/athletes/{anna.id}/checkins", {"kind": "daily", **fixed})
    [row] = checkins_of(db_session, anna.id)
    assert (row.day.isoformat(), row.morning_pain, row.morning_stiffness_min) == (day, 1, 5.0)


def test_a_post_run_check_in_belongs_to_a_recent_run(anna: Person, db_session: Session) -> None:
    start = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    ingest_activities(db_session, anna.id, [activity("run", start - timedelta(days=2))])
    db_session.commit()
    page = anna.browser.get(f"/athletes/{anna.id}/checkins?kind=post_run")
    run_day = (start - timedelta(days=2)).date().isoformat()
    assert re.search(rf'<option value="{run_day}" selected>', page.text)
    fields = {"run": run_day, "date": "", "region.new": "achilles", "pain_after.new": "6"}
    assert anna.browser.submit(f"/athletes/{anna.id}/checkins", {"kind": "post_run", **fields})
    [row] = checkins_of(db_session, anna.id)
    assert (row.day.isoformat(), row.kind, row.pain_after) == (run_day, "post_run", 6)


def test_staff_read_shared_check_ins_and_cannot_post_them(
    anna: Person, people: People, db_session: Session
) -> None:
    post(anna, {"region.new": "achilles", "morning_pain.new": "4"}, "daily")
    coach = people.sign_in("coach@example.com", "coach")
    stranger = people.sign_in("stranger@example.com", "coach")
    linked(db_session, anna, coach, share=False)
    path = f"/athletes/{anna.id}/checkins"
    assert "Anna does not share symptom check-ins with you" in text_of(coach.browser.get(path))
    assert coach.browser.get(path).status_code == 200
    assert stranger.browser.get(path).status_code == 404

    physio = people.sign_in("physio@example.com", "physio")
    linked(db_session, anna, physio, share=True)
    shared = physio.browser.get(path)
    assert "Achilles tendon" in text_of(shared) and "pain 4" in text_of(shared)
    refused = physio.browser.submit(path, {"kind": "daily", "morning_pain.new": "1"})
    assert refused.status_code == 403


def test_a_field_the_form_does_not_have_is_refused(anna: Person, db_session: Session) -> None:
    response = post(anna, {"region.new": "calf", "morning_pain.new": "2", "pain": "3"}, "daily")
    assert response.status_code == 400
    assert checkins_of(db_session, anna.id) == []


@given(st.text(alphabet="0123456789-.,e ", max_size=4))
def test_a_pain_answer_is_stored_exactly_or_refused_next_to_it(typed: str) -> None:
    fields = Fields({"region.new": ["calf"], "morning_pain.new": [typed]})
    submission = read_submission("daily", fields, "en", TODAY)
    if submission.entries:
        [entry] = submission.entries
        assert entry.morning_pain is not None and 0 <= entry.morning_pain <= 10
        assert entry.morning_pain == float(typed.strip().replace(",", "."))
    elif typed.strip():
        assert set(submission.errors) == {"morning_pain.new"}
    else:
        assert set(submission.errors) == {""}  # nothing answered at all
