"""A Garmin Connect account export: the summaries of activities that have no file become
activities (no track), next to the files; a bad member is skipped and reported."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from service.demo.fakes.corpus import corpus_path
from service.integrations.base import ActivityData, Source, Sport
from service.integrations.files import FileRejected, parse_activity_file, read_archive
from service.integrations.files.formats import check_dates
from tests.unit.files.test_gpx import gpx_document, gpx_track

FITNESS = "DI_CONNECT/DI-Connect-Fitness/runner@example.com_0_summarizedActivities.json"
UPLOADS = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"
FR110 = "garmin-fr110-run-2013-02-06.fit"
FR110_START_MS = 1_360_152_674_000
STRAVA = "strava-android-run-2021-09-27-undefined-local-msg.fit"
MANUAL_START = datetime(2024, 3, 10, 7, 15, tzinfo=UTC)


def summary(activity_id: int, type_key: str, start: datetime | int, **values: Any) -> dict:
    """One record in the export's units: epoch ms, durations in ms, distance in cm."""
    start_ms = start if isinstance(start, int) else int(start.timestamp() * 1000)
    return {
        "activityId": activity_id,
        "name": f"{type_key} {activity_id}",
        "activityType": type_key,
        "sportType": type_key.upper(),
        "beginTimestamp": start_ms,
        "startTimeGmt": start_ms,
        "startTimeLocal": start_ms + 3_600_000,
        **values,
    }


def _zip(path: Path, members: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path.read_bytes()


def _export(tmp_path: Path, records: list[dict], files: dict[str, bytes]) -> bytes:
    part = _zip(tmp_path / "part.zip", files)
    document = json.dumps([{"summarizedActivitiesExport": records}]).encode()
    return _zip(tmp_path / "export.zip", {FITNESS: document, UPLOADS: part})


def _fit(name: str) -> bytes:
    return corpus_path("fit", name).read_bytes()


def test_summaries_without_a_file_become_activities_without_a_track(tmp_path):
    records = [
        # the FR110 run: its file is in the export, so the summary adds nothing
        summary(1001, "running", FR110_START_MS, duration=2_625_140.0, distance=483_538.0),
        # a manual entry: no file anywhere
        summary(
            1002,
            "treadmill_running",
            MANUAL_START,
            duration=1_800_000.0,
            movingDuration=1_750_000.0,
            distance=600_000.0,
            avgHr=150.0,
            maxHr=171.0,
            activityTrainingLoad=88.5,
        ),
        summary(1003, "lap_swimming", datetime(2024, 3, 11, 18, 0, tzinfo=UTC), duration=2.4e6),
    ]
    data = _export(tmp_path, records, {FR110: _fit(FR110)})

    result = read_archive(data)

    assert result.problems == []
    by_id = {activity.external_id: activity for activity in result.activities}
    from_files = [key for key in by_id if key.startswith("fit:")]
    assert len(from_files) == 1
    assert sorted(set(by_id) - set(from_files)) == ["garmin-export:1002", "garmin-export:1003"]
    manual = by_id["garmin-export:1002"]
    assert manual.source is Source.FILE
    assert manual.sport is Sport.TREADMILL_RUNNING
    assert manual.start_utc == MANUAL_START
    assert manual.duration_s == 1800.0
    assert manual.moving_s == 1750.0
    assert manual.distance_m == 6000.0
    assert (manual.avg_hr_bpm, manual.max_hr_bpm, manual.vendor_load) == (150.0, 171.0, 88.5)
    assert manual.utc_offset_s == 3600
    assert manual.name == "treadmill_running 1002"
    assert manual.raw["format"] == "garmin_export_summary"
    assert by_id["garmin-export:1003"].sport is Sport.SWIMMING


def test_a_multisport_summary_gives_its_legs_not_the_parent_nor_the_transitions(tmp_path):
    start = datetime(2024, 6, 2, 7, 0, tzinfo=UTC)
    records = [
        summary(2000, "multi_sport", start, duration=9.0e6, distance=5.15e6, parent=True),
        summary(2001, "open_water_swimming", start, duration=1.8e6, parentId=2000),
        summary(2002, "transition_v2", start.replace(minute=30), duration=1.2e5, parentId=2000),
        summary(2003, "road_biking", start.replace(hour=8), duration=4.2e6, parentId=2000),
        summary(2004, "running", start.replace(hour=9, minute=15), duration=2.4e6, parentId=2000),
    ]
    data = _export(tmp_path, records, {FR110: _fit(FR110)})

    legs = [a for a in read_archive(data).activities if a.external_id.startswith("garmin-")]

    assert [(a.external_id, a.sport) for a in legs] == [
        ("garmin-export:2001", Sport.SWIMMING),
        ("garmin-export:2003", Sport.CYCLING),
        ("garmin-export:2004", Sport.RUNNING),
    ]


def test_one_damaged_file_is_skipped_and_reported_while_the_rest_imports(tmp_path):
    records = [summary(3001, "running", MANUAL_START, duration=1.2e6, distance=3.0e5)]
    files = {
        FR110: _fit(FR110),
        "strava.fit": _fit(STRAVA),
        "walk.gpx": gpx_document(gpx_track([0, 60, 120], track_type="walking")).encode(),
    }
    data = _export(tmp_path, records, files)

    activities = parse_activity_file("export.zip", data)
    result = read_archive(data)

    assert len(activities) == len(result.activities) == 3  # FR110, the walk, the summary
    (problem,) = result.problems
    assert problem.code == "fit_undefined_message"
    assert problem.where is not None and problem.where.startswith(f"member {UPLOADS}/strava.fit")


def test_unreadable_summaries_and_impossible_dates_are_problems_not_refusals(tmp_path):
    part = _zip(tmp_path / "part.zip", {FR110: _fit(FR110)})
    bad_date = json.dumps(
        [{"summarizedActivitiesExport": [summary(4001, "running", -2_000_000_000_000)]}]
    )
    data = _zip(
        tmp_path / "export.zip",
        {
            FITNESS: b'[{"summarizedActivitiesExport": [',
            FITNESS.replace("_0_", "_1_"): bad_date.encode(),
            UPLOADS: part,
        },
    )

    result = read_archive(data)

    assert len(result.activities) == 1
    assert [(p.code, p.where) for p in result.problems] == [
        ("summaries_invalid", f"member {FITNESS}"),
        ("date_out_of_range", f"member {FITNESS.replace('_0_', '_1_')}"),
    ]
    assert "1906-08-16" in str(result.problems[1])


@pytest.mark.parametrize(
    ("day", "accepted"),
    [
        (date(1989, 12, 31), False),
        (date(1990, 1, 1), True),
        (date(2026, 6, 1), True),
        (date(2026, 6, 2), True),  # tomorrow: a time zone ahead of UTC
        (date(2026, 6, 3), False),
    ],
)
def test_dates_outside_1990_to_tomorrow_are_refused(day, accepted):
    activity = ActivityData(
        source=Source.FILE,
        external_id="x",
        sport=Sport.RUNNING,
        start_utc=datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC),
        duration_s=60.0,
    )
    if accepted:
        assert check_dates([activity], today=date(2026, 6, 1)) == [activity]
    else:
        with pytest.raises(FileRejected) as caught:
            check_dates([activity], today=date(2026, 6, 1))
        assert caught.value.code == "date_out_of_range"
        assert day.isoformat() in caught.value.message("nl")


def test_a_gpx_dated_in_the_far_future_is_refused(tmp_path):
    document = gpx_document(gpx_track([0, 60], track_type="running")).replace("2026-", "2999-")

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("future.gpx", document.encode())

    assert caught.value.code == "date_out_of_range"
