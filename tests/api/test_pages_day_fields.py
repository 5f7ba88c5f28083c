"""Days in the dashboard's forms are written and read as the page's language writes them: a
Dutch page shows and reads dd-mm-jjjj, an English page the unambiguous yyyy-mm-dd; each field
says the format beside it, and a day that cannot be read is named next to its field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.dashboard.day_input import input_day, parse_day
from service.models import Checkin, Note
from tests.api.page_browser import text_of
from tests.api.page_people import People, people_of
from tests.api.test_pages_charts import today
from tests.api.test_pages_links import chart_config_of


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


def field(html: str, field_id: str) -> dict[str, str]:
    tag = re.search(rf'<input id="{field_id}"[^>]*>', html)
    assert tag, f"no field {field_id}"
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(0)))


def dutch(day: date) -> str:
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


@pytest.mark.parametrize(
    ("typed", "locale", "day"),
    [
        ("08-12-2026", "nl", date(2026, 12, 8)),
        ("8-12-2026", "nl", date(2026, 12, 8)),
        ("8/12/2026", "nl", date(2026, 12, 8)),
        (" 8.12.2026 ", "nl", date(2026, 12, 8)),
        ("2026-12-08", "nl", date(2026, 12, 8)),
        ("2026-12-08", "en", date(2026, 12, 8)),
        ("08-12-2026", "en", None),  # an English page does not guess day or month first
        ("31-02-2026", "nl", None),
        ("8-12-26", "nl", None),
        ("8/12-2026", "nl", None),
        ("", "nl", None),
    ],
)
def test_a_typed_day_is_read_as_the_page_writes_it(typed: str, locale: str, day: Any) -> None:
    assert parse_day(typed, locale) == day
    if day is not None:
        assert parse_day(input_day(day, locale), locale) == day


def test_the_chart_days_follow_the_pages_language(people: People) -> None:
    daan = people.sign_in("daan@example.com", display_name="Daan", locale="nl")
    page = daan.browser.get(f"/athletes/{daan.id}").text
    start = field(page, "f-start")
    assert start["type"] == "text" and start["placeholder"] == "dd-mm-jjjj"
    assert start["value"] == dutch(date.fromisoformat(chart_config_of_text(page)["start"]))
    assert "f-start-format" in start["aria-describedby"]
    assert 'id="f-start-format">dd-mm-jjjj<' in page

    first, last = today() - timedelta(days=30), today() - timedelta(days=2)
    chosen = daan.browser.get(f"/athletes/{daan.id}?start={dutch(first)}&end={dutch(last)}")
    config = chart_config_of(chosen)
    assert config["end"] == last.isoformat()
    assert config["start"] == (first - timedelta(days=first.weekday())).isoformat()

    wrong = daan.browser.get(f"/athletes/{daan.id}?start=31-02-2026&end={dutch(last)}")
    assert wrong.status_code == 200
    assert "Vul de dagen in als dd-mm-jjjj" in text_of(wrong)

    anna = people.sign_in("anna@example.com", display_name="Anna")
    english = field(anna.browser.get(f"/athletes/{anna.id}").text, "f-end")
    assert english["placeholder"] == "yyyy-mm-dd" and english["value"] == today().isoformat()


def chart_config_of_text(html: str) -> dict[str, Any]:
    class Page:
        text = html

    return chart_config_of(Page())


def test_a_note_on_a_day_takes_the_day_as_the_page_writes_it(
    people: People, db_session: Session
) -> None:
    daan = people.sign_in("daan@example.com", display_name="Daan", locale="nl")
    page = f"/athletes/{daan.id}"
    assert field(daan.browser.get(page).text, "f-note-day")["value"] == dutch(today())
    yesterday = today() - timedelta(days=1)
    saved = daan.browser.submit(f"{page}/notes", {"body": "Kuit stijf", "day": dutch(yesterday)})
    assert saved.headers["location"] == f"{page}?done=note_saved#notes"
    note = db_session.scalars(select(Note).where(Note.athlete_id == daan.id)).one()
    assert note.day == yesterday

    daan.browser.get(page)
    wrong = daan.browser.submit(f"{page}/notes", {"body": "Kuit stijf", "day": "2026-13-01"})
    assert wrong.headers["location"] == f"{page}?error=invalid_day#notes"
    assert "Vul de dag in als dd-mm-jjjj" in text_of(daan.browser.get(wrong.headers["location"]))


def test_a_check_in_day_is_read_as_the_page_writes_it(people: People, db_session: Session) -> None:
    daan = people.sign_in("daan@example.com", locale="nl", timezone="Europe/Amsterdam")
    form = daan.browser.get(f"/athletes/{daan.id}/checkins?kind=daily").text
    assert field(form, "f-date")["placeholder"] == "dd-mm-jjjj"
    assert field(form, "f-date")["value"] == dutch(today())
    day = today() - timedelta(days=3)
    fields = {
        "kind": "daily",
        "date": dutch(day),
        "region.new": "achilles",
        "morning_pain.new": "2",
    }
    daan.browser.submit(f"/athletes/{daan.id}/checkins", fields)
    db_session.expire_all()
    stored = db_session.scalars(select(Checkin).where(Checkin.athlete_id == daan.id)).all()
    assert [checkin.day for checkin in stored] == [day]

    daan.browser.get(f"/athletes/{daan.id}/checkins?kind=daily")
    wrong = daan.browser.submit(f"/athletes/{daan.id}/checkins", {**fields, "date": "12/31/2026"})
    message = re.search(r'id="f-date-error">([^<]*)<', wrong.text)
    assert message and message.group(1).startswith("Vul de dag in als dd-mm-jjjj")
    assert field(wrong.text, "f-date")["value"] == "12/31/2026"  # what was typed comes back
