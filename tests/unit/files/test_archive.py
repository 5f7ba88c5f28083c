"""ZIP archives built in ``tmp_path`` from corpus FIT files: Garmin exports, guards, damage."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

import pytest

from service.demo.fakes.corpus import corpus_path
from service.integrations.base import Source, Sport
from service.integrations.files import (
    MAX_FILE_BYTES,
    ArchiveLimits,
    FileRejected,
    parse_activity_file,
    read_archive,
)
from tests.unit.files.fit_builder import FILE_SETTINGS, FitBuilder
from tests.unit.files.test_gpx import gpx_document, gpx_track

UPLOADS = "DI_CONNECT/DI-Connect-Uploaded-Files"
FR110 = "garmin-fr110-run-2013-02-06.fit"
FENIX5 = "garmin-fenix5-run-2017-06-11.fit"
TRIATHLON = "garmin-fr920xt-triathlon-chained-2018-05-27.fit"
STRAVA = "strava-android-run-2021-09-27-undefined-local-msg.fit"


def _fit(name: str) -> bytes:
    return corpus_path("fit", name).read_bytes()


def _zip(path: Path, members: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path.read_bytes()


def _garmin_export(tmp_path: Path, part: dict[str, bytes]) -> bytes:
    nested = _zip(tmp_path / "part1.zip", part)
    return _zip(
        tmp_path / "export.zip",
        {
            "DI_CONNECT/DI-Connect-Fitness/me_0_summarizedActivities.json": b'[{"x": 1}]',
            "DI_CONNECT/DI-Connect-User/user_profile.json": b"{}",
            f"{UPLOADS}/UploadedFiles_0-_Part1.zip": nested,
            f"{UPLOADS}/loose-run.gpx": gpx_document(
                gpx_track([0, 60, 120], track_type="running")
            ).encode(),
        },
    )


def test_garmin_export_imports_every_activity_file_in_nested_parts(tmp_path):
    data = _garmin_export(tmp_path, {FR110: _fit(FR110), "tri.FIT": _fit(TRIATHLON)})

    result = read_archive(data)

    sports = sorted(str(a.sport) for a in result.activities)
    assert sports == ["cycling", "running", "running", "running", "swimming"]
    assert all(a.source is Source.FILE for a in result.activities)
    assert len({a.external_id for a in result.activities}) == 5
    assert result.problems == []
    assert result.skipped == 1  # the user profile; the summaries hold no activity here
    assert len(parse_activity_file("export.zip", data)) == 5


def test_the_same_recording_twice_is_imported_once(tmp_path):
    data = _zip(tmp_path / "a.zip", {"one/run.fit": _fit(FENIX5), "two/run.fit": _fit(FENIX5)})

    assert len(parse_activity_file("a.zip", data)) == 1


def test_garmin_original_download_from_the_corpus():
    data = corpus_path("garmin", "download_files_activity_11998957007.zip").read_bytes()

    (activity,) = parse_activity_file("11998957007.zip", data)

    assert activity.sport is Sport.YOGA
    assert activity.duration_s == pytest.approx(4339, abs=1)
    assert activity.avg_hr_bpm == 72


@pytest.mark.parametrize(
    "name", ["../../etc/evil.fit", "/tmp/evil.fit", "C:\\evil.fit", "a/../../evil.fit", "..\\x.fit"]
)
@pytest.mark.parametrize("allow_incomplete", [False, True])
def test_member_name_leaving_the_archive_refuses_it(tmp_path, name, allow_incomplete):
    data = _zip(tmp_path / "a.zip", {FENIX5: _fit(FENIX5), name: _fit(FR110)})

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("a.zip", data, allow_incomplete=allow_incomplete)

    assert caught.value.code == "archive_unsafe_member_name"
    assert caught.value.where == f"member {name}"


def test_unsafe_name_inside_a_nested_part_refuses_the_export(tmp_path):
    data = _garmin_export(tmp_path, {"../up.fit": _fit(FR110)})

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("export.zip", data, allow_incomplete=True)

    assert caught.value.code == "archive_unsafe_member_name"
    assert caught.value.where == f"member {UPLOADS}/UploadedFiles_0-_Part1.zip/../up.fit"


def test_oversized_member_is_not_unpacked_and_is_skipped_while_the_rest_imports(tmp_path):
    data = _zip(tmp_path / "a.zip", {"big.fit": bytes(MAX_FILE_BYTES + 1), FENIX5: _fit(FENIX5)})

    result = read_archive(data)

    assert [a.sport for a in result.activities] == [Sport.RUNNING]
    (problem,) = result.problems
    assert (problem.code, problem.where) == ("file_too_large", "member big.fit")
    assert "limit of 50 MB (member big.fit)" in str(problem)


def test_an_archive_of_only_bad_members_is_refused_with_every_problem(tmp_path):
    data = _zip(tmp_path / "a.zip", {"big.fit": bytes(MAX_FILE_BYTES + 1), "bad.gpx": b"<gpx"})

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("a.zip", data, allow_incomplete=True)

    assert caught.value.code == "archive_member_rejected"
    assert [p.code for p in caught.value.problems] == ["file_too_large", "xml_malformed"]
    assert "2 of the activity files" in str(caught.value)


def test_damaged_member_is_skipped_and_reported_and_salvaged_on_request(tmp_path, caplog):
    data = _garmin_export(tmp_path, {"strava.fit": _fit(STRAVA), FR110: _fit(FR110)})

    result = read_archive(data)
    assert sorted(a.external_id.split(":")[0] for a in result.activities) == ["fit", "gpx"]
    (problem,) = result.problems
    assert problem.code == "fit_undefined_message"
    assert problem.where == (
        f"member {UPLOADS}/UploadedFiles_0-_Part1.zip/strava.fit, byte 7471, message 502"
    )
    assert "bestand DI_CONNECT" in problem.message("nl")

    with caplog.at_level(logging.WARNING):
        activities = parse_activity_file("export.zip", data, allow_incomplete=True)
    incomplete = {a.external_id: a.incomplete for a in activities}
    assert sorted(incomplete.values()) == [False, False, True]  # GPX, FR110, salvaged Strava
    assert [r for r in caplog.records if r.name.startswith("service.")] == []  # all salvaged


def test_unreadable_member_is_skipped_and_logged_when_salvage_is_allowed(tmp_path, caplog):
    photo = b"\x89PNG\r\n\x1a\n" + bytes(64)
    data = _zip(tmp_path / "a.zip", {"photo.fit": photo, FENIX5: _fit(FENIX5)})

    with caplog.at_level(logging.WARNING):
        (activity,) = parse_activity_file("a.zip", data, allow_incomplete=True)

    assert activity.sport is Sport.RUNNING
    (record,) = [r for r in caplog.records if r.name.startswith("service.")]
    assert record.getMessage() == "files.archive.member_skipped"
    assert (record.code, record.where) == ("unsupported_format", "member photo.fit")


def test_member_that_is_not_an_activity_by_nature_is_skipped(tmp_path):
    settings_fit = FitBuilder().message("file_id", type=FILE_SETTINGS, manufacturer=1).build()
    data = _zip(tmp_path / "a.zip", {"settings.fit": settings_fit, FENIX5: _fit(FENIX5)})

    result = read_archive(data)

    assert len(result.activities) == 1
    assert result.problems == []
    assert result.skipped == 1


def test_archive_three_levels_deep_is_a_problem(tmp_path):
    inner = _zip(tmp_path / "inner.zip", {FR110: _fit(FR110)})
    middle = _zip(tmp_path / "middle.zip", {"inner.zip": inner})
    data = _zip(tmp_path / "outer.zip", {"middle.zip": middle, FENIX5: _fit(FENIX5)})

    (problem,) = read_archive(data).problems
    assert (problem.code, problem.where) == (
        "archive_nested_too_deep",
        "member middle.zip/inner.zip",
    )
    assert len(read_archive(data, allow_incomplete=True).activities) == 1


@pytest.mark.parametrize(
    ("limits", "code", "where"),
    [
        (ArchiveLimits(members=2), "archive_too_many_members", None),
        # refused on the declared sizes, before any member is unpacked
        (ArchiveLimits(expanded_bytes=8000), "archive_too_large", None),
        (ArchiveLimits(archive_bytes=1000), "file_too_large", None),
    ],
)
def test_archive_limits_refuse_the_whole_archive(tmp_path, limits, code, where):
    members = {f"a/{FENIX5}": _fit(FENIX5), f"b/{FENIX5}": _fit(FENIX5), "c.json": b"{}"}
    data = _zip(tmp_path / "a.zip", members)

    with pytest.raises(FileRejected) as caught:
        read_archive(data, allow_incomplete=True, limits=limits)

    assert (caught.value.code, caught.value.where) == (code, where)


@pytest.mark.parametrize(
    ("members", "code"),
    [
        ({"a.json": b"{}", "notes.txt": b"hello"}, "archive_no_activities"),
        ({}, "archive_no_activities"),
    ],
)
def test_archive_without_activity_files_is_refused(tmp_path, members, code):
    with pytest.raises(FileRejected) as caught:
        parse_activity_file("a.zip", _zip(tmp_path / "a.zip", members), allow_incomplete=True)

    assert caught.value.code == code


def test_corrupt_archive_and_corrupt_nested_part(tmp_path):
    with pytest.raises(FileRejected) as caught:
        parse_activity_file("a.zip", b"PK\x03\x04" + bytes(100))
    assert caught.value.code == "archive_invalid"

    data = _zip(tmp_path / "a.zip", {"part.zip": b"PK\x03\x04broken", FENIX5: _fit(FENIX5)})
    result = read_archive(data)
    assert len(result.activities) == 1
    (problem,) = result.problems
    assert (problem.code, problem.where) == ("archive_invalid", "member part.zip")
