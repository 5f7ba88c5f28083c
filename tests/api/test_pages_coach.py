"""The coach's extras: the roster's trend lines, body region and last check-in (only where the
athlete shares symptoms), and the team week view, in English and Dutch."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.athletes.access import AthleteAccess
from service.checkins.schemas import CheckinIn
from service.checkins.service import record_checkin
from service.metrics.service import recompute_metrics
from service.models import User
from tests.api.page_browser import PageBrowser, text_of
from tests.api.test_pages import link, user_id
from tests.integration.metrics.support import activity

TODAY = datetime.now(UTC).date()


def weekly_runs(db_session: Session, athlete: int, km: float) -> None:
    """A run of ``km`` a week for five weeks, the last two days ago, and the series."""
    start = datetime.now(UTC).replace(hour=7, minute=0, second=0, microsecond=0)
    items = [
        activity(f"w{athlete}-{ago}", start - timedelta(days=ago), distance_m=km * 1000)
        for ago in (30, 23, 16, 9, 2)
    ]
    ingest_activities(db_session, athlete, items)
    recompute_metrics(db_session, athlete, (start - timedelta(days=31)).date())


@pytest.fixture
def team(client: TestClient, api: Any, db_session: Session, sent_tasks: Any) -> dict[str, int]:
    """Zoe shares her symptoms with the coach, Bram does not; both run and check in."""
    api.signup(
        "coach@example.com", "coach", display_name="Carla Coach", locale="en", timezone="UTC"
    )
    coach = user_id(db_session, "coach@example.com")
    ids = {}
    for email, name, share, km in [
        ("zoe@example.com", "Zoe", True, 6.0),
        ("bram@example.com", "Bram", False, 11.0),
    ]:
        api.signup(email, display_name=name, timezone="UTC")
        athlete = user_id(db_session, email)
        link(db_session, athlete, coach, share=share)
        weekly_runs(db_session, athlete, km)
        person = db_session.get_one(User, athlete)
        answer = CheckinIn(
            kind="daily",
            date=TODAY - timedelta(days=1),
            region="heel_foot",
            morning_pain=3,
        )
        record_checkin(db_session, AthleteAccess(person, person, None), answer)
        db_session.commit()
        ids[name] = athlete
    return ids


@pytest.fixture
def browser(client: TestClient) -> PageBrowser:
    return PageBrowser(client)


def _row(html: str, name: str) -> str:
    found = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*>{name}<.*?</tr>", html, re.S)
    assert found, name
    return found[0]


def test_the_roster_draws_the_weeks_and_shows_region_and_check_in_only_where_shared(
    browser: PageBrowser, team: dict[str, int]
) -> None:
    browser.sign_in("coach@example.com")
    page = browser.get("/roster")
    zoe, bram = _row(page.text, "Zoe"), _row(page.text, "Bram")
    for row, km in ((zoe, "6"), (bram, "11")):
        spark = re.search(r'<svg class="spark spark-km"[^>]*aria-label="([^"]+)"', row)
        assert spark, row
        assert spark[1].startswith("Running per week over the last 8 full weeks, in km:")
        assert spark[1].count(km) >= 4 and "<polyline" in row
    assert 'class="spark spark-pain"' in zoe and "Latest problem: heel and foot" in zoe
    assert "Last check-in: yesterday" in zoe
    assert "spark-pain" not in bram and "heel" not in bram and "check-in" not in bram
    assert 'href="/roster/weeks"' in page.text


def test_the_team_week_view_lists_every_athletes_weeks_side_by_side(
    browser: PageBrowser, team: dict[str, int]
) -> None:
    browser.sign_in("coach@example.com")
    page = browser.get("/roster/weeks")
    assert page.status_code == 200
    text = text_of(page)
    assert "Team week view" in text and "this week so far" in text
    assert len(re.findall(r"<th scope=\"col\" class=\"num", page.text)) == 10  # 9 weeks, 7 days
    zoe = _row(page.text, "Zoe")
    assert len(re.findall(r">6\.0<", zoe)) >= 4  # one run a week
    assert "spark-km" in zoe

    def order(sort: str) -> list[str]:
        html = browser.get(f"/roster/weeks?sort={sort}").text
        return re.findall(r'class="athlete-name" href="/athletes/\d+">([^<]+)<', html)

    assert order("name") == ["Bram", "Zoe"]
    assert order("week") == ["Bram", "Zoe"]  # 11 km before 6 km
    assert order("nonsense") == order("risk")


def test_the_team_week_view_is_for_staff(browser: PageBrowser, team: dict[str, int]) -> None:
    browser.sign_in("zoe@example.com")
    answer = browser.get("/roster/weeks")
    assert answer.status_code == 303 and answer.headers["location"] == "/home"


def test_the_coachs_extras_speak_dutch(
    browser: PageBrowser, team: dict[str, int], db_session: Session
) -> None:
    coach = db_session.get_one(User, user_id(db_session, "coach@example.com"))
    coach.locale, coach.locale_chosen = "nl", True
    db_session.commit()
    browser.sign_in("coach@example.com")
    roster = text_of(browser.get("/roster"))
    assert "Laatste klacht: hiel en voet" in roster and "Laatste check-in: gisteren" in roster
    assert "Teamoverzicht per week" in roster
    weeks = browser.get("/roster/weeks")
    assert "Hardlopen per week, de afgelopen 8 volle weken, in km: " in weeks.text
    assert "deze week" in text_of(weeks) and "6,0" in _row(weeks.text, "Zoe")


def test_a_coach_without_athletes_is_told_how_they_come(browser: PageBrowser, api: Any) -> None:
    api.signup("new-coach@example.com", "coach", display_name="Nina Coach", locale="en")
    browser.sign_in("new-coach@example.com")
    for path in ("/roster", "/roster/weeks"):
        page = browser.get(path)
        assert page.status_code == 200
        assert "No athlete is linked to you yet" in page.text, path
        assert 'href="/invitations"' in page.text, path
