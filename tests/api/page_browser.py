"""A form-filling visitor for the server-rendered pages: keeps cookies, copies the CSRF field."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import httpx2 as httpx  # the test client's HTTP library
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.accounts.verification import make_token
from service.config import get_settings
from service.models import User

PASSWORD = "correct-horse-battery"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]*)"')


class PageBrowser:
    """Requests go out as a browser sends them: form-encoded, without following redirects."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.last: httpx.Response | None = None

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        self.last = self.client.get(path, follow_redirects=False, **kwargs)
        return self.last

    def csrf(self) -> str:
        assert self.last is not None, "open a page first"
        found = CSRF_FIELD.search(self.last.text)
        assert found, "the page has no form with a CSRF field"
        return unescape(found.group(1))

    def submit(self, path: str, data: dict[str, str], **kwargs: Any) -> httpx.Response:
        """Post ``data`` with the CSRF field of the page opened last."""
        body = {"csrf_token": self.csrf(), **data}
        self.last = self.client.post(path, data=body, follow_redirects=False, **kwargs)
        return self.last

    def sign_up(self, email: str, role: str = "athlete", **extra: str) -> httpx.Response:
        self.get("/sign-up")
        fields = {"email": email, "password": PASSWORD, "role": role, "display_name": "", **extra}
        return self.submit("/sign-up", fields)

    def confirm_and_sign_in(self, session: Session, email: str) -> httpx.Response:
        """Open the link of the verification email just sent to ``email``, confirm the address
        on its page and sign in, as a person who just signed up does."""
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None, f"no account made for {email}"
        self.get(f"/verify-email?token={make_token(get_settings(), user)}")
        token = re.search(r'name="token" value="([^"]+)"', self.last.text if self.last else "")
        assert token, "the verification page has no token field"
        confirmed = self.submit("/verify-email", {"token": unescape(token.group(1))})
        assert confirmed.status_code == 303, confirmed.text
        return self.sign_in(email)

    def sign_in(self, email: str, password: str = PASSWORD, next: str = "") -> httpx.Response:
        self.get("/sign-in")
        return self.submit("/sign-in", {"email": email, "password": password, "next": next})

    def sign_out(self) -> httpx.Response:
        self.get("/privacy")
        return self.submit("/sign-out", {})


def text_of(response: httpx.Response) -> str:
    """The page's visible words, tags removed and whitespace collapsed, for ``in`` checks."""
    without_tags = re.sub(r"<script.*?</script>|<[^>]+>", " ", response.text, flags=re.S)
    return " ".join(unescape(without_tags).split())
