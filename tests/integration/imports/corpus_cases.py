"""The corpus FIT files and what importing them must store (session figures from the corpus
SOURCES.md: ``total_distance`` and the session's elapsed time; one entry per sport leg)."""

from __future__ import annotations

import io
import zipfile

from service.demo.fakes.corpus import corpus_path

# file: [(sport, local date, distance m, duration s), ...] per sport leg; the local date is the
# day at the file's own UTC offset when it records one (the yoga session: 18:10 at UTC−6, on the
# 28th, though it was already the 29th in Amsterdam), else in Amsterdam
INTACT: dict[str, list[tuple[str, str, float | None, float]]] = {
    "garmin-fr110-run-2013-02-06.fit": [("running", "2013-02-06", 4835.38, 2625.14)],
    "garmin-fenix2-run-2015-08-15.fit": [("running", "2015-08-15", 9008.22, 2832.0)],
    "garmin-fenix5-run-2017-06-11.fit": [("running", "2017-06-11", 157.56, 56.887)],
    "garmin-fr70-run-compressed-speed-distance.fit": [
        ("running", "2012-02-13", 10248.67, 3883.273)
    ],
    "stryd-run-developer-fields-2017-01-17.fit": [("running", "2017-01-17", 6753.99, 3424.0)],
    "garmin-edge500-cycling-2011-06-26.fit": [("cycling", "2011-06-26", 88797.21, 11741.57)],
    "garmin-fenix6x-yoga-2023-09-29.fit": [("yoga", "2023-09-28", None, 9.676)],
    "garmin-fr920xt-triathlon-chained-2018-05-27.fit": [
        ("swimming", "2018-05-27", 1644.71, 1987.521),
        ("cycling", "2018-05-27", 40909.42, 4422.14),
        ("running", "2018-05-27", 9805.92, 2850.694),
    ],
}

# file: (code, where) of the refusal without --allow-incomplete
DAMAGED: dict[str, tuple[str, str]] = {
    "corrupt-bad-crc.fit": ("fit_crc_mismatch", "byte 769"),
    "corrupt-truncated-eof.fit": ("fit_truncated", "byte 768, message 31"),
    "sigma-cycling-2020-09-12-unterminated.fit": (
        "fit_unterminated",
        "byte 403456, message 14422",
    ),
    "strava-android-run-2021-09-27-undefined-local-msg.fit": (
        "fit_undefined_message",
        "byte 7471, message 502",
    ),
}

# The damaged real recordings and what --allow-incomplete keeps: (sport, distance m, duration s)
SALVAGED: dict[str, tuple[str, float, float]] = {
    "sigma-cycling-2020-09-12-unterminated.fit": ("cycling", 113550.87, 16723.0),
    "strava-android-run-2021-09-27-undefined-local-msg.fit": ("running", 11274.04, 3558.0),
}

NOT_FIT = ("notes.txt", b"Ran 10 km this morning, felt good.\n")


def fit_bytes(name: str) -> bytes:
    return corpus_path("fit", name).read_bytes()


def zip_of(*names: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A ZIP built here of corpus files (as a Garmin export nests them), plus ``extra`` members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(f"DI_CONNECT/DI-Connect-Uploaded-Files/{name}", fit_bytes(name))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()
