"""Unpacking the ORIGINAL download (a zip around the uploaded file) safely."""

from __future__ import annotations

import io
import zipfile

import pytest

from service.demo.fakes.corpus import corpus_path
from service.integrations import garmin_original
from service.integrations.garmin_original import fit_from_original_zip

RECORDED_ZIP = corpus_path("garmin", "download_files_activity_11998957007.zip")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_recorded_original_yields_its_fit_member():
    with zipfile.ZipFile(RECORDED_ZIP) as archive:
        expected = archive.read("11998957007_ACTIVITY.fit")
    fit = fit_from_original_zip(RECORDED_ZIP.read_bytes())
    assert fit == expected
    assert (len(fit), fit[8:12]) == (88212, b".FIT")


FENIX5 = corpus_path("fit", "garmin-fenix5-run-2017-06-11.fit").read_bytes()


@pytest.mark.parametrize(
    ("blob", "expected"),
    [
        (_zip({"1_ACTIVITY.fit": FENIX5}), FENIX5),
        (_zip({"readme.txt": b"hello", "1_ACTIVITY.FIT": FENIX5}), FENIX5),
        (_zip({"1_ACTIVITY.gpx": b"<gpx/>"}), None),
        (_zip({}), None),
        (FENIX5, FENIX5),
    ],
)
def test_fit_members_are_found_and_other_originals_give_none(blob, expected):
    assert fit_from_original_zip(blob) == expected


@pytest.mark.parametrize(
    "blob",
    [
        b"<html>Service Unavailable</html>",
        b"",
        _zip({f"{index}.txt": b"x" for index in range(40)}),
        RECORDED_ZIP.read_bytes()[:-200],
    ],
)
def test_damaged_or_suspicious_archives_are_refused(blob):
    with pytest.raises(ValueError, match=r"ORIGINAL|FIT"):
        fit_from_original_zip(blob)


def test_a_member_above_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(garmin_original, "MAX_ORIGINAL_MEMBER_BYTES", 50_000)
    with pytest.raises(ValueError, match="bytes uncompressed"):
        fit_from_original_zip(RECORDED_ZIP.read_bytes())
