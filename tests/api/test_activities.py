"""Activity files through the API, the activity list, the RPE, and who may do what."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.activities.uploads import MAX_FILES_PER_UPLOAD, discard_upload, process_import
from service.metrics.service import recompute_metrics
from service.models import Activity, FileImport
from tests.api.conftest import Api
from tests.integration.imports.corpus_cases import (
    DAMAGED,
    INTACT,
    NOT_FIT,
    SALVAGED,
    fit_bytes,
    zip_of,
)

TRIATHLON = "garmin-fr920xt-triathlon-chained-2018-05-27.fit"
FENIX5 = "garmin-fenix5-run-2017-06-11.fit"
FR110 = "garmin-fr110-run-2013-02-06.fit"
EVERYTHING = {"start": "2011-01-01", "end": "2013-12-31"}


@pytest.fixture
def ann(api: Api) -> tuple[int, dict[str, str]]:
    user, headers = api.user("ann@example.com")
    return user["id"], headers


def upload(
    client: TestClient,
    athlete: int,
    headers: dict[str, str],
    *files: tuple[str, bytes],
    **form: Any,
) -> Any:
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    return client.post(
        f"/api/v1/athletes/{athlete}/activities/files",
        files=parts,
        data={k: str(v).lower() for k, v in form.items()},
        headers=headers,
    )


def listed(client: TestClient, athlete: int, headers: dict[str, str], **dates: str) -> list[Any]:
    response = client.get(f"/api/v1/athletes/{athlete}/activities", params=dates, headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json())


def stored_count(db_session: Session, athlete: int) -> int:
    query = select(func.count()).select_from(Activity).where(Activity.athlete_id == athlete)
    return int(db_session.scalar(query) or 0)


@pytest.mark.parametrize("name", sorted(INTACT))
def test_every_intact_corpus_fit_imports_with_its_distance_and_duration(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any], name: str
) -> None:
    athlete, headers = ann
    legs = INTACT[name]

    response = upload(client, athlete, headers, (name, fit_bytes(name)))

    assert response.status_code == 200, response.text
    (result,) = response.json()["files"]
    assert (result["file"], result["status"], result["created"]) == (name, "created", len(legs))
    day = legs[0][1]
    activities = listed(client, athlete, headers, start=day, end=day)
    assert len(activities) == len(legs)
    for activity, (sport, local_date, distance, duration) in zip(activities, legs, strict=True):
        assert (activity["sport"], activity["local_date"]) == (sport, local_date)
        assert activity["duration_s"] == pytest.approx(duration, abs=1.0)
        if distance is None:
            assert activity["distance_m"] is None
        else:
            assert activity["distance_m"] == pytest.approx(distance, abs=1.0)
        assert activity["incomplete"] is False
        assert [s["source"] for s in activity["sources"]] == ["file"]
    assert sent_tasks == [("metrics.recompute", {"athlete_id": athlete, "from_date": day})]


@pytest.mark.parametrize(
    ("name", "data", "code", "where"),
    [(name, fit_bytes(name), code, where) for name, (code, where) in sorted(DAMAGED.items())]
    + [(*NOT_FIT, "unsupported_format", None)],
)
def test_a_damaged_or_foreign_file_is_refused_and_nothing_is_stored(
    client: TestClient,
    ann: tuple[int, dict[str, str]],
    db_session: Session,
    sent_tasks: list[Any],
    name: str,
    data: bytes,
    code: str,
    where: str | None,
) -> None:
    athlete, headers = ann

    response = upload(client, athlete, headers, (name, data))

    assert response.status_code == 422
    body = response.json()
    assert body["error"] == code
    assert (body["detail"]["file"], body["detail"]["where"]) == (name, where)
    assert body["detail"]["message"].startswith(("The ", "This "))
    assert where is None or where in body["detail"]["message"]
    assert stored_count(db_session, athlete) == 0
    assert sent_tasks == []


def test_the_refusal_is_in_the_callers_language(api: Api, client: TestClient) -> None:
    user, headers = api.user("an@example.nl", locale="nl")
    name = "corrupt-bad-crc.fit"

    response = upload(client, user["id"], headers, (name, fit_bytes(name)))

    assert "controlesom" in response.json()["detail"]["message"]
    assert "(byte 769)" in response.json()["detail"]["message"]


@pytest.mark.parametrize("name", sorted(SALVAGED))
def test_allow_incomplete_stores_what_a_damaged_recording_holds(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any], name: str
) -> None:
    athlete, headers = ann
    sport, distance, duration = SALVAGED[name]

    response = upload(client, athlete, headers, (name, fit_bytes(name)), allow_incomplete=True)

    assert response.status_code == 200, response.text
    (result,) = response.json()["files"]
    assert (result["status"], result["created"], result["incomplete"]) == ("created", 1, 1)
    (activity,) = listed(client, athlete, headers, start="2020-01-01", end="2022-12-31")
    assert (activity["sport"], activity["incomplete"]) == (sport, True)
    assert activity["distance_m"] == pytest.approx(distance, abs=1.0)
    assert activity["duration_s"] == pytest.approx(duration, abs=1.0)
    assert activity["sources"][0]["incomplete"] is True


def test_the_same_file_twice_stores_nothing_new(
    client: TestClient, ann: tuple[int, dict[str, str]], db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    first = upload(client, athlete, headers, (TRIATHLON, fit_bytes(TRIATHLON))).json()["files"][0]
    again = upload(client, athlete, headers, (TRIATHLON, fit_bytes(TRIATHLON))).json()["files"][0]

    assert (first["status"], first["created"]) == ("created", 3)
    assert (again["status"], again["unchanged"], again["created"]) == ("unchanged", 3, 0)
    assert again["activity_ids"] == first["activity_ids"]
    assert stored_count(db_session, athlete) == 3
    assert len(sent_tasks) == 1


def test_the_triathlon_becomes_one_activity_per_leg(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    upload(client, athlete, headers, (TRIATHLON, fit_bytes(TRIATHLON)))

    activities = listed(client, athlete, headers, start="2018-05-27", end="2018-05-27")

    assert [a["sport"] for a in activities] == ["swimming", "cycling", "running"]
    assert len({a["sources"][0]["external_id"] for a in activities}) == 3


def test_one_refused_file_fails_the_whole_request(
    client: TestClient, ann: tuple[int, dict[str, str]], db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    files = [(FENIX5, fit_bytes(FENIX5)), NOT_FIT, ("crc.fit", fit_bytes("corrupt-bad-crc.fit"))]

    response = upload(client, athlete, headers, *files)

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["file"] == "notes.txt"
    assert [r["file"] for r in detail["rejected"]] == ["notes.txt", "crc.fit"]
    assert stored_count(db_session, athlete) == 0
    assert db_session.scalar(select(func.count()).select_from(FileImport)) == 0


def test_several_files_in_one_request_each_get_a_result(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    files = [(FENIX5, fit_bytes(FENIX5)), (FR110, fit_bytes(FR110)), (FENIX5, fit_bytes(FENIX5))]

    results = upload(client, athlete, headers, *files).json()["files"]

    assert [(r["file"], r["status"]) for r in results] == [
        (FENIX5, "created"),
        (FR110, "created"),
        (FENIX5, "unchanged"),
    ]
    recomputes = {ids["from_date"] for name, ids in sent_tasks if name == "metrics.recompute"}
    assert min(recomputes) == "2013-02-06"


def test_a_path_in_the_file_name_is_dropped(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    response = upload(client, athlete, headers, ("C:\\runs\\" + FENIX5, fit_bytes(FENIX5)))
    assert response.json()["files"][0]["file"] == FENIX5


def test_too_many_files_at_once_are_refused(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    files = [(f"{n}.fit", fit_bytes(FENIX5)) for n in range(MAX_FILES_PER_UPLOAD + 1)]

    response = upload(client, athlete, headers, *files)

    assert (response.status_code, response.json()["error"]) == (422, "too_many_files")


def test_an_archive_is_imported_in_the_background_and_polled(
    client: TestClient, ann: tuple[int, dict[str, str]], db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    archive = zip_of(FENIX5, FR110, extra={"DI_CONNECT/summary.json": b"{}"})

    (queued,) = upload(client, athlete, headers, ("export.zip", archive)).json()["files"]
    poll = f"/api/v1/athletes/{athlete}/imports/{queued['import_id']}"
    before = client.get(poll, headers=headers).json()

    assert queued["status"] == "queued"
    assert sent_tasks == [("activities.process_import", {"import_id": queued["import_id"]})]
    assert (before["status"], before["result"], before["file"]) == ("queued", None, "export.zip")
    assert stored_count(db_session, athlete) == 0

    discard_upload(process_import(db_session, queued["import_id"]))
    db_session.commit()
    after = client.get(poll, headers=headers).json()

    assert after["status"] == "done" and after["finished_at"] is not None
    assert (after["result"]["created"], after["result"]["skipped_members"]) == (2, 1)
    assert stored_count(db_session, athlete) == 2
    assert ("metrics.recompute", {"athlete_id": athlete, "from_date": "2013-02-06"}) in sent_tasks


def test_an_archive_with_a_damaged_member_imports_the_rest_and_reports_it(
    client: TestClient, ann: tuple[int, dict[str, str]], db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    archive = zip_of(FENIX5, "corrupt-bad-crc.fit")
    (queued,) = upload(client, athlete, headers, ("export.zip", archive)).json()["files"]

    discard_upload(process_import(db_session, queued["import_id"]))
    db_session.commit()
    status = client.get(
        f"/api/v1/athletes/{athlete}/imports/{queued['import_id']}", headers=headers
    ).json()

    assert status["status"] == "done" and status["error"] is None
    assert status["result"]["created"] == 1
    (problem,) = status["result"]["problems"]
    assert problem["error"] == "fit_crc_mismatch"
    assert "corrupt-bad-crc.fit, byte 769" in problem["where"]
    assert stored_count(db_session, athlete) == 1


def test_an_archive_of_only_damaged_members_fails_in_the_background(
    client: TestClient, ann: tuple[int, dict[str, str]], db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    archive = zip_of("corrupt-bad-crc.fit")
    (queued,) = upload(client, athlete, headers, ("export.zip", archive)).json()["files"]

    discard_upload(process_import(db_session, queued["import_id"]))
    db_session.commit()
    status = client.get(
        f"/api/v1/athletes/{athlete}/imports/{queued['import_id']}", headers=headers
    ).json()

    assert status["status"] == "failed" and status["result"] is None
    assert status["error"]["error"] == "archive_member_rejected"
    assert "corrupt-bad-crc.fit" in status["error"]["message"]
    assert stored_count(db_session, athlete) == 0


def _run_the_queued_recompute(db_session: Session, athlete: int, from_date: date) -> None:
    """What a worker does with the upload's recompute: a change asked for while that one is
    still queued would merge into it instead of sending another."""
    recompute_metrics(db_session, athlete, from_date)
    db_session.commit()


def test_rpe_is_set_by_the_athlete_and_recomputes_from_that_day(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any], db_session: Session
) -> None:
    athlete, headers = ann
    created = upload(client, athlete, headers, (FR110, fit_bytes(FR110))).json()["files"][0]
    url = f"/api/v1/athletes/{athlete}/activities/{created['activity_ids'][0]}"
    _run_the_queued_recompute(db_session, athlete, date(2013, 2, 6))
    sent_tasks.clear()

    response = client.patch(url, json={"rpe": 6.5}, headers=headers)

    assert response.status_code == 200 and response.json()["rpe"] == 6.5
    assert sent_tasks == [("metrics.recompute", {"athlete_id": athlete, "from_date": "2013-02-06"})]
    assert client.patch(url, json={"rpe": 6.5}, headers=headers).status_code == 200
    assert len(sent_tasks) == 1  # unchanged: nothing to recompute
    cleared = client.patch(url, json={"rpe": None}, headers=headers).json()
    assert cleared["rpe"] is None


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"rpe": 10.5}, 422),
        ({"rpe": -1}, 422),
        ({"rpe": 5, "sport": "rocket"}, 422),
        ({"rpe": 5, "distance_m": 1000}, 422),
    ],
)
def test_rpe_outside_zero_to_ten_or_other_fields_are_refused(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any], body: Any, code: int
) -> None:
    athlete, headers = ann
    created = upload(client, athlete, headers, (FR110, fit_bytes(FR110))).json()["files"][0]
    url = f"/api/v1/athletes/{athlete}/activities/{created['activity_ids'][0]}"

    response = client.patch(url, json=body, headers=headers)

    assert (response.status_code, response.json()["error"]) == (code, "validation_error")


def _gpx(track_type: str | None, lat_step: float) -> bytes:
    """20 points 30 s apart, due north; 0.001 degree is 111 m (a run), 0.01 a car."""
    type_tag = f"<type>{track_type}</type>" if track_type else ""
    points = "".join(
        f'<trkpt lat="{52 + index * lat_step:.5f}" lon="4.9">'
        f"<time>2026-11-02T07:{index // 2:02d}:{index % 2 * 30:02d}Z</time></trkpt>"
        for index in range(20)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="t" '
        'xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk>{type_tag}<trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


def test_a_strava_gpx_run_is_a_run_and_an_untyped_car_ride_asks_for_its_sport(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    strava = upload(client, athlete, headers, ("strava.gpx", _gpx("9", 0.001))).json()["files"]
    car = upload(client, athlete, headers, ("car.gpx", _gpx(None, 0.01))).json()["files"]

    assert (strava[0]["sport_to_confirm"], car[0]["sport_to_confirm"]) == (0, 1)
    (run,) = [a for a in listed(client, athlete, headers) if a["id"] in strava[0]["activity_ids"]]
    (ride,) = [a for a in listed(client, athlete, headers) if a["id"] in car[0]["activity_ids"]]
    assert (run["sport"], run["sport_to_confirm"]) == ("running", False)
    assert (ride["sport"], ride["sport_to_confirm"]) == ("other", True)


def test_the_athlete_confirms_a_guessed_sport_and_it_stays_confirmed(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any], db_session: Session
) -> None:
    athlete, headers = ann
    (created,) = upload(client, athlete, headers, ("x.gpx", _gpx(None, 0.001))).json()["files"]
    url = f"/api/v1/athletes/{athlete}/activities/{created['activity_ids'][0]}"
    _run_the_queued_recompute(db_session, athlete, date(2026, 11, 2))
    sent_tasks.clear()

    confirmed = client.patch(url, json={"sport": "trail_running"}, headers=headers)

    assert confirmed.status_code == 200, confirmed.text
    assert (confirmed.json()["sport"], confirmed.json()["sport_to_confirm"]) == (
        "trail_running",
        False,
    )
    assert sent_tasks == [("metrics.recompute", {"athlete_id": athlete, "from_date": "2026-11-02"})]
    again = upload(client, athlete, headers, ("x.gpx", _gpx(None, 0.001))).json()["files"]
    assert again[0]["status"] == "unchanged"
    (stored,) = listed(client, athlete, headers)
    assert (stored["sport"], stored["sport_to_confirm"]) == ("trail_running", False)


def test_someone_elses_activity_is_not_found(
    api: Api, client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    created = upload(client, athlete, headers, (FR110, fit_bytes(FR110))).json()["files"][0]
    bob, bob_h = api.user("bob@example.com")

    url = f"/api/v1/athletes/{bob['id']}/activities/{created['activity_ids'][0]}"
    response = client.patch(url, json={"rpe": 3}, headers=bob_h)

    assert (response.status_code, response.json()["error"]) == (404, "activity_not_found")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"start": "2026-03-02", "end": "2026-03-01"}, "range_reversed"),
        ({"start": "2020-01-01", "end": "2026-03-01"}, "range_too_long"),
        ({"start": "2026-02-30"}, "validation_error"),
    ],
)
def test_bad_date_ranges_are_refused(
    client: TestClient, ann: tuple[int, dict[str, str]], params: dict[str, str], code: str
) -> None:
    athlete, headers = ann
    url = f"/api/v1/athletes/{athlete}/activities"

    response = client.get(url, params=params, headers=headers)

    assert (response.status_code, response.json()["error"]) == (422, code)


def test_a_large_single_file_is_imported_in_the_background(
    client: TestClient,
    ann: tuple[int, dict[str, str]],
    db_session: Session,
    sent_tasks: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("service.activities.uploads.INLINE_MAX_BYTES", 1000)
    athlete, headers = ann

    (queued,) = upload(client, athlete, headers, (FENIX5, fit_bytes(FENIX5))).json()["files"]
    discard_upload(process_import(db_session, queued["import_id"]))
    db_session.commit()
    done = client.get(f"/api/v1/athletes/{athlete}/imports/{queued['import_id']}", headers=headers)

    assert queued["status"] == "queued"
    assert (done.json()["status"], done.json()["result"]["created"]) == ("done", 1)
    assert done.json()["size_bytes"] == len(fit_bytes(FENIX5))


def test_an_import_of_someone_else_is_not_found(
    api: Api, client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any]
) -> None:
    athlete, headers = ann
    (queued,) = upload(client, athlete, headers, ("e.zip", zip_of(FENIX5))).json()["files"]
    bob, bob_h = api.user("bob@example.com")

    response = client.get(
        f"/api/v1/athletes/{bob['id']}/imports/{queued['import_id']}", headers=bob_h
    )

    assert (response.status_code, response.json()["error"]) == (404, "import_not_found")
