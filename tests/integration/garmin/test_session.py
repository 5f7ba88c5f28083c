"""Reading activities, originals and resting heart rate through a session, with the real library."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest

from service.demo.fakes.corpus import corpus_path
from service.demo.fakes.garmin_accounts import (
    RECORDED_EMAIL,
    RECORDED_PASSWORD,
    ActivitySpec,
    synthesized_account,
)
from service.demo.fakes.garmin_api import ACTIVITY_LIST_PATH
from service.integrations.base import DailyWellness, Source, Sport
from service.integrations.garmin import GarminSession, NotFound

from .conftest import AMSTERDAM, RUNNER, RUNNER_PASSWORD, RUNNER_RESTING_HR, RUNNER_SPORTS

EXPECTED_SPORTS = [
    Sport.RUNNING,
    Sport.TRAIL_RUNNING,
    Sport.TREADMILL_RUNNING,
    Sport.TRACK_RUNNING,
    Sport.CYCLING,
    Sport.CYCLING,
    Sport.SWIMMING,
    Sport.STRENGTH,
    Sport.YOGA,
]


def test_listing_pages_through_the_range_until_an_empty_page(fake, tokens_for):
    first = datetime(2026, 3, 1, 6, 30, tzinfo=AMSTERDAM)
    specs = [ActivitySpec(start=first + timedelta(days=day)) for day in range(45)]
    fake.add_account(synthesized_account("pager@example.com", "pager-password", specs))
    blob = tokens_for("pager@example.com", "pager-password")
    fake.clear_requests()

    with GarminSession(blob, fake.endpoints) as session:
        activities = session.list_activities(date(2026, 3, 1), date(2026, 4, 14))

    assert [a.start_utc for a in activities] == [s.start.astimezone(UTC) for s in specs]
    pages = fake.requests_to(ACTIVITY_LIST_PATH)
    assert [page.query["start"] for page in pages] == [["0"], ["20"], ["40"], ["60"]]
    assert {
        (page.query["startDate"][0], page.query["endDate"][0], page.query["sortOrder"][0])
        for page in pages
    } == {("2026-03-01", "2026-04-14", "asc")}


@pytest.mark.parametrize(
    ("first", "last", "expected_ids"),
    [
        (date(2026, 3, 2), date(2026, 3, 3), [22000000001, 22000000002]),
        (date(2026, 3, 1), date(2026, 3, 1), [22000000000]),
        (date(2026, 2, 1), date(2026, 2, 28), []),
    ],
)
def test_the_date_range_is_the_local_start_day(fake, tokens_for, first, last, expected_ids):
    start = datetime(2026, 3, 1, 0, 30, tzinfo=AMSTERDAM)  # 23:30 UTC the day before
    specs = [ActivitySpec(start=start + timedelta(days=day)) for day in range(3)]
    fake.add_account(synthesized_account("early@example.com", "early-password", specs))

    with GarminSession(tokens_for("early@example.com", "early-password"), fake.endpoints) as s:
        activities = s.list_activities(first, last)

    assert [int(a.external_id) for a in activities] == expected_ids


def test_running_subtypes_and_other_sports_map_from_list_and_detail(fake, tokens_for):
    with GarminSession(tokens_for(RUNNER, RUNNER_PASSWORD), fake.endpoints) as session:
        listed = session.list_activities(date(2026, 6, 1), date(2026, 6, 30))
        detailed = [session.get_activity(a.external_id) for a in listed]

    assert [a.sport for a in listed] == EXPECTED_SPORTS
    assert [a.sport for a in detailed] == EXPECTED_SPORTS
    assert [a.distance_m for a in listed] == [distance for _, distance, _ in RUNNER_SPORTS]
    assert [a.duration_s for a in detailed] == [duration for *_, duration in RUNNER_SPORTS]
    assert {a.utc_offset_s for a in listed + detailed} == {7200}
    assert {a.timezone for a in listed} == {None}
    assert {a.timezone for a in detailed} == {"Europe/Amsterdam"}
    assert detailed[0].rpe == 5.0
    assert listed[0].start_utc == datetime(2026, 6, 1, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("activity_id", "sport", "zone", "name"),
    [
        ("21482825013", Sport.TRAIL_RUNNING, "America/Costa_Rica", "Cuajimalpa de Morelos - Base"),
        ("2958378924", Sport.RUNNING, "Europe/Paris", "Biel 🏛 Pavillon"),
    ],
)
def test_recorded_details_give_the_iana_zone(fake, tokens_for, activity_id, sport, zone, name):
    with GarminSession(tokens_for(RECORDED_EMAIL, RECORDED_PASSWORD), fake.endpoints) as session:
        activity = session.get_activity(activity_id)

    assert (activity.external_id, activity.sport, activity.timezone, activity.name) == (
        activity_id,
        sport,
        zone,
        name,
    )
    assert activity.source is Source.GARMIN


def test_recorded_list_pages_map_every_entry(fake, tokens_for):
    with GarminSession(tokens_for(RECORDED_EMAIL, RECORDED_PASSWORD), fake.endpoints) as session:
        activities = session.list_activities(date(2021, 1, 1), date(2026, 1, 31))

    assert [(a.external_id, a.sport) for a in activities] == [
        ("6585943400", Sport.RUNNING),
        ("6588349056", Sport.OTHER),
        ("6609987243", Sport.WALKING),
        ("21413444039", Sport.SWIMMING),
        ("21419635589", Sport.OTHER),
        ("21461718086", Sport.HIKING),
        ("21482825013", Sport.TRAIL_RUNNING),
    ]


def test_a_deleted_activity_is_not_found(fake, tokens_for):
    with (
        GarminSession(tokens_for(RECORDED_EMAIL, RECORDED_PASSWORD), fake.endpoints) as session,
        pytest.raises(NotFound),
    ):
        session.get_activity("12135235656")


def test_the_original_download_is_unzipped_to_its_fit_file(fake, tokens_for):
    recorded_zip = corpus_path("garmin", "download_files_activity_11998957007.zip")
    with zipfile.ZipFile(recorded_zip) as archive:
        recorded_fit = archive.read("11998957007_ACTIVITY.fit")

    with GarminSession(tokens_for(RECORDED_EMAIL, RECORDED_PASSWORD), fake.endpoints) as session:
        fit = session.download_original("11998957007")
        missing = session.download_original("21461718086")

    assert fit == recorded_fit
    assert missing is None


def test_a_synthesised_original_carries_the_chosen_fit(fake, tokens_for):
    with GarminSession(tokens_for(RUNNER, RUNNER_PASSWORD), fake.endpoints) as session:
        fit = session.download_original("30000000000")
        none = session.download_original("30000000001")

    assert fit == corpus_path("fit", "garmin-fenix5-run-2017-06-11.fit").read_bytes()
    assert none is None


def test_daily_wellness_reads_resting_heart_rate_per_day(fake, tokens_for):
    with GarminSession(tokens_for(RUNNER, RUNNER_PASSWORD), fake.endpoints) as session:
        days = session.daily_wellness(date(2026, 6, 10), date(2026, 6, 14))

    assert days == [
        DailyWellness(Source.GARMIN, day, resting_hr_bpm=RUNNER_RESTING_HR[day])
        for day in (date(2026, 6, 10) + timedelta(days=offset) for offset in range(5))
    ]
    requests = fake.requests_to("/userstats-service/wellness/daily/runner")
    assert [(r.query["fromDate"], r.query["untilDate"]) for r in requests] == [
        (["2026-06-10"], ["2026-06-14"])
    ]


def test_daily_wellness_of_the_recorded_account_comes_from_its_daily_heart_rate(fake, tokens_for):
    with GarminSession(tokens_for(RECORDED_EMAIL, RECORDED_PASSWORD), fake.endpoints) as session:
        days = session.daily_wellness(date(2026, 1, 1), date(2026, 1, 31))

    assert days == [DailyWellness(Source.GARMIN, date(2026, 1, 7), resting_hr_bpm=52.0)]


def test_long_wellness_ranges_are_asked_a_year_at_a_time(fake, tokens_for):
    with GarminSession(tokens_for(RUNNER, RUNNER_PASSWORD), fake.endpoints) as session:
        days = session.daily_wellness(date(2025, 1, 1), date(2026, 12, 31))

    assert len(days) == len(RUNNER_RESTING_HR)
    requests = fake.requests_to("/userstats-service/wellness/daily/")
    assert [(r.query["fromDate"][0], r.query["untilDate"][0]) for r in requests] == [
        ("2025-01-01", "2025-12-31"),
        ("2026-01-01", "2026-12-31"),
    ]


def test_a_reversed_range_is_a_caller_error(fake, tokens_for):
    with (
        GarminSession(tokens_for(RUNNER, RUNNER_PASSWORD), fake.endpoints) as session,
        pytest.raises(ValueError, match="after"),
    ):
        session.list_activities(date(2026, 6, 2), date(2026, 6, 1))
