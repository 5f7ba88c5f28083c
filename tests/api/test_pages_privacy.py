"""Privacy additions: the export as CSV files in a ZIP (the same rows as the JSON), deleting the
account with the password through the erasure service, and the Fitbit consent ending on the
connections page instead of JSON."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.config import Settings, get_settings
from service.dashboard.csv_export import to_csv
from service.demo.fakes.google_health import FakeGoogleHealth
from service.models import Checkin, User
from tests.api.page_browser import PASSWORD, text_of
from tests.api.page_people import People, Person, linked, people_of
from tests.integration.sync.support import google_users, settings_for


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


@pytest.fixture
def google() -> Iterator[FakeGoogleHealth]:
    with FakeGoogleHealth(users=google_users()) as server:
        yield server


@pytest.fixture
def use_settings(client: TestClient) -> Any:
    def use(settings: Settings) -> Settings:
        client.app.dependency_overrides[get_settings] = lambda: settings  # type: ignore[attr-defined]
        return settings

    return use


@pytest.fixture
def anna(people: People) -> Person:
    return people.sign_in("anna@example.com", display_name="Anna")


def checked_in(anna: Person) -> None:
    anna.browser.get(f"/athletes/{anna.id}/checkins?kind=daily")
    fields = {"kind": "daily", "region.new": "achilles", "morning_pain.new": "2"}
    assert anna.browser.submit(f"/athletes/{anna.id}/checkins", fields).status_code == 303


def test_the_csv_export_holds_the_same_rows_as_the_json(anna: Person) -> None:
    checked_in(anna)
    as_json = json.loads(anna.browser.get("/privacy/export.json").content)
    response = anna.browser.get("/privacy/export.zip")
    assert response.headers["content-type"] == "application/zip"
    assert f"loadwatch-export-{anna.id}.zip" in response.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    tables = {
        name.removesuffix(".csv"): list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        for name in archive.namelist()
    }
    assert set(tables) == set(as_json)
    [account] = tables["account"]
    assert account["email"] == "anna@example.com"
    assert account["password_hash"] == "(stored, not exported)"
    [checkin] = tables["checkins"]
    assert (checkin["kind"], checkin["region"], checkin["morning_pain"]) == (
        "daily",
        "achilles",
        "2.0",
    )
    assert checkin["red_flags"] == "[]"  # a list is written as JSON in its cell
    for name, rows in as_json.items():
        if isinstance(rows, list):
            assert len(tables[name]) == len(rows), name


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["a", "b", "c"]),
            st.one_of(st.none(), st.integers(), st.text(max_size=8), st.lists(st.integers())),
        ),
        max_size=5,
    )
)
def test_every_row_and_column_reads_back(rows: list[dict[str, Any]]) -> None:
    read = list(csv.reader(io.StringIO(to_csv(rows))))
    header = read[0]
    assert set(header) == {key for row in rows for key in row}
    assert len(read) == len(rows) + 1
    for row, line in zip(rows, read[1:], strict=True):
        for column, cell in zip(header, line, strict=True):
            value = row.get(column)
            expected = (
                ""
                if value is None
                else json.dumps(value)
                if isinstance(value, list)
                else str(value)
            )
            assert cell == expected


def test_deleting_the_account_needs_the_password_and_erases_everything(
    anna: Person, people: People, db_session: Session
) -> None:
    checked_in(anna)
    coach = people.sign_in("coach@example.com", "coach")
    linked(db_session, anna, coach, share=True)
    page = anna.browser.get("/privacy/delete")
    assert "This deletes everything and cannot be undone." in text_of(page)

    wrong = anna.browser.submit("/privacy/delete", {"password": "not-my-password"})
    assert wrong.status_code == 403
    assert "The password is wrong. Nothing is deleted." in text_of(wrong)
    assert db_session.get(User, anna.id) is not None

    anna.browser.get("/privacy/delete")
    gone = anna.browser.submit("/privacy/delete", {"password": PASSWORD})
    assert gone.headers["location"] == "/sign-in?done=account_deleted"
    db_session.expire_all()
    assert db_session.get(User, anna.id) is None
    assert db_session.scalars(select(Checkin)).all() == []
    assert anna.browser.get("/home").status_code == 303  # signed out
    landing = anna.browser.get("/sign-in?done=account_deleted")
    assert "Your account and everything stored about you are deleted." in text_of(landing)
    assert "Anna" not in text_of(coach.browser.get("/roster"))


def test_the_privacy_page_offers_both_exports_and_deletion(anna: Person) -> None:
    page = anna.browser.get("/privacy")
    for path in ("/privacy/export.json", "/privacy/export.zip", "/privacy/delete"):
        assert f'href="{path}"' in page.text


def _consent(anna: Person) -> dict[str, list[str]]:
    anna.browser.get("/connections")
    to_google = anna.browser.submit("/connections/fitbit", {})
    assert to_google.status_code == 303
    consent = httpx.get(to_google.headers["location"])
    return parse_qs(urlsplit(consent.headers["location"]).query)


HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
CALLBACK = "/api/v1/connections/fitbit/callback"


def test_after_googles_consent_the_browser_lands_on_the_connections_page(
    anna: Person, google: Any, use_settings: Any
) -> None:
    use_settings(settings_for(google=google))
    back = _consent(anna)
    forged = anna.browser.get(CALLBACK, params={"code": back["code"][0], "state": "forged"},
                              headers=HTML)  # fmt: skip
    assert forged.headers["location"] == "/connections?error=oauth_state_mismatch"
    params = {"code": back["code"][0], "state": back["state"][0]}
    done = anna.browser.get(CALLBACK, params=params, headers=HTML)
    assert done.status_code == 303
    assert done.headers["location"] == "/connections?done=fitbit_connected"
    page = anna.browser.get(done.headers["location"])
    assert "Fitbit is connected" in text_of(page)
    assert 'data-provider="fitbit"' in page.text


def test_a_refused_consent_lands_on_the_connections_page_with_the_reason(
    anna: Person, google: Any, use_settings: Any
) -> None:
    use_settings(settings_for(google=google))
    back = _consent(anna)
    refused = anna.browser.get(
        CALLBACK, params={"state": back["state"][0], "error": "access_denied"}, headers=HTML
    )
    assert refused.headers["location"] == "/connections?error=fitbit_not_connected"
    text = text_of(anna.browser.get(refused.headers["location"]))
    assert "Fitbit is not connected" in text
    assert "You did not give loadwatch access to your Fitbit data" in text


def test_an_api_client_still_gets_json_from_the_callback(
    anna: Person, google: Any, use_settings: Any
) -> None:
    use_settings(settings_for(google=google))
    back = _consent(anna)
    params = {"code": back["code"][0], "state": back["state"][0]}
    answer = anna.browser.get(CALLBACK, params=params, headers={"accept": "application/json"})
    assert answer.status_code == 200 and answer.json()["state"] == "ok"
