"""What the athlete view tells its charts: the days they show (a period, or two chosen dates) and
why TRIMP has nothing to draw; the runner's own heart rates for TRIMP, checked before stored."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.clock import local_today
from service.models import AthleteProfile, AuditEntry
from tests.api.page_browser import PageBrowser, text_of
from tests.api.test_pages import link, runs, user_id
from tests.api.test_pages_links import athlete, chart_config_of, coach

__all__ = ["athlete", "coach"]


def today() -> date:
    return local_today("Europe/Amsterdam")  # the time zone people sign up with


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def test_the_charts_show_a_period_or_the_chosen_days_from_their_monday(
    athlete: PageBrowser, db_session: Session
) -> None:
    anna = user_id(db_session, "anna@example.com")
    for query, first in (
        ("", monday(today()) - timedelta(weeks=5)),
        ("?period=3m", monday(today()) - timedelta(weeks=12)),
        ("?period=season", monday(today()) - timedelta(weeks=51)),
        (f"?start={today() - timedelta(days=30)}&end={today()}", monday(today() - timedelta(30))),
    ):
        config = chart_config_of(athlete.get(f"/athletes/{anna}{query}"))
        assert (config["start"], config["end"]) == (first.isoformat(), today().isoformat()), query

    chosen = athlete.get(f"/athletes/{anna}?start=2026-03-04&end=2026-04-30")
    assert (chart_config_of(chosen)["start"], chart_config_of(chosen)["end"]) == (
        "2026-03-02",
        "2026-04-30",
    )
    later = athlete.get(f"/athletes/{anna}?start={today()}&end={today() + timedelta(days=9)}")
    assert chart_config_of(later)["end"] == today().isoformat()  # no days after today

    reversed_range = athlete.get(f"/athletes/{anna}?start=2026-04-30&end=2026-03-04")
    assert reversed_range.status_code == 200
    assert "The first day came after the last one" in text_of(reversed_range)
    assert (
        chart_config_of(reversed_range)["start"]
        == (monday(today()) - timedelta(weeks=5)).isoformat()
    )


def test_trimp_names_what_is_missing_and_the_runner_enters_heart_rates(
    athlete: PageBrowser, coach: PageBrowser, db_session: Session, sent_tasks: Any
) -> None:
    anna = user_id(db_session, "anna@example.com")
    runs(db_session, anna, {3: 8.0, 1: 10.0})  # runs without a heart rate
    link(db_session, anna, user_id(db_session, "coach@example.com"))
    seen_by_coach = chart_config_of(coach.get(f"/athletes/{anna}?measure=trimp"))
    assert "resting heart rate" in seen_by_coach["trimpNote"]
    assert "Anna de Vries" in seen_by_coach["trimpNote"]

    page = athlete.get(f"/athletes/{anna}?measure=trimp")
    assert "your resting heart rate" in chart_config_of(page)["trimpNote"]
    assert 'id="heart-rates"' in page.text
    assert chart_config_of(athlete.get(f"/athletes/{anna}"))["trimpNote"] is None

    for fields, error in (
        ({"sex": "female", "hr_rest_bpm": "130", "hr_max_bpm": "190"}, "invalid_heart_rates"),
        ({"sex": "", "hr_rest_bpm": "50", "hr_max_bpm": "190"}, "invalid_heart_rates"),
        ({"sex": "female", "hr_rest_bpm": "150", "hr_max_bpm": "140"}, "invalid_heart_rates"),
        ({"sex": "female", "hr_rest_bpm": "110", "hr_max_bpm": "105"}, "hr_rest_not_below_max"),
    ):
        athlete.get(f"/athletes/{anna}?measure=trimp")
        answer = athlete.submit(f"/athletes/{anna}/heart-rates", fields)
        assert answer.status_code == 303 and f"error={error}" in answer.headers["location"]
        db_session.expire_all()
        profile = db_session.get(AthleteProfile, anna)
        assert profile is None or profile.hr_rest_bpm is None, fields

    athlete.get(f"/athletes/{anna}?measure=trimp")
    saved = athlete.submit(
        f"/athletes/{anna}/heart-rates", {"sex": "female", "hr_rest_bpm": "50", "hr_max_bpm": "190"}
    )
    assert saved.status_code == 303 and "done=heart_rates_saved" in saved.headers["location"]
    db_session.expire_all()
    profile = db_session.get(AthleteProfile, anna)
    assert profile and (profile.sex, profile.hr_rest_bpm, profile.hr_max_bpm) == ("female", 50, 190)
    page = athlete.get(f"/athletes/{anna}?measure=trimp")
    assert chart_config_of(page)["trimpNote"].startswith("No activity in this period has a heart")
    assert 'id="heart-rates"' not in page.text
    assert "You entered the heart rates for TRIMP on" in text_of(page)


def test_a_linked_coach_enters_the_heart_rates_and_the_runner_sees_who_did(
    athlete: PageBrowser,
    coach: PageBrowser,
    client: TestClient,
    api: Any,
    db_session: Session,
    sent_tasks: Any,
) -> None:
    anna, carla = user_id(db_session, "anna@example.com"), user_id(db_session, "coach@example.com")
    runs(db_session, anna, {3: 8.0, 1: 10.0})
    link(db_session, anna, carla)
    page = coach.get(f"/athletes/{anna}?measure=trimp")
    assert 'id="heart-rates"' in page.text
    assert "Heart rates of Anna de Vries for TRIMP" in text_of(page)

    wrong = coach.submit(
        f"/athletes/{anna}/heart-rates", {"sex": "male", "hr_rest_bpm": "90", "hr_max_bpm": "80"}
    )
    assert "error=invalid_heart_rates" in wrong.headers["location"]  # a field out of its range
    coach.get(f"/athletes/{anna}?measure=trimp")
    saved = coach.submit(
        f"/athletes/{anna}/heart-rates", {"sex": "male", "hr_rest_bpm": "45", "hr_max_bpm": "195"}
    )
    assert saved.status_code == 303 and "done=heart_rates_saved" in saved.headers["location"]
    db_session.expire_all()
    profile = db_session.get(AthleteProfile, anna)
    assert profile and (profile.sex, profile.hr_rest_bpm, profile.hr_max_bpm) == ("male", 45, 195)
    assert profile.heart_rates_by_id == carla
    audited = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.athlete_id == anna, AuditEntry.action == "profile_change"
        )
    ).all()
    assert [(row.actor_id, row.resource) for row in audited] == [
        (carla, f"/athletes/{anna}/heart-rates")
    ]

    mine = text_of(athlete.get(f"/athletes/{anna}?measure=trimp"))
    assert "Carla Coach (coach) entered the heart rates for TRIMP on" in mine

    api.signup("other@example.com", "coach", display_name="Otto")
    with TestClient(client.app, raise_server_exceptions=False, client=("10.200.0.9", 5000)) as c:
        stranger = PageBrowser(c)
        stranger.sign_in("other@example.com")
        stranger.get("/privacy")
        refused = stranger.submit(
            f"/athletes/{anna}/heart-rates",
            {"sex": "female", "hr_rest_bpm": "60", "hr_max_bpm": "180"},
        )
    assert refused.status_code == 404
    db_session.expire_all()
    profile = db_session.get(AthleteProfile, anna)
    assert profile and (profile.sex, profile.heart_rates_by_id) == ("male", carla)
