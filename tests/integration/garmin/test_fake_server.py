"""The fake itself: recorded answers, uploads, remote control, JSON accounts and the demo entry."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from service.demo.fakes.corpus import corpus_path
from service.demo.fakes.garmin_accounts import (
    RECORDED_EMAIL,
    RECORDED_PASSWORD,
    ActivitySpec,
    add_multisport,
)
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.demo.fakes.garmin_training import (
    DEMO_EMAIL,
    accounts_from_json,
    six_months_of_training,
)
from service.demo.people import DEMO_PASSWORD
from service.integrations.garmin import GarminEndpoints, GarminSession, LoginOk, start_login
from tests.support.paths import REPO_ROOT

from .conftest import RUNNER, RUNNER_PASSWORD


def _bearer(blob: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + json.loads(blob)["di_token"]}


@pytest.mark.parametrize(
    ("path", "params", "status", "file"),
    [
        ("/wellness-service/wellness/dailyHeartRate/mtamizi", {"date": "2026-01-07"}, 200,
         "wellness_dailyHeartRate_2026-01-07.json"),
        ("/hrv-service/hrv/2023-07-20", {}, 200, "hrv_2023-07-20.json"),
        ("/activitylist-service/activities/search/activities", {"limit": "2", "start": "2"}, 200,
         "activitylist_search_limit2_start2.json"),
        ("/download-service/export/tcx/activity/11998957007", {}, 403,
         "download_export_tcx_403_not_owner.json"),
        ("/activity-service/activity/12135235656", {}, 404, "activity_404_after_delete.json"),
    ],
)  # fmt: skip
def test_recorded_requests_get_their_recorded_answers(fake, tokens_for, path, params, status, file):
    headers = _bearer(tokens_for(RECORDED_EMAIL, RECORDED_PASSWORD))

    response = httpx.get(fake.base_url + path, params=params, headers=headers)

    assert response.status_code == status
    assert response.content == corpus_path("garmin", file).read_bytes()


def test_recorded_answers_are_not_served_to_other_accounts(fake, tokens_for):
    headers = _bearer(tokens_for(RUNNER, RUNNER_PASSWORD))
    response = httpx.get(fake.base_url + "/hrv-service/hrv/2023-07-20", headers=headers)
    assert response.status_code == 404


def test_uploads_answer_202_then_409_for_the_same_file(fake, tokens_for):
    headers = _bearer(tokens_for(RUNNER, RUNNER_PASSWORD))
    fit = corpus_path("fit", "garmin-fenix6x-yoga-2023-09-29.fit").read_bytes()

    def upload() -> httpx.Response:
        files = {"file": ("12129115726_ACTIVITY.fit", fit)}
        return httpx.post(fake.base_url + "/upload-service/upload", files=files, headers=headers)

    first, second = upload(), upload()

    assert first.status_code == 202
    assert first.headers["Location"].startswith("https://connectapi.garmin.com/activity-service/")
    assert second.status_code == 409
    assert second.json()["detailedImportResult"]["failures"][0]["messages"][0]["content"] == (
        "Duplicate Activity."
    )


def test_faults_can_be_scripted_over_http(fake, tokens_for):
    blob = tokens_for(RUNNER, RUNNER_PASSWORD)
    control = fake.base_url + "/__fake__/faults"

    assert httpx.post(control, json={"email": RUNNER, "rate_limited": 1}).status_code == 200
    assert httpx.post(control, json={"email": RUNNER, "nonsense": 1}).status_code == 400
    assert httpx.post(control, json={"email": "nobody@example.com"}).status_code == 404
    response = httpx.get(
        fake.base_url + "/userprofile-service/socialProfile", headers=_bearer(blob)
    )
    log = httpx.get(fake.base_url + "/__fake__/requests").json()

    assert (response.status_code, response.headers["Retry-After"]) == (429, "5")
    assert log[-1]["path"] == "/userprofile-service/socialProfile"
    assert log[-1]["status"] == 429


def test_accounts_load_from_json(library_pauses):
    rows: list[dict[str, Any]] = [
        {"recorded": True, "email": "r@example.com", "password": "r-password"},
        {
            "email": "json@example.com",
            "password": "json-password",
            "display_name": "json.runner",
            "activities": [
                {"start": "2026-05-01T06:30:00+02:00", "sport": "trail_running",
                 "distance_m": 8000, "duration_s": 2700, "avg_hr_bpm": 145}
            ],
            "resting_hr": {"2026-05-01": 52},
        },
    ]  # fmt: skip
    with FakeGarminConnect(accounts_from_json(rows)) as fake:
        login = start_login("json@example.com", "json-password", fake.endpoints)
        assert isinstance(login, LoginOk)
        with GarminSession(login.token_blob, fake.endpoints) as session:
            (activity,) = session.list_activities(date(2026, 5, 1), date(2026, 5, 1))
            (wellness,) = session.daily_wellness(date(2026, 5, 1), date(2026, 5, 1))

    assert (activity.sport.value, activity.distance_m, activity.utc_offset_s) == (
        "trail_running",
        8000,
        7200,
    )
    assert wellness.resting_hr_bpm == 52.0
    with pytest.raises(ValueError, match="unknown activity keys"):
        accounts_from_json([{**rows[1], "activities": [{"start": "2026-05-01T06:30:00+02:00",
                                                          "pace": 5}]}])  # fmt: skip


def test_six_months_of_training_builds_up_then_spikes():
    end = date(2026, 11, 22)
    activities, resting_hr = six_months_of_training(end)

    weekly_km: dict[int, float] = {}
    first_monday = end - timedelta(days=end.weekday(), weeks=25)
    for activity in activities:
        if "running" in activity.sport:
            week = (activity.start.date() - first_monday).days // 7
            weekly_km[week] = weekly_km.get(week, 0.0) + (activity.distance_m or 0) / 1000

    assert min(a.start.date() for a in activities) >= end - timedelta(weeks=26)
    assert max(a.start.date() for a in activities) <= end
    assert sorted(weekly_km) == list(range(26))
    assert weekly_km[20] > weekly_km[0] * 1.4
    assert weekly_km[24] > 1.25 * sum(weekly_km[w] for w in range(20, 24)) / 4
    assert len(resting_hr) == (end - first_monday).days + 1
    assert six_months_of_training(end) == (activities, resting_hr)


def test_the_demo_entry_point_serves_the_six_month_runner(library_pauses):
    process = subprocess.Popen(
        [sys.executable, "-m", "service.demo.fakes.garmin_server", "--port", "0"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        announced = json.loads(process.stdout.readline())
        endpoints = GarminEndpoints(
            announced["connectapi"], announced["sso"], announced["di_token_url"]
        )
        login = start_login(DEMO_EMAIL, DEMO_PASSWORD, endpoints)
        assert isinstance(login, LoginOk)
        with GarminSession(login.token_blob, endpoints) as session:
            today = datetime.now(UTC).date()
            activities = session.list_activities(
                today - timedelta(weeks=26), today + timedelta(days=1)
            )
        assert len(activities) > 100
        assert DEMO_EMAIL in announced["accounts"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def _triathlon(start: datetime) -> list[ActivitySpec]:
    return [
        ActivitySpec(start=start, sport="lap_swimming", distance_m=750.0, duration_s=900),
        ActivitySpec(start=start + timedelta(minutes=16), sport="transition_v2", duration_s=90),
        ActivitySpec(
            start=start + timedelta(minutes=18),
            sport="road_biking",
            distance_m=20000.0,
            duration_s=2400,
        ),
        ActivitySpec(
            start=start + timedelta(minutes=59), sport="running", distance_m=5000.0, duration_s=1500
        ),
    ]


def test_a_multisport_activity_is_answered_in_garmins_shapes(fake, tokens_for):
    """The parent as in the recorded 2021 list (typeId 89, ``parent: true``), alone in the
    list; its detail with ``metadataDTO.childIds``/``childActivityTypes`` (keys of the recorded
    detail); each leg with a detail of its own."""
    start = datetime(2026, 6, 20, 8, 0, tzinfo=UTC)
    leg_ids = add_multisport(fake.account(RUNNER), _triathlon(start), parent_id=31_000_000_000)
    headers = _bearer(tokens_for(RUNNER, RUNNER_PASSWORD))
    recorded_entry = next(
        entry
        for entry in json.loads(
            corpus_path("garmin", "pe-st_activitylist_search_2021-04.json").read_text()
        )
        if entry["activityType"]["typeKey"] == "multi_sport"
    )
    recorded_metadata = json.loads(corpus_path("garmin", "activity_21482825013.json").read_text())[
        "metadataDTO"
    ]

    listed = httpx.get(
        f"{fake.base_url}/activitylist-service/activities/search/activities",
        params={"startDate": "2026-06-20", "endDate": "2026-06-20"},
        headers=headers,
    ).json()
    parent = httpx.get(f"{fake.base_url}/activity-service/activity/31000000000", headers=headers)
    legs = [
        httpx.get(f"{fake.base_url}/activity-service/activity/{leg}", headers=headers).json()
        for leg in leg_ids
    ]

    (entry,) = listed
    for key in ("typeId", "typeKey", "parentTypeId"):
        assert entry["activityType"][key] == recorded_entry["activityType"][key]
    assert (entry["parent"], entry["parentId"]) == (recorded_entry["parent"], None)
    detail = parent.json()
    assert set(detail["metadataDTO"]) == set(recorded_metadata)
    assert detail["isMultiSportParent"] is True
    assert detail["metadataDTO"]["childIds"] == [int(leg) for leg in leg_ids]
    assert [t["typeKey"] for t in detail["metadataDTO"]["childActivityTypes"]] == [
        "lap_swimming", "transition_v2", "road_biking", "running"
    ]  # fmt: skip
    assert [leg["activityTypeDTO"]["typeKey"] for leg in legs] == [
        "lap_swimming", "transition_v2", "road_biking", "running"
    ]  # fmt: skip
    assert all(leg["isMultiSportParent"] is False for leg in legs)


def test_the_session_replaces_a_multisport_parent_by_its_legs(fake, tokens_for):
    start = datetime(2026, 6, 20, 8, 0, tzinfo=UTC)
    leg_ids = add_multisport(fake.account(RUNNER), _triathlon(start), parent_id=31_000_000_000)
    blob = tokens_for(RUNNER, RUNNER_PASSWORD)
    fake.clear_requests()

    with GarminSession(blob, fake.endpoints) as session:
        activities = session.list_activities(date(2026, 6, 20), date(2026, 6, 20))

    assert [(a.external_id, a.sport.value) for a in activities] == [
        (leg_ids[0], "swimming"),
        (leg_ids[2], "cycling"),
        (leg_ids[3], "running"),
    ]
    assert activities[-1].is_running
    assert [a.distance_m for a in activities] == [750.0, 20000.0, 5000.0]
    details = fake.requests_to("/activity-service/activity/")
    assert [r.path.rsplit("/", 1)[-1] for r in details] == ["31000000000", *leg_ids]


def test_a_recorded_multisport_parent_without_a_detail_is_kept_whole(fake, tokens_for):
    blob = tokens_for(RECORDED_EMAIL, RECORDED_PASSWORD)

    with GarminSession(blob, fake.endpoints) as session:
        activities = session.list_activities(date(2021, 4, 1), date(2021, 4, 30))

    (whole,) = [a for a in activities if a.external_id == "6588349056"]
    assert whole.sport.value == "other"
