"""Notes on a warning or a day: read and written by the athlete and linked staff only while the
link is active, a symptom warning's notes only while symptoms are shared, deleted only by their
author; bodies are length-limited, refuse extra fields and are shown escaped."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Note
from tests.security.world import TODAY, VICTIM_NOTE, World


def _notes(world: World) -> str:
    return f"/api/v1/athletes/{world.victim.id}/notes"


def _bodies(client: TestClient, world: World, who: str, **params: Any) -> list[str]:
    answer = client.get(_notes(world), headers=world.person(who).headers, params=params)
    assert answer.status_code == 200, answer.text
    return [note["body"] for note in answer.json()]


def test_another_coach_can_neither_read_write_nor_delete(
    client: TestClient, world: World, db_session: Session
) -> None:
    headers = world.other_coach.headers
    assert client.get(_notes(world), headers=headers).status_code == 404
    day = {"body": "hello", "day": TODAY.isoformat()}
    assert client.post(_notes(world), headers=headers, json=day).status_code == 404
    gone = client.delete(f"{_notes(world)}/{world.ids['coach_note']}", headers=headers)
    assert gone.status_code == 404 and VICTIM_NOTE not in gone.text
    # nor through their own athlete's path with the victim's note id
    own = f"/api/v1/athletes/{world.other_athlete.id}/notes/{world.ids['note']}"
    assert client.delete(own, headers=world.other_athlete.headers).status_code == 404
    assert db_session.scalars(select(Note.id).where(Note.id == world.ids["note"])).one()


def test_only_the_author_deletes_a_note(client: TestClient, world: World) -> None:
    victims = f"{_notes(world)}/{world.ids['note']}"
    coachs = f"{_notes(world)}/{world.ids['coach_note']}"
    refused = client.delete(victims, headers=world.coach.headers)
    assert (refused.status_code, refused.json()["error"]) == (403, "not_your_note")
    assert client.delete(coachs, headers=world.victim.headers).status_code == 403
    assert client.delete(coachs, headers=world.coach.headers).status_code == 204
    assert _bodies(client, world, "victim").count(VICTIM_NOTE) == 2


def test_symptom_warning_notes_only_while_symptoms_are_shared(
    client: TestClient, world: World
) -> None:
    assert _bodies(client, world, "victim").count(VICTIM_NOTE) == 3
    assert _bodies(client, world, "coach").count(VICTIM_NOTE) == 3
    assert _bodies(client, world, "blind_coach").count(VICTIM_NOTE) == 2  # not the symptom one
    symptom = world.ids["symptom_finding"]
    on_symptom = {"body": "seen it", "finding_id": symptom}
    headers = world.blind_coach.headers
    assert client.post(_notes(world), headers=headers, json=on_symptom).status_code == 404
    listed = client.get(_notes(world), headers=headers, params={"finding": symptom})
    assert listed.status_code == 404 and VICTIM_NOTE not in listed.text
    assert (
        client.post(_notes(world), headers=world.coach.headers, json=on_symptom).status_code == 201
    )


def test_after_the_athlete_revokes_the_link_the_coach_reads_nothing(
    client: TestClient, world: World
) -> None:
    written = client.post(
        _notes(world), headers=world.coach.headers, json={"body": "mine", "day": TODAY.isoformat()}
    )
    assert written.status_code == 201
    revoke = f"/api/v1/links/{world.ids['link']}/revoke"
    assert client.post(revoke, headers=world.victim.headers).status_code == 204
    assert client.get(_notes(world), headers=world.coach.headers).status_code == 404
    mine = f"{_notes(world)}/{written.json()['id']}"
    assert client.delete(mine, headers=world.coach.headers).status_code == 404
    assert "mine" in _bodies(client, world, "victim")  # the athlete keeps what was written


def test_extra_fields_too_long_and_future_notes_are_refused(
    client: TestClient, world: World, db_session: Session
) -> None:
    before = db_session.scalars(select(Note.id)).all()
    headers = world.coach.headers
    day = TODAY.isoformat()
    for body in (
        {"body": "x", "day": day, "author_id": world.victim.id},
        {"body": "x", "day": day, "athlete_id": world.other_athlete.id},
        {"body": "x" * 501, "day": day},
        {"body": "   ", "day": day},
        {"body": "x"},
        {"body": "x", "day": day, "finding_id": world.ids["finding"]},
        {"body": "x", "day": "2199-01-01"},
    ):
        answer = client.post(_notes(world), headers=headers, json=body)
        assert answer.status_code == 422, (body, answer.text)
    assert db_session.scalars(select(Note.id)).all() == before
    kept = client.post(_notes(world), headers=headers, json={"body": "x" * 500, "day": day})
    assert kept.status_code == 201
    assert kept.json()["author"]["id"] == world.coach.id and kept.json()["may_delete"] is True
