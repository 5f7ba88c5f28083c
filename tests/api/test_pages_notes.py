"""Notes on the pages: a coach writes one on a warning, the athlete reads it with its author and
time, escaped; only its author deletes it; notes on days on the athlete page; Dutch texts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Note
from tests.api.page_browser import text_of
from tests.api.page_people import People, linked, people_of, stored_finding


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


def notes(html: str) -> list[str]:
    found = re.findall(r'<li class="note" data-note-id="\d+">(.*?)</li>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in found]


def test_a_coachs_note_on_a_warning_is_read_by_the_athlete_escaped_and_deleted_by_its_author(
    people: People, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com", display_name="Anna de Vries")
    coach = people.sign_in("coach@example.com", "coach", display_name="Carla Coach")
    linked(db_session, anna, coach, share=True)
    finding = stored_finding(db_session, anna.id, "volume.session_spike", "warning")
    page = f"/athletes/{anna.id}/findings/{finding.id}"

    coach.browser.get(page)
    text = "Keep Saturday easy <script>alert(1)</script>"
    saved = coach.browser.submit(
        f"/athletes/{anna.id}/notes", {"body": text, "finding_id": str(finding.id)}
    )
    assert saved.headers["location"] == f"{page}?done=note_saved#notes"

    seen = anna.browser.get(page)
    [note] = notes(seen.text)
    assert "Keep Saturday easy &lt;script&gt;alert(1)&lt;/script&gt;" in seen.text
    assert "<script>alert(1)" not in seen.text
    assert "Carla Coach (coach)" in note
    assert "Delete" not in note  # Anna did not write it

    row = db_session.scalars(select(Note)).one()
    anna.browser.get(page)
    refused = anna.browser.submit(
        f"/athletes/{anna.id}/notes/{row.id}/delete?back={finding.id}", {}
    )
    assert refused.headers["location"] == f"{page}?error=not_your_note#notes"
    assert "Only the person who wrote a note can delete it." in text_of(
        anna.browser.get(refused.headers["location"])
    )
    coach.browser.get(page)
    gone = coach.browser.submit(f"/athletes/{anna.id}/notes/{row.id}/delete?back={finding.id}", {})
    assert gone.headers["location"] == f"{page}?done=note_deleted#notes"
    assert notes(anna.browser.get(page).text) == []


def test_notes_on_days_on_the_athlete_page_and_a_too_long_note_is_refused(
    people: People, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com", display_name="Anna de Vries", locale="nl")
    page = f"/athletes/{anna.id}"
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    anna.browser.get(page)
    saved = anna.browser.submit(
        f"{page}/notes", {"body": "Kuit stijf na de intervallen", "day": yesterday}
    )
    assert saved.headers["location"] == f"{page}?done=note_saved#notes"
    shown = anna.browser.get(page)
    [note] = notes(shown.text)
    assert "Kuit stijf na de intervallen" in note and "Anna de Vries (hardloper)" in note
    assert "Notities per dag" in text_of(shown)

    too_long = anna.browser.submit(f"{page}/notes", {"body": "x" * 501, "day": yesterday})
    assert too_long.headers["location"] == f"{page}?error=note_too_long#notes"
    assert len(notes(anna.browser.get(page).text)) == 1
