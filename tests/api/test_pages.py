"""Server-rendered pages through the TestClient: sign in and out, forms with CSRF, what each
page shows from stored data, who may open what, and errors as pages rather than JSON."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.accounts.verification import make_token
from service.activities.service import ingest_activities
from service.config import get_settings
from service.metrics.service import recompute_metrics
from service.models import CoachLink, LinkStatus, User
from tests.api.page_browser import PASSWORD, PageBrowser, text_of
from tests.integration.metrics.support import activity

SIGNED_IN_PAGES = ["/home", "/roster", "/athletes/1", "/invitations", "/privacy"]


@pytest.fixture
def browser(client: TestClient) -> PageBrowser:
    return PageBrowser(client)


@pytest.fixture
def other_browser(client: TestClient) -> Iterator[PageBrowser]:
    """A second person, with their own cookies, on the same application and transaction."""
    with TestClient(client.app, raise_server_exceptions=False, client=("10.200.0.2", 5000)) as c:
        yield PageBrowser(c)


def user_id(db_session: Session, email: str) -> int:
    return db_session.scalars(select(User.id).where(User.email == email)).one()


def link(db_session: Session, athlete: int, staff: int, share: bool = False) -> None:
    db_session.add(
        CoachLink(
            athlete_id=athlete,
            staff_id=staff,
            invited_by_id=athlete,
            status=LinkStatus.ACTIVE,
            share_symptoms=share,
            accepted_at=datetime.now(UTC),
        )
    )
    db_session.commit()  # a request that fails rolls back what is not committed


def runs(db_session: Session, athlete: int, km_by_days_ago: dict[int, float]) -> None:
    """Runs at 07:00 UTC (08:00 or 09:00 in Amsterdam) ``n`` days ago, then the series."""
    today = datetime.now(UTC).replace(hour=7, minute=0, second=0, microsecond=0)
    items = [
        activity(f"r{ago}", today - timedelta(days=ago), distance_m=km * 1000, duration_s=km * 330)
        for ago, km in km_by_days_ago.items()
    ]
    ingest_activities(db_session, athlete, items)
    recompute_metrics(db_session, athlete, (today - timedelta(days=60)).date())
    db_session.commit()  # a request that fails rolls back what is not committed


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_a_visitor_is_sent_to_sign_in_and_back(browser: PageBrowser, path: str) -> None:
    response = browser.get(path)
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert target.path == "/sign-in" and parse_qs(target.query)["next"] == [path]


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/no-such-page", 404, "text/html"),
        ("/api/v1/no-such-thing", 404, "application/json"),
        ("/api/v1/me", 401, "application/json"),
        ("/static/no-such-file.css", 404, "application/json"),
    ],
)
def test_errors_are_pages_on_pages_and_the_envelope_on_the_api(
    browser: PageBrowser, path: str, status: int, kind: str
) -> None:
    response = browser.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith(kind)
    if kind == "application/json":
        assert set(response.json()) == {"error", "detail"}
    else:
        assert "Something is not right" in text_of(response)


@pytest.mark.parametrize(("role", "home"), [("athlete", "/home"), ("coach", "/roster")])
def test_sign_up_confirms_the_address_then_lands_on_the_roles_start_page(
    browser: PageBrowser, db_session: Session, role: str, home: str
) -> None:
    email = f"{role}@example.com"
    response = browser.sign_up(email, role, timezone="Europe/Amsterdam")
    assert response.status_code == 200
    assert "Open the link in it to confirm" in text_of(response)
    user = db_session.scalar(select(User).where(User.email == email))
    assert user is not None and user.email_verified_at is None

    link = browser.get(f"/verify-email?token={make_token(get_settings(), user)}")
    assert "Confirm my email address" in text_of(link)
    confirmed = browser.submit("/verify-email", {"token": link_token(link.text)})
    assert (confirmed.status_code, confirmed.headers["location"]) == (
        303,
        "/sign-in?done=email_verified",
    )
    assert user.email_verified_at is not None
    signed_in = browser.sign_in(email)
    assert (signed_in.status_code, signed_in.headers["location"]) == (303, home)
    assert browser.get(home).status_code == 200


def link_token(html: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found
    return unescape(found.group(1))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"password": "short"}, "password", "Use 10 to 256 characters."),
        ({"timezone": "Mars/Olympus"}, "timezone", "Enter a time zone such as Europe/Amsterdam."),
        ({"role": "admin"}, "role", "Choose runner, coach or physiotherapist."),
    ],
)
def test_sign_up_shows_what_to_fix_next_to_the_field_and_creates_nothing(
    browser: PageBrowser, db_session: Session, fields: dict[str, str], field: str, message: str
) -> None:
    browser.get("/sign-up")
    data = {"email": "new@example.com", "password": PASSWORD, "role": "athlete", **fields}
    response = browser.submit("/sign-up", data)
    assert response.status_code == 422
    assert re.search(rf'id="f-{field}-error">{re.escape(message)}<', response.text)
    assert db_session.scalar(select(User).where(User.email == data["email"])) is None


def test_sign_up_with_a_taken_email_answers_like_a_free_one(browser: PageBrowser, api: Any) -> None:
    api.signup("taken@example.com")
    taken = browser.sign_up("taken@example.com")
    free = browser.sign_up("free@example.com")
    assert taken.status_code == free.status_code == 200
    assert text_of(taken).replace("taken@", "free@") == text_of(free)


@pytest.mark.parametrize(
    ("next_path", "lands_on"),
    [
        ("", "/home"),
        ("/privacy", "/privacy"),
        ("https://evil.example/steal", "/home"),
        ("//evil.example/steal", "/home"),
        ("/\\evil.example", "/home"),
    ],
)
def test_sign_in_continues_only_to_a_local_page(
    browser: PageBrowser, api: Any, next_path: str, lands_on: str
) -> None:
    api.signup("ann@example.com")
    response = browser.sign_in("ann@example.com", next=next_path)
    assert (response.status_code, response.headers["location"]) == (303, lands_on)


def test_a_wrong_password_is_refused_on_the_page(browser: PageBrowser, api: Any) -> None:
    api.signup("ann@example.com")
    response = browser.sign_in("ann@example.com", "wrong-password-here")
    assert response.status_code == 401
    assert "The email or the password is wrong." in text_of(response)
    assert browser.get("/home").status_code == 303


@pytest.mark.parametrize(
    ("token", "headers"),
    [
        (None, {}),
        ("forged-token-forged-token-forged-token-00", {}),
        ("(page)", {"origin": "https://evil.example"}),
    ],
)
def test_visitor_forms_need_the_pages_token_and_this_site(
    browser: PageBrowser, api: Any, token: str | None, headers: dict[str, str]
) -> None:
    api.signup("ann@example.com")
    browser.get("/sign-in")
    body = {"email": "ann@example.com", "password": PASSWORD}
    if token is not None:
        body["csrf_token"] = browser.csrf() if token == "(page)" else token
    response = browser.client.post("/sign-in", data=body, headers=headers, follow_redirects=False)
    assert response.status_code == 403
    assert "This form expired or came from another site." in text_of(response)


def test_signed_in_forms_need_the_sessions_csrf_token(browser: PageBrowser, api: Any) -> None:
    api.signup("ann@example.com")
    browser.sign_in("ann@example.com")
    refused = browser.client.post("/sign-out", data={}, follow_redirects=False)
    assert refused.status_code == 403
    assert browser.get("/home").status_code == 200


def test_sign_out_ends_the_session(browser: PageBrowser, api: Any) -> None:
    api.signup("ann@example.com")
    browser.sign_in("ann@example.com")
    response = browser.sign_out()
    assert response.headers["location"] == "/sign-in?done=signed_out"
    assert browser.get("/home").status_code == 303
    assert "You are signed out." in text_of(browser.get("/sign-in?done=signed_out"))


def _reset_link_sent_to(address: str) -> str:
    folder = get_settings().data_dir / "mail"
    for path in sorted(folder.glob("*.eml"), reverse=True):
        message = message_from_bytes(path.read_bytes())
        if message["To"] == address:
            body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
            found = re.search(r"http://testserver/reset-password\?token=\S+", body)
            assert found, body
            return found.group(0)
    raise AssertionError(f"no email to {address}")


def test_forgotten_password_reset_through_the_emailed_link(browser: PageBrowser, api: Any) -> None:
    api.signup("reset-me@example.com")
    browser.get("/forgot-password")
    answer = browser.submit("/forgot-password", {"email": "reset-me@example.com"})
    assert "a link to choose a new password is on its way" in text_of(answer)
    link_url = urlsplit(_reset_link_sent_to("reset-me@example.com"))
    browser.get(f"{link_url.path}?{link_url.query}")
    token = parse_qs(link_url.query)["token"][0]
    done = browser.submit("/reset-password", {"token": token, "password": "a-brand-new-password"})
    assert done.headers["location"] == "/sign-in?done=password_changed"
    assert browser.sign_in("reset-me@example.com", PASSWORD).status_code == 401
    assert browser.sign_in("reset-me@example.com", "a-brand-new-password").status_code == 303
    browser.get("/reset-password?token=" + token)
    again = browser.submit("/reset-password", {"token": token, "password": "another-password-1"})
    assert "This reset link is unknown, already used or expired." in text_of(again)


def test_forgot_password_answers_the_same_for_an_unknown_email(browser: PageBrowser) -> None:
    browser.get("/forgot-password")
    answer = browser.submit("/forgot-password", {"email": "nobody@example.com"})
    assert answer.status_code == 200
    assert "a link to choose a new password is on its way" in text_of(answer)


def test_home_without_training_says_so(browser: PageBrowser, api: Any) -> None:
    api.signup("ann@example.com")
    browser.sign_in("ann@example.com")
    assert "No training is stored for you yet." in text_of(browser.get("/home"))


def test_while_a_change_is_worked_in_the_pages_say_updating_instead_of_old_figures(
    browser: PageBrowser, api: Any, db_session: Session, sent_tasks: Any
) -> None:
    api.signup("ann@example.com", locale="nl")
    api.signup("coach@example.com", role="coach")
    ann, coach = user_id(db_session, "ann@example.com"), user_id(db_session, "coach@example.com")
    link(db_session, ann, coach)
    runs(db_session, ann, {3: 5.5, 1: 7.0})
    late = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0) - timedelta(days=2)
    ingest_activities(db_session, ann, [activity("late", late, distance_m=9000.0, duration_s=2900)])
    db_session.commit()  # the recompute it asked for has not run yet

    browser.sign_in("ann@example.com")
    home, own = text_of(browser.get("/home")), text_of(browser.get(f"/athletes/{ann}"))
    assert "Je laatste wijzigingen worden in je cijfers verwerkt." in home
    assert "12,5 km" not in home and "12,5 km" not in own  # the week before the late run
    assert "wordt bijgewerkt" in own
    browser.sign_out()
    browser.sign_in("coach@example.com")
    assert "updating" in text_of(browser.get("/roster"))
    assert "12.5 km" not in text_of(browser.get("/roster"))

    recompute_metrics(db_session, ann, late.date())
    db_session.commit()
    assert "21.5 km" in text_of(browser.get("/roster"))


def test_home_shows_the_week_and_the_longest_run_guard_from_the_series(
    browser: PageBrowser, api: Any, db_session: Session, sent_tasks: Any
) -> None:
    api.signup("ann@example.com", locale="nl")
    runs(db_session, user_id(db_session, "ann@example.com"), {20: 12.0, 10: 8.0, 3: 5.5, 1: 7.0})
    browser.sign_in("ann@example.com")
    page = text_of(browser.get("/home"))
    assert "12,5 km" in page  # 5.5 + 7.0 in the last seven days, with a Dutch decimal comma
    assert "13,2 km" in page  # 1.1 × the longest run of the 30 days before today (12 km)
