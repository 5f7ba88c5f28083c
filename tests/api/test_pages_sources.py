"""The connections and notifications pages: Garmin with its MFA step, Fitbit, uploads, sync,
disconnect; channels, quiet hours and Apprise addresses."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.demo.fakes.corpus import corpus_path
from service.models import Activity, Connection, ConnectionState
from tests.api.page_browser import PageBrowser, text_of

FENIX5 = "garmin-fenix5-run-2017-06-11.fit"


@pytest.fixture
def athlete(client: TestClient, api: Any) -> PageBrowser:
    api.signup("anna@example.com", display_name="Anna de Vries")
    browser = PageBrowser(client)
    browser.sign_in("anna@example.com")
    return browser


def garmin(db_session: Session) -> Connection:
    return db_session.scalars(select(Connection).where(Connection.provider == "garmin")).one()


def test_connecting_garmin_queues_the_login_and_the_list_refreshes_itself(
    athlete: PageBrowser, db_session: Session, sent_tasks: list[Any]
) -> None:
    page = athlete.get("/connections")
    assert "No source connected yet." in text_of(page)
    assert "Fitbit" in text_of(page)  # not configured here: the page says what the operator must do

    response = athlete.submit(
        "/connections/garmin", {"email": "anna@garmin.example", "password": "garmin-secret"}
    )
    assert response.headers["location"] == "/connections"
    assert [name for name, _ids in sent_tasks] == ["connections.garmin_login"]
    assert "garmin-secret" not in repr(sent_tasks)
    listed = athlete.get("/connections")
    assert 'data-state="connecting"' in listed.text
    assert 'hx-get="/connections/sources" hx-trigger="every 3s"' in listed.text

    connection = garmin(db_session)
    connection.state = ConnectionState.OK
    db_session.commit()
    settled = athlete.get("/connections/sources")
    assert settled.text.lstrip().startswith('<section class="card" id="sources"')
    assert "hx-trigger" not in settled.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "", "password": "x"}, "Enter your Garmin Connect email address and password."),
        ({"email": "a@b.example", "password": ""}, "Enter your Garmin Connect email address"),
    ],
)
def test_an_incomplete_garmin_form_says_what_is_missing(
    athlete: PageBrowser, fields: dict[str, str], message: str
) -> None:
    athlete.get("/connections")
    response = athlete.submit("/connections/garmin", fields)
    assert response.status_code == 422 and message in text_of(response)


def test_the_mfa_step_asks_for_the_code_and_checks_it(
    athlete: PageBrowser, db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete.get("/connections")
    athlete.submit("/connections/garmin", {"email": "a@garmin.example", "password": "pw-123456"})
    connection = garmin(db_session)
    connection.state = ConnectionState.MFA_REQUIRED
    db_session.commit()

    page = athlete.get("/connections")
    assert 'action="/connections/garmin/mfa"' in page.text
    wrong = athlete.submit("/connections/garmin/mfa", {"code": "12ab"})
    assert wrong.status_code == 422 and "4 to 10 digits" in text_of(wrong)
    athlete.get("/connections")
    unexpected = athlete.submit("/connections/garmin/mfa", {"code": "123456"})
    assert unexpected.status_code == 409  # no MFA login is waiting for this code
    assert 'role="alert"' in unexpected.text


def test_sync_now_and_disconnect(
    athlete: PageBrowser, db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete.get("/connections")
    athlete.submit("/connections/garmin", {"email": "a@garmin.example", "password": "pw-123456"})
    connection = garmin(db_session)
    athlete.get("/connections")
    refused = athlete.submit(f"/connections/{connection.id}/sync", {})
    assert refused.status_code == 409  # still connecting: nothing to sync with yet

    connection.state = ConnectionState.NEEDS_REAUTH
    db_session.commit()
    page = athlete.get("/connections")
    assert "Connect again" in text_of(page)
    athlete.submit(f"/connections/{connection.id}/disconnect", {})
    db_session.refresh(connection)
    assert connection.state == ConnectionState.DISCONNECTED and connection.credentials is None
    assert "Connect Garmin" in text_of(athlete.get("/connections"))


def test_a_coach_has_no_connections_page(client: TestClient, api: Any) -> None:
    api.signup("coach@example.com", "coach")
    coach = PageBrowser(client)
    coach.sign_in("coach@example.com")
    assert coach.get("/connections").status_code == 403


def test_uploading_a_fit_file_stores_its_run_once(
    athlete: PageBrowser, db_session: Session, sent_tasks: list[Any]
) -> None:
    content = corpus_path("fit", FENIX5).read_bytes()
    for expected in ("1 new, 0 updated, 0 already stored", "0 new, 0 updated, 1 already stored"):
        athlete.get("/connections")
        response = athlete.client.post(
            "/connections/upload",
            data={"csrf_token": athlete.csrf()},
            files=[("files", (FENIX5, content, "application/octet-stream"))],
        )
        assert response.status_code == 200
        assert re.search(rf"{re.escape(FENIX5)} ?: {expected}", text_of(response))
    assert len(db_session.scalars(select(Activity)).all()) == 1


def test_a_gpx_without_a_sport_is_stored_with_a_guess_to_confirm(
    athlete: PageBrowser, db_session: Session, sent_tasks: list[Any]
) -> None:
    content = corpus_path("gpx_tcx", "gpxpy__around-visnjan-with-car.gpx").read_bytes()
    athlete.get("/connections")
    response = athlete.client.post(
        "/connections/upload",
        data={"csrf_token": athlete.csrf()},
        files=[("files", ("car.gpx", content, "application/gpx+xml"))],
    )

    assert response.status_code == 200
    assert "1 without a named sport: the sport was guessed from the speed" in text_of(response)
    (stored,) = db_session.scalars(select(Activity)).all()
    assert (stored.sport, stored.sport_to_confirm) == ("other", True)


def test_an_unreadable_file_stores_nothing_and_says_why(
    athlete: PageBrowser, db_session: Session
) -> None:
    athlete.get("/connections")
    response = athlete.client.post(
        "/connections/upload",
        data={"csrf_token": athlete.csrf()},
        files=[("files", ("notes.fit", b"this is not a FIT file", "application/octet-stream"))],
    )
    assert response.status_code == 422
    assert re.search(
        r"Nothing was stored: these files could not be read\. notes\.fit ?:", text_of(response)
    )
    assert db_session.scalars(select(Activity)).all() == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {
                "email": "true",
                "min_severity": "warning",
                "quiet_start": "22:00",
                "quiet_end": "07:00",
            },
            {
                "email": True,
                "push": False,
                "min_severity": "warning",
                "quiet_hours": {"start": "22:00:00", "end": "07:00:00"},
            },
        ),
        (
            {"apprise": "true", "min_severity": "info", "checkin_reminders": "true"},
            {
                "email": False,
                "apprise": True,
                "min_severity": "info",
                "quiet_hours": None,
                "checkin_reminders": True,
            },
        ),
    ],
)
def test_notification_settings_are_saved_as_the_api_reads_them(
    athlete: PageBrowser, fields: dict[str, str], expected: dict[str, Any]
) -> None:
    athlete.get("/notifications")
    saved = athlete.submit("/notifications", fields)
    assert saved.headers["location"] == "/notifications?done=notifications_saved"
    stored = athlete.client.get("/api/v1/me/notifications").json()
    assert {key: stored[key] for key in expected} == expected


@pytest.mark.parametrize(("start", "end"), [("22:00", ""), ("07:00", "07:00"), ("late", "07:00")])
def test_quiet_hours_need_two_different_times(athlete: PageBrowser, start: str, end: str) -> None:
    athlete.get("/notifications")
    response = athlete.submit("/notifications", {"quiet_start": start, "quiet_end": end})
    assert response.status_code == 422
    assert "Quiet hours need a start and a different end" in text_of(response)


def test_an_apprise_address_is_added_sealed_and_removed(athlete: PageBrowser) -> None:
    athlete.get("/notifications")
    bad = athlete.submit("/notifications/apprise", {"label": "x", "url": "not a url at all"})
    assert bad.status_code == 422 and "Apprise does not recognise this address" in text_of(bad)
    athlete.get("/notifications")
    added = athlete.submit(
        "/notifications/apprise", {"label": "phone", "url": "ntfy://ntfy.example/secret-topic"}
    )
    assert added.headers["location"] == "/notifications?done=apprise_added"
    page = athlete.get("/notifications")
    assert "phone" in text_of(page) and "secret-topic" not in page.text
    target = re.search(r'action="/notifications/apprise/(\d+)/remove"', page.text)[1]
    removed = athlete.submit(f"/notifications/apprise/{target}/remove", {})
    assert removed.headers["location"] == "/notifications?done=apprise_removed"
    assert athlete.client.get("/api/v1/me/apprise-targets").json() == []
