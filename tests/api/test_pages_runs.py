"""The runs pages: the activity list (newest first, paged), the training calendar and a page per
activity, seen by the runner and by the staff the runner linked (anyone else gets 404); the
runner's race mark and sport correction; check-ins and symptom warnings only where shared; the
calendar's days in the athlete's own time zone across a change of summer time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.integrations.base import Sport
from service.metrics.queries import dirty_from
from service.metrics.service import recompute_metrics
from service.models import Activity, Checkin
from tests.api.page_browser import text_of
from tests.api.page_people import People, Person, linked, people_of, stored_finding
from tests.integration.metrics.support import activity
from tests.support.clocks import local_moment, local_today


@pytest.fixture
def people(client: TestClient, api: Any) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


@pytest.fixture
def anna(people: People) -> Person:
    return people.sign_in("anna@example.com", display_name="Anna")


def store_runs(db_session: Session, athlete: int, runs: dict[str, tuple[datetime, float]]) -> None:
    """Runs named ``ext`` starting at a moment with a distance in km, 5:30 per km."""
    items = [
        activity(ext, start, distance_m=km * 1000, duration_s=km * 330, avg_hr_bpm=150)
        for ext, (start, km) in runs.items()
    ]
    ingest_activities(db_session, athlete, items)
    db_session.commit()  # a request that fails rolls back what is not committed


def ids_by_ext(db_session: Session, athlete: int) -> dict[str, int]:
    rows = db_session.execute(
        select(Activity.external_id, Activity.id).where(Activity.athlete_id == athlete)
    )
    return {row.external_id: row.id for row in rows}


def days_ago(n: int, hour: int = 7) -> datetime:
    """``hour`` o'clock in Amsterdam ``n`` days before the runner's today, in UTC."""
    return local_moment(n, hour)


def cell(html: str, day: date) -> str:
    """The calendar cell of ``day``."""
    found = re.search(rf'data-day="{day.isoformat()}">(.*?)</td>', html, flags=re.S)
    assert found, f"no cell for {day}"
    return found.group(1)


def test_the_runner_sees_every_activity_newest_first_on_pages_of_thirty(
    anna: Person, db_session: Session
) -> None:
    store_runs(db_session, anna.id, {f"r{n}": (days_ago(n), 5 + n / 10) for n in range(1, 36)})
    first = anna.browser.get(f"/athletes/{anna.id}/activities")
    assert first.status_code == 200
    listed = re.findall(r'data-activity-id="(\d+)"', first.text)
    ids = ids_by_ext(db_session, anna.id)
    assert listed[:3] == [str(ids["r1"]), str(ids["r2"]), str(ids["r3"])]
    assert len(listed) == 30
    text = text_of(first)
    assert "Page 1 of 2" in text and "Older" in text
    for shown in ("Garmin Connect", "5.10 km", "28:03", "5:30 /km", "150 bpm"):
        assert shown in text, shown
    second = anna.browser.get(f"/athletes/{anna.id}/activities?page=2")
    assert re.findall(r'data-activity-id="(\d+)"', second.text) == [
        str(ids[f"r{n}"]) for n in range(31, 36)
    ]
    assert anna.browser.get(f"/athletes/{anna.id}/activities?page=0").status_code == 422


@pytest.mark.parametrize("path", ["activities", "calendar", "activities/{run}"])
def test_only_the_runner_and_linked_staff_open_the_runs_pages(
    people: People, db_session: Session, path: str
) -> None:
    anna = people.sign_in("anna@example.com")
    coach = people.sign_in("carla@example.com", "coach")
    other_coach = people.sign_in("otto@example.com", "coach")
    stranger = people.sign_in("sam@example.com")
    linked(db_session, anna, coach)
    store_runs(db_session, anna.id, {"r1": (days_ago(1), 10.0)})
    address = f"/athletes/{anna.id}/" + path.format(run=ids_by_ext(db_session, anna.id)["r1"])
    assert anna.browser.get(address).status_code == 200
    assert coach.browser.get(address).status_code == 200
    assert other_coach.browser.get(address).status_code == 404
    assert stranger.browser.get(address).status_code == 404


def test_an_activity_of_someone_else_is_not_found_on_ones_own_address(
    people: People, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com")
    ben = people.sign_in("ben@example.com")
    store_runs(db_session, anna.id, {"a1": (days_ago(1), 8.0)})
    store_runs(db_session, ben.id, {"b1": (days_ago(1), 10.0)})
    annas_run, bens_run = (
        ids_by_ext(db_session, anna.id)["a1"],
        ids_by_ext(db_session, ben.id)["b1"],
    )
    assert anna.browser.get(f"/athletes/{anna.id}/activities/{annas_run}").status_code == 200
    assert anna.browser.get(f"/athletes/{anna.id}/activities/{bens_run}").status_code == 404


def test_the_activity_page_shows_the_run_its_place_in_30_days_and_the_warnings_of_its_day(
    anna: Person, db_session: Session
) -> None:
    store_runs(
        db_session,
        anna.id,
        {"old": (days_ago(55), 30.0), "long": (days_ago(20), 16.0), "today": (days_ago(1), 13.12)},
    )
    spike = stored_finding(db_session, anna.id, "volume.session_spike", days_ago=1)
    run = ids_by_ext(db_session, anna.id)["today"]
    page = anna.browser.get(f"/athletes/{anna.id}/activities/{run}")
    text = text_of(page)
    for shown in (
        "Garmin Connect",
        "13.12 km",
        "1:12:10",  # 13.12 × 330 s
        "5:30 /km",
        "82 % of the longest run of the 30 days before (16.0 km)",  # the 30 km is 54 days before
        "Run much longer than the 30-day longest",
        "This was a race",
    ):
        assert shown in text, shown
    assert f"/athletes/{anna.id}/findings/{spike.id}" in page.text
    started = days_ago(1).astimezone(ZoneInfo("Europe/Amsterdam"))
    assert started.strftime("%H:%M") in text
    longest = ids_by_ext(db_session, anna.id)["long"]
    text = text_of(anna.browser.get(f"/athletes/{anna.id}/activities/{longest}"))
    assert "No run in the 30 days before this one" in text  # 30 km was 35 days before it


def test_a_run_longer_than_the_30_days_before_it_says_so(anna: Person, db_session: Session) -> None:
    store_runs(db_session, anna.id, {"a": (days_ago(10), 10.0), "b": (days_ago(2), 12.0)})
    run = ids_by_ext(db_session, anna.id)["b"]
    text = text_of(anna.browser.get(f"/athletes/{anna.id}/activities/{run}"))
    assert "The longest run of the last 30 days: 12.0 km, +20 %" in text


def test_the_runner_marks_a_race_and_corrects_the_sport_and_the_series_is_recomputed(
    anna: Person, db_session: Session, sent_tasks: list[Any]
) -> None:
    store_runs(db_session, anna.id, {"r1": (days_ago(3), 10.0)})
    run = ids_by_ext(db_session, anna.id)["r1"]
    # The import's recompute has run: a request made while one is queued merges into it
    recompute_metrics(db_session, anna.id, local_today() - timedelta(days=3))
    db_session.commit()
    address = f"/athletes/{anna.id}/activities/{run}"
    anna.browser.get(address)
    sent_tasks.clear()
    marked = anna.browser.submit(f"{address}/race?back=activity", {"race": "yes"})
    assert marked.status_code == 303 and marked.headers["location"] == f"{address}?done=race_saved"
    page = anna.browser.get(marked.headers["location"])
    assert "It was not a race" in text_of(page)
    corrected = anna.browser.submit(f"{address}/sport", {"sport": "trail_running"})
    assert corrected.headers["location"] == f"{address}?done=sport_saved"
    stored = db_session.get(Activity, run)
    assert stored is not None
    db_session.refresh(stored)
    assert stored.sport == Sport.TRAIL_RUNNING and stored.race_marked is True
    day = stored.local_date.isoformat()
    # one recompute from the run's day; the sport's correction merges into it while it is queued
    assert sent_tasks == [("metrics.recompute", {"athlete_id": anna.id, "from_date": day})]
    assert dirty_from(db_session, [anna.id]) == {anna.id: stored.local_date}
    assert "Trail run" in text_of(anna.browser.get(f"{address}?done=sport_saved"))
    refused = anna.browser.submit(f"{address}/sport", {"sport": "skating"})
    assert refused.headers["location"] == f"{address}?error=invalid_sport"


def test_linked_staff_read_an_activity_but_cannot_correct_it(
    people: People, db_session: Session
) -> None:
    anna = people.sign_in("anna@example.com")
    coach = people.sign_in("carla@example.com", "coach")
    linked(db_session, anna, coach)
    store_runs(db_session, anna.id, {"r1": (days_ago(3), 10.0)})
    address = f"/athletes/{anna.id}/activities/{ids_by_ext(db_session, anna.id)['r1']}"
    page = coach.browser.get(address)
    assert "This was a race" not in text_of(page) and "/sport" not in page.text
    assert coach.browser.submit(f"{address}/sport", {"sport": "cycling"}).status_code == 403


def _checkin(db_session: Session, athlete: int, day: date, pain: float) -> None:
    db_session.add(
        Checkin(athlete_id=athlete, day=day, kind="weekly", region="achilles", pain_week=pain)
    )
    db_session.commit()


@pytest.mark.parametrize("share", [True, False])
def test_the_calendar_shows_check_ins_and_symptom_warnings_only_where_shared(
    people: People, db_session: Session, share: bool
) -> None:
    anna = people.sign_in("anna@example.com")
    coach = people.sign_in("carla@example.com", "coach")
    linked(db_session, anna, coach, share=share)
    today = local_today("Europe/Amsterdam")
    yesterday = today - timedelta(days=1)
    store_runs(db_session, anna.id, {"r1": (days_ago(1, hour=10), 12.5)})
    _checkin(db_session, anna.id, yesterday, 4)
    stored_finding(db_session, anna.id, "volume.session_spike", days_ago=1)
    stored_finding(db_session, anna.id, "pain.weekly_trend", days_ago=1)
    month = f"?month={yesterday:%Y-%m}"
    own = cell(anna.browser.get(f"/athletes/{anna.id}/calendar{month}").text, yesterday)
    for shown in ("12.5 km", "1:08:45", "pain 4/10", "Weekly pain rising", "Run much longer"):
        assert shown in own, shown
    staff = cell(coach.browser.get(f"/athletes/{anna.id}/calendar{month}").text, yesterday)
    assert "12.5 km" in staff and "Run much longer" in staff
    assert ("pain 4/10" in staff) is share
    assert ("Weekly pain rising" in staff) is share


def test_the_calendar_puts_runs_on_the_athletes_local_day_across_summer_time(
    people: People, db_session: Session
) -> None:
    """Summer time starts in Amsterdam on Sunday 29 March 2026 at 02:00: half past midnight on
    either side of it is 23:30 UTC on Saturday and 22:30 UTC on Sunday."""
    anna = people.sign_in("anna@example.com")
    store_runs(
        db_session,
        anna.id,
        {
            "sunday": (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), 21.1),
            "monday": (datetime(2026, 3, 29, 22, 30, tzinfo=UTC), 5.0),
        },
    )
    html = anna.browser.get(f"/athletes/{anna.id}/calendar?month=2026-03").text
    assert "21.1 km" in cell(html, date(2026, 3, 29)) and "5.0 km" in cell(html, date(2026, 3, 30))
    rows = re.findall(r'<tr data-week="(\d+)">(.*?)</tr>', html, flags=re.S)
    assert [week for week, _ in rows] == ["9", "10", "11", "12", "13", "14"]
    week_13 = dict(rows)["13"]
    assert re.findall(r'data-day="([\d-]+)"', week_13)[0] == "2026-03-23"  # a Monday
    assert "21.1 km" in week_13.split("cal-total")[1]  # the week's running total
    assert "5.0 km" in dict(rows)["14"].split("cal-total")[1]
    assert "rest" in cell(html, date(2026, 3, 28))


def test_the_calendar_follows_the_athletes_own_time_zone(
    people: People, db_session: Session
) -> None:
    """In Auckland (UTC+13 in March) a run at 20:00 UTC on 1 March is on the morning of 2 March."""
    kiri = people.sign_in("kiri@example.com", timezone="Pacific/Auckland")
    store_runs(db_session, kiri.id, {"r": (datetime(2026, 3, 1, 20, 0, tzinfo=UTC), 8.0)})
    html = kiri.browser.get(f"/athletes/{kiri.id}/calendar?month=2026-03").text
    assert "8.0 km" in cell(html, date(2026, 3, 2))
    assert "8.0 km" not in cell(html, date(2026, 3, 1))
    run = ids_by_ext(db_session, kiri.id)["r"]
    assert "09:00" in text_of(kiri.browser.get(f"/athletes/{kiri.id}/activities/{run}"))


def test_the_menu_and_the_athlete_page_lead_to_the_runs(anna: Person) -> None:
    page = anna.browser.get(f"/athletes/{anna.id}")
    assert f'href="/athletes/{anna.id}/activities"' in page.text
    assert f'href="/athletes/{anna.id}/calendar"' in page.text
    home = anna.browser.get("/home")
    assert re.search(
        rf'<nav class="site-nav".*href="/athletes/{anna.id}/activities"', home.text, re.S
    )


def test_a_month_that_is_none_is_refused(anna: Person) -> None:
    assert anna.browser.get(f"/athletes/{anna.id}/calendar?month=2026-13").status_code == 422


def test_dutch_pages_speak_dutch(people: People, db_session: Session) -> None:
    daan = people.sign_in("daan@example.com", locale="nl")
    store_runs(db_session, daan.id, {"r": (days_ago(2), 10.5)})
    listed = text_of(daan.browser.get(f"/athletes/{daan.id}/activities"))
    assert "10,50 km" in listed and "Garmin Connect" in listed
    calendar = text_of(daan.browser.get(f"/athletes/{daan.id}/calendar"))
    assert "Trainingskalender" in calendar and "rust" in calendar
