"""Garmin JSON → ActivityData on every recorded payload of the corpus, plus invariants."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.demo.fakes.corpus import corpus_path
from service.integrations.base import RUNNING_SPORTS, DailyWellness, Source, Sport
from service.integrations.garmin_mapping import (
    UnmappableActivity,
    activity_from_detail,
    activity_from_list_entry,
    normalised_seconds,
    parse_garmin_time,
    resting_hr_days,
    sport_from_type,
)


def _corpus(name: str) -> Any:
    return json.loads(corpus_path("garmin", name).read_text(encoding="utf-8"))


def _list_entry(file: str, activity_id: int) -> dict[str, Any]:
    return next(entry for entry in _corpus(file) if entry["activityId"] == activity_id)


LIMIT3 = "activitylist_search_limit3_start0.json"
PAGE2 = "activitylist_search_limit2_start2.json"
PE_ST = "pe-st_activitylist_search_2021-04.json"

# file, id, sport, start (UTC), distance m, duration s, moving s, avg/max HR, offset s, load, label
LIST_CASES = [
    (LIMIT3, 21482825013, Sport.TRAIL_RUNNING, "2026-01-08T14:10:21", 4261.18994140625,
     2223.326904296875, 2216.0, 142.0, 162.0, -21600, 50.886444091796875, "AEROBIC_BASE"),
    (LIMIT3, 21461718086, Sport.HIKING, "2026-01-06T13:14:18", 3362.590087890625,
     2145.94189453125, 2114.0, 133.0, 157.0, -21600, 37.229766845703125, "AEROBIC_BASE"),
    (LIMIT3, 21419635589, Sport.OTHER, "2026-01-02T12:12:43", 3196.52001953125,
     3227.382080078125, 2681.0, 109.0, 153.0, -18000, 24.111572265625, "RECOVERY"),
    (PAGE2, 21413444039, Sport.SWIMMING, "2026-01-01T17:39:43", 263.32000732421875,
     387.5870056152344, 370.51100158691406, 131.0, 162.0, -18000, 37.67503356933594, "RECOVERY"),
    (PE_ST, 6609987243, Sport.WALKING, "2021-04-15T09:44:05", 3385.43994140625,
     2702.589111328125, 2335.0, 78.0, 104.0, 7200, None, None),
    (PE_ST, 6588349056, Sport.OTHER, "2021-04-11T09:50:49", 38351.40899467468,
     10226.370854377747, None, None, 175.0, 7200, None, None),
    (PE_ST, 6585943400, Sport.RUNNING, "2021-04-11T05:48:33", 7287.759765625,
     3459.342041015625, 3108.290008544922, 133.0, 188.0, 7200, None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("file", "activity_id", "sport", "start", "distance", "duration", "moving", "avg_hr",
     "max_hr", "offset", "load", "label"),
    LIST_CASES,
)  # fmt: skip
def test_list_entries_of_the_corpus_map_to_our_fields(
    file, activity_id, sport, start, distance, duration, moving, avg_hr, max_hr, offset, load, label
):
    entry = _list_entry(file, activity_id)
    activity = activity_from_list_entry(entry)
    assert activity.source is Source.GARMIN
    assert activity.external_id == str(activity_id)
    assert activity.sport is sport
    assert activity.start_utc == datetime.fromisoformat(start).replace(tzinfo=UTC)
    assert (activity.distance_m, activity.duration_s, activity.moving_s) == (
        distance,
        duration,
        moving,
    )
    assert (activity.avg_hr_bpm, activity.max_hr_bpm) == (avg_hr, max_hr)
    assert activity.utc_offset_s == offset
    assert activity.timezone is None
    assert (activity.vendor_load, activity.vendor_load_label) == (load, label)
    assert activity.raw == entry
    assert not activity.incomplete


def test_every_list_entry_in_the_corpus_is_mapped():
    files = [LIMIT3, PAGE2, PE_ST, "activitylist_search_limit2_start0.json"]
    ids = {entry["activityId"] for file in files for entry in _corpus(file)}
    assert ids == {case[1] for case in LIST_CASES}


# file, sport, name, zone, offset, start, distance, duration, moving, avg/max HR, rpe, load, label
DETAIL_CASES = [
    ("activity_21482825013.json", Sport.TRAIL_RUNNING, "Cuajimalpa de Morelos - Base",
     "America/Costa_Rica", -21600, "2026-01-08T14:10:21", 4261.19, 2223.327, 2216.0, 142.0,
     162.0, 3.0, 50.886444091796875, "AEROBIC_BASE"),
    ("pe-st_activity_2958378924_running_emoji_2018.json", Sport.RUNNING, "Biel 🏛 Pavillon",
     "Europe/Paris", 7200, "2018-08-24T10:01:50", 4146.45, 2147.244, 1844.0, 132.0, 160.0,
     None, None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("file", "sport", "name", "zone", "offset", "start", "distance", "duration", "moving",
     "avg_hr", "max_hr", "rpe", "load", "label"),
    DETAIL_CASES,
)  # fmt: skip
def test_detail_payloads_of_the_corpus_map_with_their_iana_zone(
    file, sport, name, zone, offset, start, distance, duration, moving, avg_hr, max_hr, rpe,
    load, label,
):  # fmt: skip
    payload = _corpus(file)
    activity = activity_from_detail(payload)
    assert activity.external_id == str(payload["activityId"])
    assert (activity.sport, activity.name, activity.timezone) == (sport, name, zone)
    assert activity.utc_offset_s == offset
    assert activity.start_utc == datetime.fromisoformat(start).replace(tzinfo=UTC)
    assert (activity.distance_m, activity.duration_s, activity.moving_s) == (
        distance,
        duration,
        moving,
    )
    assert (activity.avg_hr_bpm, activity.max_hr_bpm, activity.rpe) == (avg_hr, max_hr, rpe)
    assert (activity.vendor_load, activity.vendor_load_label) == (load, label)
    assert activity.raw == payload


def test_list_entry_and_detail_of_one_activity_agree():
    listed = activity_from_list_entry(_list_entry(LIMIT3, 21482825013))
    detailed = activity_from_detail(_corpus("activity_21482825013.json"))
    assert (listed.external_id, listed.sport, listed.start_utc, listed.utc_offset_s) == (
        detailed.external_id,
        detailed.sport,
        detailed.start_utc,
        detailed.utc_offset_s,
    )
    assert listed.distance_m == pytest.approx(detailed.distance_m, abs=0.01)
    assert listed.duration_s == pytest.approx(detailed.duration_s, abs=0.001)


@pytest.mark.parametrize(
    ("activity_id", "expected_s"),
    [
        (6609987243, 2702.589111328125),
        (6588349056, 11183.693120002747),
        (6585943400, 4677.15087890625),
    ],
)
def test_millisecond_elapsed_duration_of_2021_is_read_as_seconds(activity_id, expected_s):
    """Without ``duration`` the 2021 entries fall back to ``elapsedDuration``, sent in ms then."""
    entry = _list_entry(PE_ST, activity_id)
    del entry["duration"]
    assert activity_from_list_entry(entry).duration_s == pytest.approx(expected_s)


def test_elapsed_duration_in_seconds_is_kept_when_the_end_time_is_known():
    entry = _list_entry(LIMIT3, 21461718086)
    del entry["duration"]
    assert activity_from_list_entry(entry).duration_s == 2349.037109375


def test_an_activity_without_any_duration_is_marked_incomplete():
    entry = _list_entry(PE_ST, 6609987243)
    for key in ("duration", "elapsedDuration"):
        del entry[key]
    activity = activity_from_list_entry(entry)
    assert (activity.duration_s, activity.incomplete) == (0.0, True)


def test_start_falls_back_to_begin_timestamp():
    entry = _list_entry(LIMIT3, 21482825013)
    del entry["startTimeGMT"]
    activity = activity_from_list_entry(entry)
    assert activity.start_utc == datetime(2026, 1, 8, 14, 10, 21, tzinfo=UTC)
    assert activity.utc_offset_s is None


@pytest.mark.parametrize(
    "broken",
    [
        {"activityName": "no id", "startTimeGMT": "2026-01-08 14:10:21"},
        {"activityId": True, "startTimeGMT": "2026-01-08 14:10:21"},
        {"activityId": 1, "startTimeGMT": "yesterday"},
        {"activityId": 1},
    ],
)
def test_entries_without_id_or_start_are_unmappable(broken):
    with pytest.raises(UnmappableActivity):
        activity_from_list_entry(broken)


def test_an_unknown_zone_name_is_dropped_but_the_offset_kept():
    payload = _corpus("activity_21482825013.json")
    payload["timeZoneUnitDTO"]["timeZone"] = "Mars/Olympus_Mons"
    activity = activity_from_detail(payload)
    assert (activity.timezone, activity.utc_offset_s) == (None, -21600)


@pytest.mark.parametrize(
    ("type_dto", "sport"),
    [
        ({"typeKey": "running", "parentTypeId": 17}, Sport.RUNNING),
        ({"typeKey": "trail_running", "parentTypeId": 1}, Sport.TRAIL_RUNNING),
        ({"typeKey": "treadmill_running", "parentTypeId": 1}, Sport.TREADMILL_RUNNING),
        ({"typeKey": "track_running", "parentTypeId": 1}, Sport.TRACK_RUNNING),
        ({"typeKey": "street_running", "parentTypeId": 1}, Sport.RUNNING),
        ({"typeKey": "virtual_run", "parentTypeId": 1}, Sport.RUNNING),
        ({"typeKey": "cycling", "parentTypeId": 17}, Sport.CYCLING),
        ({"typeKey": "road_biking", "parentTypeId": 2}, Sport.CYCLING),
        ({"typeKey": "some_new_bike", "parentTypeId": 2}, Sport.CYCLING),
        ({"typeKey": "open_water_swimming", "parentTypeId": 26}, Sport.SWIMMING),
        ({"typeKey": "casual_walking", "parentTypeId": 9}, Sport.WALKING),
        ({"typeKey": "hiking", "parentTypeId": 17}, Sport.HIKING),
        ({"typeKey": "strength_training", "parentTypeId": 29}, Sport.STRENGTH),
        ({"typeKey": "yoga", "parentTypeId": 29}, Sport.YOGA),
        ({"typeKey": "indoor_rowing", "parentTypeId": 29}, Sport.ROWING),
        ({"typeKey": "elliptical", "parentTypeId": 29}, Sport.ELLIPTICAL),
        ({"typeKey": "multi_sport", "parentTypeId": 17}, Sport.OTHER),
        ({"typeKey": "stand_up_paddleboarding_v2", "parentTypeId": 228}, Sport.OTHER),
        ({"typeKey": "mystery"}, Sport.OTHER),
        ({}, Sport.OTHER),
        (None, Sport.OTHER),
    ],
)
def test_sport_from_garmin_type(type_dto, sport):
    assert sport_from_type(type_dto) is sport


@given(st.text(max_size=30))
def test_a_running_parent_always_means_running(type_key):
    assert sport_from_type({"typeKey": type_key, "parentTypeId": 1}).value in RUNNING_SPORTS


@given(st.text(max_size=30), st.integers(2, 500))
def test_other_parents_never_mean_running_unless_the_key_says_so(type_key, parent):
    sport = sport_from_type({"typeKey": type_key, "parentTypeId": parent})
    assert (sport.value in RUNNING_SPORTS) == (type_key in RUNNING_SPORTS)


@pytest.mark.parametrize(
    ("value", "reference", "expected"),
    [
        (2702589.111328125, 2702.589111328125, 2702.589111328125),
        (2225.44, 2223.33, 2225.44),
        (932.67, 387.59, 932.67),
        (11183693.12, None, 11183.69312),
        (3600.0, None, 3600.0),
        (None, 100.0, None),
    ],
)
def test_normalised_seconds(value, reference, expected):
    assert normalised_seconds(value, reference) == pytest.approx(expected)


@given(st.floats(min_value=1.0, max_value=48 * 3600, allow_nan=False))
def test_milliseconds_are_recognised_against_any_plausible_duration(seconds):
    assert normalised_seconds(seconds * 1000, seconds) == pytest.approx(seconds)
    assert normalised_seconds(seconds * 1.2, seconds) == pytest.approx(seconds * 1.2)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)))  # noqa: DTZ001 - Garmin's wall clocks are naive
def test_both_garmin_time_formats_parse_to_the_same_instant(moment):
    moment = moment.replace(microsecond=0)
    listed = moment.strftime("%Y-%m-%d %H:%M:%S")
    detailed = moment.strftime("%Y-%m-%dT%H:%M:%S.0")
    assert parse_garmin_time(listed) == parse_garmin_time(detailed) == moment


@pytest.mark.parametrize("garbage", [None, "", "  ", 20260108, "08/01/2026 14:10"])
def test_garbled_times_parse_to_none(garbage):
    assert parse_garmin_time(garbage) is None


@pytest.mark.parametrize(
    ("rpe_raw", "rpe"), [(30, 3.0), (100, 10.0), (10, 1.0), (0, None), (150, None), ("7", None)]
)
def test_perceived_effort_is_stored_times_ten_by_garmin(rpe_raw, rpe):
    payload = _corpus("activity_21482825013.json")
    payload["summaryDTO"]["directWorkoutRpe"] = rpe_raw
    assert activity_from_detail(payload).rpe == rpe


def test_resting_heart_rate_rows_become_sorted_days_and_skip_gaps():
    rows: list[dict[str, Any]] = [
        {"calendarDate": "2026-06-03", "value": 51.0},
        {"calendarDate": "2026-06-01", "value": 49},
        {"calendarDate": "2026-06-02", "value": None},
        {"calendarDate": "not a day", "value": 50},
        {"calendarDate": "2026-06-04", "value": 0},
    ]
    assert resting_hr_days(rows) == [
        DailyWellness(Source.GARMIN, date(2026, 6, 1), resting_hr_bpm=49.0),
        DailyWellness(Source.GARMIN, date(2026, 6, 3), resting_hr_bpm=51.0),
    ]


def test_the_payload_hash_changes_only_with_the_payload():
    entry = _list_entry(LIMIT3, 21482825013)
    first = activity_from_list_entry(entry).payload_hash()
    assert activity_from_list_entry(json.loads(json.dumps(entry))).payload_hash() == first
    entry["activityName"] = "renamed"
    assert activity_from_list_entry(entry).payload_hash() != first


@pytest.mark.parametrize(("type_key", "race"), [("race", True), ("uncategorized", False)])
def test_garmins_event_type_race_marks_the_activity_as_a_race(type_key: str, race: bool) -> None:
    entry = _list_entry(LIMIT3, 21482825013)
    entry["eventType"] = {"typeId": 1, "typeKey": type_key, "sortOrder": 1}
    assert activity_from_list_entry(entry).race is race
    detail = _corpus("activity_21482825013.json")
    detail["eventTypeDTO"] = {"typeId": 1, "typeKey": type_key, "sortOrder": 1}
    assert activity_from_detail(detail).race is race


def test_the_corpus_activities_are_not_races() -> None:
    entries = [*_corpus(LIMIT3), *_corpus(PAGE2), *_corpus(PE_ST)]
    assert not any(activity_from_list_entry(entry).race for entry in entries)
