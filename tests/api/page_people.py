"""People for the page tests: each signed in at their own browser (own cookies), on the test's
application and rolled-back transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from itertools import count
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.models import Finding
from tests.api.page_browser import PageBrowser
from tests.api.test_pages import link
from tests.support.clocks import local_today


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    browser: PageBrowser


class People:
    def __init__(self, client: TestClient, api: Any, stack: ExitStack) -> None:
        self.client = client
        self.api = api
        self.stack = stack
        self.addresses = count(10)

    def sign_in(self, email: str, role: str = "athlete", **extra: Any) -> Person:
        account = self.api.signup(email, role, **extra)
        address = f"10.201.0.{next(self.addresses)}"
        client = self.stack.enter_context(
            TestClient(self.client.app, raise_server_exceptions=False, client=(address, 5000))
        )
        browser = PageBrowser(client)
        signed_in = browser.sign_in(email)
        assert signed_in.status_code == 303, signed_in.text
        return Person(int(account["id"]), email, browser)


@contextmanager
def people_of(client: TestClient, api: Any) -> Iterator[People]:
    """For a ``people`` fixture: everyone's browser is closed at the end."""
    with ExitStack() as stack:
        yield People(client, api, stack)


def linked(db_session: Session, athlete: Person, staff: Person, share: bool = False) -> None:
    link(db_session, athlete.id, staff.id, share)


def stored_finding(
    db_session: Session,
    athlete: int,
    rule: str = "volume.session_spike",
    severity: str = "warning",
    values: dict[str, float] | None = None,
    days_ago: int = 1,
) -> Finding:
    day = local_today() - timedelta(days=days_ago)
    row = Finding(
        athlete_id=athlete,
        rule=rule,
        severity=severity,
        day=day,
        period_key=day,
        values=values or {},
        message_en=f"{rule} in English",
        message_nl=f"{rule} in het Nederlands",
        source="the source of " + rule,
    )
    db_session.add(row)
    db_session.commit()  # a request that fails rolls back what is not committed
    return row


class _FormReader(HTMLParser):
    """The values a browser would send from the inputs and selects of a page's forms."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name") or ""
        if tag == "input" and name and attributes.get("type") not in ("checkbox", "radio"):
            self.values.setdefault(name, attributes.get("value") or "")
        elif tag == "select" and "disabled" not in attributes:
            self._select = name or None
        elif tag == "option" and self._select and "selected" in attributes:
            self.values[self._select] = attributes.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_values(html: str, prefix: str = "") -> dict[str, str]:
    """Every named input and selected option whose name starts with ``prefix``."""
    reader = _FormReader()
    reader.feed(html)
    return {k: v for k, v in reader.values.items() if k.startswith(prefix) and k != "csrf_token"}
