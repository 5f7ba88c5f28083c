"""The account page: the address and its confirmation, the password, signed-in browsers and API
tokens, each of which can be ended there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import ApiToken, User, WebSession
from tests.api.conftest import PASSWORD, Api
from tests.api.page_browser import text_of
from tests.api.page_people import People, Person, people_of


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


@pytest.fixture
def anna(people: People) -> Person:
    return people.sign_in("anna@example.com", display_name="Anna")


def _form_action(html: str, pattern: str) -> str:
    found = re.search(rf'action="({pattern})"', html)
    assert found, pattern
    return found.group(1)


def test_the_account_page_lists_sessions_and_tokens_and_ends_them(
    anna: Person, api: Api, db_session: Session
) -> None:
    api.token(anna.email)  # a program's token
    people_elsewhere = api.client.post(
        "/api/v1/auth/login", json={"email": anna.email, "password": PASSWORD}
    )
    assert people_elsewhere.status_code == 200
    page = anna.browser.get("/account")
    assert page.status_code == 200
    text = text_of(page)
    assert anna.email in text and "Confirmed." in text and "this browser" in text

    revoke = _form_action(page.text, r"/account/tokens/\d+/revoke")
    revoked = anna.browser.submit(revoke, {})
    assert (revoked.status_code, revoked.headers["location"]) == (
        303,
        "/account?done=token_revoked",
    )
    token_id = int(revoke.split("/")[3])
    assert db_session.get(ApiToken, token_id).revoked_at is not None

    end = _form_action(anna.browser.get("/account").text, r"/account/sessions/\d+/end")
    assert anna.browser.submit(end, {}).headers["location"] == "/account?done=session_ended"
    assert db_session.get(WebSession, int(end.split("/")[3])) is None
    assert anna.browser.get("/account").status_code == 200  # this browser is still signed in


def test_changing_the_password_signs_out_everywhere(
    anna: Person, api: Api, db_session: Session
) -> None:
    headers = api.token(anna.email)
    anna.browser.get("/account")
    wrong = anna.browser.submit("/account/password", {"current": "not-it-at-all", "new": "x" * 12})
    assert wrong.status_code == 401
    assert "The current password is wrong. Nothing is changed." in text_of(wrong)
    anna.browser.get("/account")
    common = anna.browser.submit("/account/password", {"current": PASSWORD, "new": "1234567890"})
    assert "This password is too common. Choose another one." in text_of(common)

    anna.browser.get("/account")
    changed = anna.browser.submit(
        "/account/password", {"current": PASSWORD, "new": "a brand new phrase"}
    )
    assert (changed.status_code, changed.headers["location"]) == (
        303,
        "/sign-in?done=password_changed",
    )
    assert api.client.get("/api/v1/me", headers=headers).status_code == 401
    assert anna.browser.get("/account").status_code in (303, 401)
    assert anna.browser.sign_in(anna.email, "a brand new phrase").status_code == 303


def test_an_unconfirmed_address_is_shown_with_a_way_to_confirm_it(
    people: People, db_session: Session
) -> None:
    bert = people.sign_in("bert@example.com")
    user = db_session.scalar(select(User).where(User.email == bert.email))
    user.email_verified_at = None
    db_session.commit()
    page = bert.browser.get("/account")
    assert "Not confirmed yet." in text_of(page)
    sent = bert.browser.submit("/account/verification", {})
    assert sent.headers["location"] == "/account?done=verification_sent"
    assert "A new confirmation link is on its way" in text_of(
        bert.browser.get(sent.headers["location"])
    )
