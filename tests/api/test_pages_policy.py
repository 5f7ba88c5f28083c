"""The advice-settings editor: every threshold with value, default, range, roles and evidence;
saving through the findings feature with its role rules and refusals shown next to the field;
the history of changes; read-only for the athlete."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import AthletePolicy, PolicyChange
from service.training.policy import describe_policy
from tests.api.page_browser import text_of
from tests.api.page_people import People, Person, form_values, linked, people_of

CEILING = "pain.during_or_after_run.ceiling"
WEEKLY = "volume.weekly_progression.caution_pct"
RATIO = "load.acwr_context.rolling_high"


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


@pytest.fixture
def anna(people: People) -> Person:
    return people.sign_in("anna@example.com", display_name="Anna")


@pytest.fixture
def physio(anna: Person, people: People, db_session: Session) -> Person:
    person = people.sign_in("physio@example.com", "physio", display_name="Pieter Physio")
    linked(db_session, anna, person, share=True)
    return person


@pytest.fixture
def coach(anna: Person, people: People, db_session: Session) -> Person:
    person = people.sign_in("coach@example.com", "coach", display_name="Carla Coach")
    linked(db_session, anna, person)
    return person


def save(person: Person, athlete: Person, changes: dict[str, str]) -> Any:
    path = f"/athletes/{athlete.id}/policy"
    page = person.browser.get(path)
    values = {name: value for name, value in form_values(page.text).items() if "." in name}
    return person.browser.submit(path, {**values, **changes})


def stored(db_session: Session, athlete: Person) -> dict[str, Any] | None:
    db_session.expire_all()
    row = db_session.get(AthletePolicy, athlete.id)
    return row.overrides if row else None


def test_every_threshold_is_shown_with_its_default_range_roles_and_evidence(
    anna: Person, physio: Person
) -> None:
    page = physio.browser.get(f"/athletes/{anna.id}/policy")
    assert page.status_code == 200
    names = {name for name in form_values(page.text) if "." in name}
    assert names == {f"{p['rule']}.{p['name']}" for p in describe_policy()}
    row = re.search(r'<tr>\s*<td>\s*<label for="f-pain-during-or-after-run-ceiling">(.*?)</tr>',
                    page.text, re.S)  # fmt: skip
    assert row is not None
    cells = " ".join(re.sub(r"<[^>]+>", " ", row.group(1)).split())
    assert "Pain ceiling during or after a run" in cells
    assert "Silbernagel" in cells  # the evidence note
    assert "3–5" in cells and "physiotherapist" in cells
    assert "Nothing changed yet" in text_of(page)


def test_a_physio_saves_a_change_and_it_is_logged(
    anna: Person, physio: Person, db_session: Session, sent_tasks: list[Any]
) -> None:
    response = save(physio, anna, {CEILING: "4"})
    assert response.headers["location"] == f"/athletes/{anna.id}/policy?done=policy_saved"
    assert stored(db_session, anna) == {"pain.during_or_after_run": {"ceiling": 4}}
    change = db_session.scalars(select(PolicyChange)).one()
    assert (change.changed_by_id, change.changed_by_role) == (physio.id, "physio")
    assert ("findings.evaluate", {"athlete_id": anna.id}) in sent_tasks
    history = text_of(physio.browser.get(response.headers["location"]))
    assert "The advice settings are saved" in history
    assert "Pieter Physio" in history and "Pain ceiling during or after a run: 5 → 4" in history


def test_a_coach_cannot_change_a_physios_threshold(
    anna: Person, coach: Person, db_session: Session
) -> None:
    page = coach.browser.get(f"/athletes/{anna.id}/policy")
    assert re.search(
        r'id="f-pain-during-or-after-run-ceiling" name="[^"]+"[^>]*readonly', page.text
    )
    refused = save(coach, anna, {CEILING: "4", WEEKLY: "15"})
    assert refused.status_code == 403
    message = re.search(r'id="f-pain-during-or-after-run-ceiling-error">([^<]+)<', refused.text)
    assert message is not None and message.group(1) == "Only a physiotherapist may change this."
    assert "Nothing is saved" in text_of(refused)
    assert stored(db_session, anna) is None


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (WEEKLY, "45", "Must be from 10 to 30 %, got 45"),
        (WEEKLY, "veel", "Enter a number."),
        ("volume.high_for_tendon_risk.history_days", "90,5", "Must be a whole number"),
    ],
)
def test_a_value_outside_its_range_is_named_next_to_its_field(
    anna: Person, coach: Person, db_session: Session, field: str, typed: str, message: str
) -> None:
    refused = save(coach, anna, {field: typed})
    assert refused.status_code == 422
    field_id = "f-" + field.replace(".", "-").replace("_", "-")
    shown = re.search(rf'id="{field_id}-error">([^<]+)<', refused.text)
    assert shown is not None and shown.group(1) == message
    assert f'value="{typed}"' in refused.text  # what was typed comes back
    assert stored(db_session, anna) is None


def test_a_dutch_decimal_comma_is_read(anna: Person, people: People, db_session: Session) -> None:
    coach = people.sign_in("coach@example.com", "coach", locale="nl")
    linked(db_session, anna, coach)
    assert save(coach, anna, {RATIO: "1,4", WEEKLY: "15"}).status_code == 303
    assert stored(db_session, anna) == {
        "load.acwr_context": {"rolling_high": 1.4},
        "volume.weekly_progression": {"caution_pct": 15},
    }
    page = coach.browser.get(f"/athletes/{anna.id}/policy")
    assert re.search(r'name="load.acwr_context.rolling_high"[^>]*value="1,4"', page.text)


def test_saving_without_a_change_stores_and_logs_nothing(
    anna: Person, physio: Person, db_session: Session
) -> None:
    response = save(physio, anna, {})
    assert response.headers["location"].endswith("done=policy_unchanged")
    assert db_session.scalars(select(PolicyChange)).all() == []


def test_the_athlete_reads_the_settings_and_cannot_post_them(
    anna: Person, physio: Person, db_session: Session, people: People
) -> None:
    save(physio, anna, {CEILING: "4"})
    page = anna.browser.get(f"/athletes/{anna.id}/policy")
    assert page.status_code == 200 and form_values(page.text, "pain.") == {}
    assert "Your advice settings" in text_of(page)
    assert re.search(r'id="f-pain-during-or-after-run-ceiling">4 pain 0–10<', page.text)
    refused = anna.browser.submit(f"/athletes/{anna.id}/policy", {CEILING: "3"})
    assert refused.status_code == 403
    stranger = people.sign_in("stranger@example.com", "physio")
    assert stranger.browser.get(f"/athletes/{anna.id}/policy").status_code == 404
    assert stored(db_session, anna) == {"pain.during_or_after_run": {"ceiling": 4}}
