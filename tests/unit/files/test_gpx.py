"""GPX files written in the test (to ``tmp_path``) and read back through the public entry."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.integrations.base import Source, Sport
from service.integrations.files import FileRejected, parse_activity_file

START = datetime(2026, 4, 5, 8, 30, tzinfo=UTC)
TPX_V1 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
TPX_V2 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2"
EARTH_RADIUS_M = 6_371_000


def _point(lat: float, at: datetime | None, hr: int | None, ele: float | None, ns: str) -> str:
    parts = [f'<trkpt lat="{lat:.6f}" lon="4.900000">']
    if ele is not None:
        parts.append(f"<ele>{ele}</ele>")
    if at is not None:
        parts.append(f"<time>{at.strftime('%Y-%m-%dT%H:%M:%SZ')}</time>")
    if hr is not None:
        parts.append(
            f'<extensions><gpxtpx:TrackPointExtension xmlns:gpxtpx="{ns}">'
            f"<gpxtpx:hr>{hr}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>"
        )
    return "".join(parts) + "</trkpt>"


def gpx_track(
    steps_s: list[int],
    *,
    heart_rates: list[int] | None = None,
    elevations: list[float] | None = None,
    track_type: str | None = None,
    name: str | None = "Morning run",
    timed: bool = True,
    ns: str = TPX_V1,
    lat_step: float = 0.001,
) -> str:
    """One ``<trk>``: points due north ``lat_step`` degrees apart, ``steps_s`` after the start."""
    points = []
    for index, offset in enumerate(steps_s):
        points.append(
            _point(
                52.0 + index * lat_step,
                START + timedelta(seconds=offset) if timed else None,
                heart_rates[index] if heart_rates else None,
                elevations[index] if elevations else None,
                ns,
            )
        )
    head = (f"<name>{name}</name>" if name else "") + (
        f"<type>{track_type}</type>" if track_type else ""
    )
    return f"<trk>{head}<trkseg>{''.join(points)}</trkseg></trk>"


def gpx_document(*tracks: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">\n'
        + "\n".join(tracks)
        + "\n</gpx>\n"
    )


def _write(tmp_path: Path, text: str, name: str = "run.gpx") -> bytes:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def _meridian_m(degrees: float) -> float:
    return EARTH_RADIUS_M * math.radians(degrees)


def test_track_gives_distance_duration_heart_rate_and_name(tmp_path):
    track = gpx_track(
        [0, 60, 120, 180, 240], heart_rates=[120, 130, 140, 150, 160], track_type="running"
    )
    data = _write(tmp_path, gpx_document(track))

    (activity,) = parse_activity_file("run.gpx", data)

    assert activity.source is Source.FILE
    assert activity.sport is Sport.RUNNING
    assert activity.name == "Morning run"
    assert activity.start_utc == START
    assert activity.duration_s == 240
    assert activity.distance_m == pytest.approx(_meridian_m(0.004), rel=2e-3)
    assert activity.moving_s == 240
    assert activity.avg_hr_bpm == pytest.approx(140.0)
    assert activity.max_hr_bpm == 160
    assert activity.utc_offset_s is None
    assert activity.incomplete is False
    assert activity.external_id.startswith("gpx:")
    assert activity.raw["format"] == "gpx"
    assert activity.raw["distance_basis"] == "2d"


def test_distance_is_horizontal_even_when_the_track_climbs(tmp_path):
    track = gpx_track([0, 60, 120], elevations=[0.0, 100.0, 200.0])
    data = _write(tmp_path, gpx_document(track))

    (activity,) = parse_activity_file("hill.gpx", data)

    assert activity.distance_m == pytest.approx(_meridian_m(0.002), rel=2e-3)
    assert activity.raw["length_3d_m"] > activity.distance_m + 50


def test_heart_rate_is_read_from_either_extension_version(tmp_path):
    track = gpx_track([0, 10], heart_rates=[100, 110], ns=TPX_V2)

    (activity,) = parse_activity_file("x.gpx", _write(tmp_path, gpx_document(track)))

    assert (activity.avg_hr_bpm, activity.max_hr_bpm) == (105.0, 110)


@pytest.mark.parametrize(
    ("track_type", "sport"),
    [
        ("running", Sport.RUNNING),
        ("Trail Running", Sport.TRAIL_RUNNING),
        ("cycling", Sport.CYCLING),
        ("Biking", Sport.CYCLING),
        ("hiking", Sport.HIKING),
        ("9", Sport.RUNNING),  # Strava's export
        ("1", Sport.CYCLING),
        ("TrailRun", Sport.TRAIL_RUNNING),
    ],
)
def test_sport_comes_from_the_track_type(tmp_path, track_type, sport):
    track = gpx_track([0, 10], track_type=track_type)

    (activity,) = parse_activity_file("x.gpx", _write(tmp_path, gpx_document(track)))

    assert activity.sport is sport
    assert activity.sport_to_confirm is False
    assert "sport_guess" not in activity.raw


@pytest.mark.parametrize("track_type", [None, "kayaking", "Other"])
@pytest.mark.parametrize(
    ("seconds_per_step", "lat_step", "guess"),
    [
        (30, 0.001, Sport.RUNNING),  # 3.7 m/s
        (120, 0.001, Sport.WALKING),  # 0.9 m/s
        (30, 0.003, Sport.CYCLING),  # 11 m/s
        (30, 0.01, Sport.OTHER),  # 37 m/s: a car
    ],
)
def test_without_a_known_type_the_speed_guesses_and_the_athlete_confirms(
    tmp_path, track_type, seconds_per_step, lat_step, guess
):
    steps = [seconds_per_step * index for index in range(20)]
    track = gpx_track(steps, track_type=track_type, lat_step=lat_step)

    (activity,) = parse_activity_file("x.gpx", _write(tmp_path, gpx_document(track)))

    assert activity.sport is guess
    assert activity.sport_to_confirm is True
    assert activity.raw["sport_guess"]["basis"] == "speed"


def test_every_timed_track_is_an_activity_with_its_own_id(tmp_path):
    document = gpx_document(gpx_track([0, 60]), gpx_track([0, 30], timed=False), gpx_track([0, 90]))

    first, second = parse_activity_file("two.gpx", _write(tmp_path, document))

    assert (first.duration_s, second.duration_s) == (60, 90)
    assert first.external_id.endswith(":0")
    assert second.external_id.endswith(":2")
    assert first.external_id.split(":")[1] == second.external_id.split(":")[1]


def test_times_with_an_offset_or_without_a_zone_are_utc(tmp_path):
    document = gpx_document(gpx_track([0, 60])).replace(
        START.strftime("%Y-%m-%dT%H:%M:%SZ"), "2026-04-05T10:30:00+02:00"
    )

    (activity,) = parse_activity_file("x.gpx", _write(tmp_path, document))

    assert activity.start_utc == START


def test_naive_and_zoned_times_mix_without_trouble(tmp_path):
    document = gpx_document(gpx_track([0, 60, 120])).replace(
        START.strftime("%Y-%m-%dT%H:%M:%SZ"), START.strftime("%Y-%m-%dT%H:%M:%S")
    )

    (activity,) = parse_activity_file("x.gpx", _write(tmp_path, document))

    assert (activity.start_utc, activity.duration_s, activity.moving_s) == (START, 120, 120)


@pytest.mark.parametrize("latitude", ["999", "1e400", "nan", "-91"])
def test_impossible_position_is_an_invalid_gpx(tmp_path, latitude):
    document = gpx_document(gpx_track([0, 60])).replace('lat="52.000000"', f'lat="{latitude}"')

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("x.gpx", _write(tmp_path, document))

    assert caught.value.code == "gpx_invalid"


def test_non_numeric_heart_rate_samples_are_ignored(tmp_path):
    track = gpx_track([0, 10, 20], heart_rates=[100, 0, 120]).replace(">0<", ">inf<")

    (activity,) = parse_activity_file("x.gpx", _write(tmp_path, gpx_document(track)))

    assert (activity.avg_hr_bpm, activity.max_hr_bpm) == (110.0, 120)


def test_latin1_document_is_decoded_by_its_declaration(tmp_path):
    text = gpx_document(gpx_track([0, 60], name="Rondje Zoë")).replace("UTF-8", "ISO-8859-1")
    path = tmp_path / "latin.gpx"
    path.write_bytes(text.encode("latin-1"))

    (activity,) = parse_activity_file("latin.gpx", path.read_bytes())

    assert activity.name == "Rondje Zoë"


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (gpx_document(gpx_track([0, 60], timed=False)), "no_timestamps"),
        (gpx_document('<wpt lat="52" lon="4"><name>Start</name></wpt>'), "no_activity_data"),
        (gpx_document(), "no_activity_data"),
    ],
)
def test_gpx_without_a_timed_track_is_refused(tmp_path, document, code):
    with pytest.raises(FileRejected) as caught:
        parse_activity_file("x.gpx", _write(tmp_path, document))

    assert caught.value.code == code


def test_malformed_gpx_reports_the_line_where_parsing_stopped(tmp_path):
    lines = gpx_document(gpx_track([0, 60])).splitlines()
    lines.insert(3, "<trk><trkseg><trkpt lat='1' lon='2'></trkseg>")  # becomes line 4
    data = _write(tmp_path, "\n".join(lines))

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("broken.gpx", data)

    assert caught.value.code == "xml_malformed"
    assert caught.value.location.line == 4
    assert caught.value.where.startswith("line 4, column ")
    assert "regel 4" in caught.value.message("nl")


def test_entity_expansion_is_refused_before_any_expansion(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<gpx version="1.1"><trk><name>&b;</name></trk></gpx>'
    )

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("bomb.gpx", _write(tmp_path, bomb))

    assert caught.value.code == "xml_forbidden"


def test_invalid_value_is_reported_as_an_invalid_gpx(tmp_path):
    document = gpx_document(gpx_track([0, 60])).replace('lat="52.000000"', 'lat="north"')

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("x.gpx", _write(tmp_path, document))

    assert caught.value.code == "gpx_invalid"


@settings(max_examples=40, deadline=None)
@given(gaps=st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=30))
def test_duration_is_the_span_of_the_point_times(gaps):
    offsets = [0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    data = gpx_document(gpx_track(offsets)).encode()

    (activity,) = parse_activity_file("x.gpx", data)

    assert activity.duration_s == offsets[-1]
    assert activity.distance_m == pytest.approx(_meridian_m(0.001 * len(gaps)), rel=2e-3)
    assert activity.moving_s is None or 0 < activity.moving_s <= activity.duration_s
    fast = sum(gap for gap in gaps if gap < 300)  # 111 m in under 5 min: well above 1 km/h
    assert (activity.moving_s or 0) >= fast
