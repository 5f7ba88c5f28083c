"""Format recognition by content, refusals of non-activity files, and the refusal messages."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.demo.fakes.corpus import corpus_path
from service.integrations.base import Sport
from service.integrations.files import MAX_FILE_BYTES, FileRejected, Location, parse_activity_file
from service.integrations.files.errors import LOCALES, MESSAGES
from service.integrations.files.formats import Kind, sniff
from service.integrations.files.sports import fit_sport, named_sport, text_sport
from tests.unit.files.test_gpx import gpx_document, gpx_track

FENIX5 = corpus_path("fit", "garmin-fenix5-run-2017-06-11.fit")


def test_content_decides_the_format_not_the_extension():
    fit_named_gpx = parse_activity_file("run.gpx", FENIX5.read_bytes())
    gpx_named_fit = parse_activity_file("run.fit", gpx_document(gpx_track([0, 60])).encode())

    assert fit_named_gpx[0].external_id.startswith("fit:")
    assert gpx_named_fit[0].external_id.startswith("gpx:")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00", Kind.FIT),
        (b"\x0c\x10\x00\x00\x00\x00\x00\x00.FIT", Kind.FIT),
        (b"\x0e\x10\x00\x00\x00\x00\x00\x00.FTI\x00\x00", None),
        (b"PK\x03\x04rest", Kind.ZIP),
        (b"PK\x05\x06" + bytes(18), Kind.ZIP),
        (b"\xef\xbb\xbf  \n<?xml?>", Kind.XML),
        (b"\xff\xfe<\x00", Kind.XML),
        (b"\x89PNG\r\n\x1a\n", None),
        (b"{}", None),
        (b"", None),
    ],
)
def test_sniff(data, kind):
    assert sniff(data) is kind


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "unsupported_format"),
        (b'{"activityId": 1}', "unsupported_format"),
        (b"just some text\n", "unsupported_format"),
        (b"<html><body>hi</body></html>", "unsupported_format"),
        (b"<" + bytes(MAX_FILE_BYTES), "file_too_large"),
    ],
)
def test_non_activity_file_is_always_refused(data, code):
    for allow_incomplete in (False, True):
        with pytest.raises(FileRejected) as caught:
            parse_activity_file("upload", data, allow_incomplete=allow_incomplete)
        assert caught.value.code == code


@given(st.binary(min_size=1, max_size=300).filter(lambda b: sniff(b) is None))
def test_random_bytes_are_refused_as_unsupported(data):
    with pytest.raises(FileRejected) as caught:
        parse_activity_file("random.bin", data)

    assert caught.value.code == "unsupported_format"


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_refusal_reads_in_english_and_dutch(code):
    params: dict[str, Any] = {
        "limit_mb": 50,
        "limit": 10,
        "kind": "settings",
        "local": 3,
        "count": 2,
        "seconds": 120,
        "day": "1901-12-13",
    }
    inner = FileRejected("empty_file")
    problems = (inner,) if code == "archive_member_rejected" else ()
    rejection = FileRejected(code, Location(byte=12), problems=problems, **params)

    assert set(MESSAGES[code]) == set(LOCALES)
    english, dutch = rejection.message("en"), rejection.message("nl")
    assert english == str(rejection)
    assert english != dutch
    assert english.endswith("(byte 12).")
    assert "{" not in english + dutch
    assert "\n" not in english + dutch


def test_location_renders_every_part_in_both_languages():
    location = Location(member="2021/run.fit", byte=7471, message=503, line=4, column=2)

    assert location.render("en") == (
        "member 2021/run.fit, byte 7471, message 503, line 4, column 2"
    )
    assert location.render("nl") == (
        "bestand 2021/run.fit, byte 7471, bericht 503, regel 4, kolom 2"
    )
    assert location.inside("export.zip").member == "export.zip/2021/run.fit"


def test_rejection_survives_pickling_for_task_results():
    rejection = FileRejected("fit_undefined_message", Location(byte=7471, message=502), local=11)

    copy = pickle.loads(pickle.dumps(rejection))  # noqa: S301 - our own bytes

    assert (copy.code, copy.where, copy.params) == (rejection.code, rejection.where, {"local": 11})
    assert str(copy) == str(rejection)


def test_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown rejection code"):
        FileRejected("something_new")


@pytest.mark.parametrize(
    ("sport", "sub_sport", "expected"),
    [
        ("running", "generic", Sport.RUNNING),
        ("running", "trail", Sport.TRAIL_RUNNING),
        ("running", "treadmill", Sport.TREADMILL_RUNNING),
        ("running", "track", Sport.TRACK_RUNNING),
        ("running", "street", Sport.RUNNING),
        ("cycling", "road", Sport.CYCLING),
        ("e_biking", None, Sport.CYCLING),
        ("swimming", "open_water", Sport.SWIMMING),
        ("walking", "casual_walking", Sport.WALKING),
        ("hiking", None, Sport.HIKING),
        ("training", "strength_training", Sport.STRENGTH),
        ("training", "yoga", Sport.YOGA),
        ("training", "pilates", Sport.YOGA),
        ("training", "cardio_training", Sport.OTHER),
        ("fitness_equipment", "elliptical", Sport.ELLIPTICAL),
        ("fitness_equipment", "indoor_rowing", Sport.ROWING),
        ("fitness_equipment", "treadmill", Sport.TREADMILL_RUNNING),
        ("rowing", None, Sport.ROWING),
        ("transition", "generic", Sport.TRANSITION),
        ("soccer", None, Sport.OTHER),
        (251, 7, Sport.OTHER),
    ],
)
def test_fit_sport_mapping(sport, sub_sport, expected):
    assert fit_sport(sport, sub_sport) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Running", Sport.RUNNING),
        ("Biking", Sport.CYCLING),
        ("Other", Sport.OTHER),
        ("trail-running", Sport.TRAIL_RUNNING),
        ("  Treadmill Running ", Sport.TREADMILL_RUNNING),
        ("Strength Training", Sport.STRENGTH),
        ("kayaking", None),
        (None, None),
        # Strava's numeric GPX codes and its own words
        ("9", Sport.RUNNING),
        (" 9 ", Sport.RUNNING),
        ("1", Sport.CYCLING),
        ("4", Sport.HIKING),
        ("10", Sport.WALKING),
        ("16", Sport.SWIMMING),
        ("23", Sport.ROWING),
        ("99", None),
        ("Run", Sport.RUNNING),
        ("TrailRun", Sport.TRAIL_RUNNING),
        ("VirtualRun", Sport.TREADMILL_RUNNING),
        ("EBikeRide", Sport.CYCLING),
        ("MountainBikeRide", Sport.CYCLING),
        ("WeightTraining", Sport.STRENGTH),
        # Garmin Connect's type keys, other apps' words
        ("street_running", Sport.RUNNING),
        ("virtual_run", Sport.TREADMILL_RUNNING),
        ("open_water_swimming", Sport.SWIMMING),
        ("jogging", Sport.RUNNING),
        ("touringbicycle", Sport.CYCLING),
        ("MTB", Sport.CYCLING),
    ],
)
def test_text_sport_mapping(text, expected):
    assert text_sport(text) is expected


@pytest.mark.parametrize("text", [None, "", "  ", "Other", "generic", "t", "99"])
def test_a_type_that_names_no_sport_leaves_it_to_the_speed_profile(text):
    assert named_sport(text) is None
