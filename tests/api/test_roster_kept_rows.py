"""The roster keeps each row's markup between views (``dashboard.roster_rows``); every change a
row shows still shows on the very next view: a new finding, a check-in, a finding marked as seen
by this coach (and not by another), a change in sharing, another language and a new day. One
coach's kept row is never another's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jinja2 import Template
from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.athletes import status as athlete_status
from service.athletes.access import AthleteAccess
from service.athletes.status_cache import Kept
from service.checkins.schemas import CheckinIn
from service.checkins.service import record_checkin
from service.dashboard import roster_rows
from service.dashboard import service as dashboard_service
from service.findings.evaluation import evaluate_athlete
from service.models import CoachLink, Finding, User
from tests.api.page_browser import PageBrowser
from tests.api.test_pages import link, user_id
from tests.api.test_pages_coach import weekly_runs

TODAY = datetime.now(UTC).date()


@pytest.fixture
def team(client: TestClient, api: Any, db_session: Session, sent_tasks: Any) -> dict[str, int]:
    """Carla and Otto coach Zoe, who shares her symptoms with Carla only; Bram, coached by
    Carla alone, shares nothing. Both run and checked in yesterday."""
    for email, name in (("carla@example.com", "Carla"), ("otto@example.com", "Otto")):
        api.signup(email, "coach", display_name=name, locale="en", timezone="UTC")
    carla, otto = user_id(db_session, "carla@example.com"), user_id(db_session, "otto@example.com")
    ids = {"Carla": carla, "Otto": otto}
    for email, name, km in (("zoe@example.com", "Zoe", 6.0), ("bram@example.com", "Bram", 11.0)):
        api.signup(email, display_name=name, timezone="UTC")
        athlete = user_id(db_session, email)
        link(db_session, athlete, carla, share=name == "Zoe")
        if name == "Zoe":
            link(db_session, athlete, otto, share=False)
        weekly_runs(db_session, athlete, km)
        check_in(db_session, athlete, TODAY - timedelta(days=1), morning_pain=3)
        ids[name] = athlete
    return ids


def check_in(db_session: Session, athlete_id: int, day: Any, **answers: Any) -> None:
    person = db_session.get_one(User, athlete_id)
    answer = CheckinIn(kind="daily", date=day, region="heel_foot", **answers)
    record_checkin(db_session, AthleteAccess(person, person, None), answer)
    db_session.commit()


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """An empty cache of rows for this test; yields the athlete ids of the rows rendered."""
    monkeypatch.setattr(roster_rows, "KEPT", Kept[Any, str](roster_rows.KEPT_ROWS))
    rendered: list[int] = []
    render = Template.render

    def counting(self: Template, *args: Any, **values: Any) -> str:
        if self.name == roster_rows.ROW_TEMPLATE:
            rendered.append(values["row"].athlete_id)
        return render(self, *args, **values)

    monkeypatch.setattr(Template, "render", counting)
    return rendered


@pytest.fixture
def carla(client: TestClient, team: dict[str, int]) -> PageBrowser:
    browser = PageBrowser(client)
    browser.sign_in("carla@example.com")
    return browser


@pytest.fixture
def otto(client: TestClient, team: dict[str, int]) -> Iterator[PageBrowser]:
    """The second coach, with cookies of his own, on the same application and transaction."""
    with TestClient(client.app, raise_server_exceptions=False, client=("10.200.0.3", 5000)) as c:
        browser = PageBrowser(c)
        browser.sign_in("otto@example.com")
        yield browser


def row_of(browser: PageBrowser, athlete_id: int) -> str:
    page = browser.get("/roster")
    assert page.status_code == 200, page.text
    found = re.search(rf'<tr data-athlete-id="{athlete_id}">.*?</tr>', page.text, re.S)
    assert found, page.text
    return found[0]


def rows_of(browser: PageBrowser) -> str:
    page = browser.get("/roster")
    assert page.status_code == 200, page.text
    return "".join(re.findall(r"<tr data-athlete-id=.*?</tr>", page.text, re.S))


def test_an_unchanged_roster_renders_no_row_again_and_shows_the_same_rows(
    carla: PageBrowser, team: dict[str, int], kept: list[int]
) -> None:
    first = rows_of(carla)
    assert sorted(kept) == sorted([team["Zoe"], team["Bram"]])
    kept.clear()
    assert rows_of(carla) == first
    assert kept == []


def test_a_check_in_shows_at_once_and_only_its_row_is_rendered_again(
    carla: PageBrowser, team: dict[str, int], kept: list[int], db_session: Session
) -> None:
    zoe = row_of(carla, team["Zoe"])
    assert "Last check-in: yesterday" in zoe
    kept.clear()
    check_in(db_session, team["Zoe"], TODAY, morning_pain=8)
    zoe = row_of(carla, team["Zoe"])
    assert "Last check-in: today" in zoe
    assert "5.5" in zoe  # the mean of this week's highest pain: 3 yesterday, 8 today
    assert kept == [team["Zoe"]]


def red_flag_today(db_session: Session, athlete_id: int) -> Finding:
    """A reported Achilles snap and the rules' run over it; the finding the roster shows."""
    before = set(db_session.scalars(select(Finding.id).where(Finding.athlete_id == athlete_id)))
    athlete = db_session.get_one(User, athlete_id)
    flag = CheckinIn(kind="red_flag", date=TODAY, region="achilles", red_flags=["sudden_snap"])
    record_checkin(db_session, AthleteAccess(athlete, athlete, None), flag)
    evaluate_athlete(db_session, athlete_id)
    db_session.commit()
    new = db_session.scalars(
        select(Finding).where(Finding.athlete_id == athlete_id, Finding.id.not_in(before))
    ).all()
    assert new, "the red flag made no finding"
    rank = dashboard_service.SEVERITY_RANK
    return max(new, key=lambda f: (rank.get(f.severity, 0), f.day, f.id))


def test_a_new_finding_shows_at_once(
    carla: PageBrowser, team: dict[str, int], kept: list[int], db_session: Session
) -> None:
    assert "none" in row_of(carla, team["Zoe"])
    finding = red_flag_today(db_session, team["Zoe"])
    row = row_of(carla, team["Zoe"])
    assert f'title="{finding.rule}"' in row and "today" in row


def test_a_finding_marked_seen_leaves_that_coachs_row_and_not_the_other_coachs(
    carla: PageBrowser,
    otto: PageBrowser,
    team: dict[str, int],
    kept: list[int],
    db_session: Session,
) -> None:
    for link_row in db_session.scalars(
        select(CoachLink).where(CoachLink.athlete_id == team["Zoe"])
    ):
        link_row.share_symptoms = True  # both coaches see the red flag
    finding = red_flag_today(db_session, team["Zoe"])
    shown = f'title="{finding.rule}"'
    assert shown in row_of(carla, team["Zoe"]) and shown in row_of(otto, team["Zoe"])
    answer = carla.submit(f"/athletes/{team['Zoe']}/findings/{finding.id}/acknowledge", {})
    assert answer.status_code == 303, answer.text
    assert shown not in row_of(carla, team["Zoe"])
    assert shown in row_of(otto, team["Zoe"])


def test_a_change_in_sharing_shows_at_once_and_each_coach_sees_their_own_sharing(
    carla: PageBrowser,
    otto: PageBrowser,
    team: dict[str, int],
    kept: list[int],
    db_session: Session,
) -> None:
    assert "Last check-in: yesterday" in row_of(carla, team["Zoe"])
    assert "symptoms not shared" in row_of(otto, team["Zoe"])
    assert "Last check-in" not in row_of(otto, team["Zoe"])
    for link_row in db_session.scalars(
        select(CoachLink).where(CoachLink.athlete_id == team["Zoe"])
    ):
        link_row.share_symptoms = not link_row.share_symptoms
    db_session.commit()
    carla_row, otto_row = row_of(carla, team["Zoe"]), row_of(otto, team["Zoe"])
    assert "symptoms not shared" in carla_row and "Last check-in" not in carla_row
    assert "shares symptoms" in otto_row and "Last check-in: yesterday" in otto_row


def test_another_language_shows_at_once(
    carla: PageBrowser, team: dict[str, int], kept: list[int], db_session: Session
) -> None:
    assert "shares symptoms" in row_of(carla, team["Zoe"])
    coach = db_session.get_one(User, team["Carla"])
    coach.locale, coach.locale_chosen = "nl", True
    db_session.commit()
    zoe = row_of(carla, team["Zoe"])
    assert "deelt klachten" in zoe and "Laatste check-in: gisteren" in zoe


def test_a_new_day_moves_the_day_words_at_once(
    carla: PageBrowser, team: dict[str, int], kept: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "Last check-in: yesterday" in row_of(carla, team["Zoe"])
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    for module in (clock, dashboard_service, athlete_status):
        monkeypatch.setattr(module, "utcnow", lambda: tomorrow)
    zoe = row_of(carla, team["Zoe"])
    assert "Last check-in:" in zoe and "yesterday" not in zoe
    assert str((TODAY - timedelta(days=1)).day) in zoe
