"""Every public GPX and TCX test file in the corpus (gpxpy's and python-tcxparser's own test
files, ``shared/corpus/gpx_tcx``): imported with the right sport, distance and time, or marked for
the athlete to confirm the sport, or refused with the right reason. Nothing that names no sport
counts as running unmarked."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.demo.fakes.corpus import corpus_path
from service.integrations.base import RUNNING_SPORTS
from service.integrations.files import FileRejected, parse_activity_file

# (sport, to confirm, start UTC to the minute, distance m, duration s) per track or activity
Row = tuple[str, bool, str, float, float]

CERKNICKO: list[Row] = [
    ("walking", True, "2010-08-05T14:23", 1914, 2469),
    ("running", True, "2010-08-05T15:11", 874, 155),
    ("walking", True, "2010-08-05T15:24", 30, 21),
    ("other", True, "2010-08-05T15:38", 1354, 288),  # 15 m/s stretches: a car or a bus
    ("walking", True, "2010-08-05T15:58", 32, 201),
    ("running", True, "2010-08-05T16:04", 29, 13),
    ("walking", True, "2010-08-05T16:05", 347, 1092),
]
CERKNICKO_WITHOUT_ELEVATIONS = [*CERKNICKO[:-1], ("walking", True, "2010-08-05T16:05", 347, 1078)]

EXPECTED: dict[str, list[Row] | str] = {
    "gpxpy__Mojstrovka.gpx": "date_out_of_range",  # dated 1901
    "gpxpy__around-visnjan-with-car.gpx": [("other", True, "2020-12-18T06:15", 2736, 514)],
    "gpxpy__cerknicko-jezero-no-creator.gpx": CERKNICKO,
    "gpxpy__cerknicko-jezero-with-elevations-zero.gpx": CERKNICKO,
    "gpxpy__cerknicko-jezero-without-elevations.gpx": CERKNICKO_WITHOUT_ELEVATIONS,
    "gpxpy__cerknicko-jezero.gpx": CERKNICKO,
    "gpxpy__cerknicko-without-times.gpx": [("running", True, "2010-08-05T16:22", 347, 57)],
    "gpxpy__custom_schema_locations.gpx": "no_activity_data",
    "gpxpy__default_schema_locations.gpx": "no_activity_data",
    "gpxpy__first_and_last_elevation.gpx": [("other", True, "2013-05-18T08:23", 195708, 7200)],
    "gpxpy__gpx-with-node-with-comments.gpx": [("other", True, "2014-05-06T12:29", 0, 0)],
    "gpxpy__gpx1.0_with_all_fields.gpx": [("other", True, "2013-01-01T12:00", 0, 0)],
    "gpxpy__gpx1.1_with_all_fields.gpx": [("other", True, "2013-01-01T12:00", 0, 0)],  # type "t"
    "gpxpy__gpx1.1_with_extensions.gpx": "no_activity_data",
    "gpxpy__gpx1.1_with_extensions_without_namespaces.gpx": "no_activity_data",
    "gpxpy__gpx_with_garmin_extension.gpx": "no_activity_data",
    "gpxpy__korita-zbevnica.gpx": [
        ("walking", True, "2010-10-03T09:36", 2285, 4552),
        ("walking", True, "2010-10-03T10:57", 3984, 8541),
    ],
    "gpxpy__route.gpx": "no_activity_data",
    "gpxpy__track-with-empty-segment.gpx": [("running", True, "2013-07-06T17:26", 86, 76)],
    "gpxpy__track-with-extremes.gpx": "no_timestamps",
    "gpxpy__track-with-less-sec-time.gpx": [("running", False, "2015-12-11T14:43", 2, 1)],
    "gpxpy__track-with-small-floats.gpx": "no_timestamps",
    "gpxpy__track_with_dilution_errors.gpx": "no_timestamps",
    "gpxpy__track_with_speed.gpx": [("walking", True, "2009-03-02T14:05", 19, 13)],
    "gpxpy__unicode.gpx": "no_activity_data",
    "gpxpy__unicode2.gpx": "no_activity_data",
    "gpxpy__unicode_with_bom.gpx": "no_activity_data",
    "gpxpy__unicode_with_bom_noencoding.gpx": "no_activity_data",
    # tcxparser's own tests expect 4686 m (the last point) in 1992.8 s; the laps add up to 4689 m
    "tcxparser__no_hr.tcx": [("running", False, "2012-12-26T21:29", 4686, 1992.8)],
    "tcxparser__test.tcx": [("running", False, "2012-12-26T21:29", 4686, 1992.8)],
}


def _corpus_files() -> list[Path]:
    folder = corpus_path("gpx_tcx", "SOURCES.md").parent
    return sorted(path for path in folder.iterdir() if path.suffix in {".gpx", ".tcx"})


def test_the_table_covers_every_file_of_the_corpus():
    assert sorted(path.name for path in _corpus_files()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_public_test_file(name):
    data = corpus_path("gpx_tcx", name).read_bytes()
    expected = EXPECTED[name]

    if isinstance(expected, str):
        with pytest.raises(FileRejected) as caught:
            parse_activity_file(name, data)
        assert caught.value.code == expected
        return

    activities = parse_activity_file(name, data)

    got = [
        (a.sport.value, a.sport_to_confirm, a.start_utc.strftime("%Y-%m-%dT%H:%M"))
        for a in activities
    ]
    assert got == [(sport, confirm, start) for sport, confirm, start, _, _ in expected]
    for activity, (_, _, _, distance_m, duration_s) in zip(activities, expected, strict=True):
        assert activity.distance_m == pytest.approx(distance_m, rel=0.005, abs=1)
        assert activity.duration_s == pytest.approx(duration_s, rel=0.005, abs=1)
    for activity in activities:
        if activity.sport.value in RUNNING_SPORTS and not activity.sport_to_confirm:
            assert activity.raw.get("track_type") or activity.raw.get("sport_attribute")


def test_the_car_ride_around_visnjan_is_not_a_run():
    data = corpus_path("gpx_tcx", "gpxpy__around-visnjan-with-car.gpx").read_bytes()

    (activity,) = parse_activity_file("car.gpx", data)

    assert activity.sport.value not in RUNNING_SPORTS
    assert activity.sport_to_confirm is True
    assert activity.raw["sport_guess"]["fast_mps"] > 12
