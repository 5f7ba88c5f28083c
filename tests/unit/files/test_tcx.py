"""TCX files written in the test (to ``tmp_path``) and read back through the public entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from service.integrations.base import Source, Sport
from service.integrations.files import FileRejected, parse_activity_file

START = datetime(2026, 5, 10, 6, 0, tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


@dataclass
class Lap:
    offset_s: int
    total_s: float | None
    distance_m: float | None = None
    avg_hr: int | None = None
    max_hr: int | None = None
    # (seconds after the activity start, cumulative distance m, HR bpm or None, has GPS)
    points: list[tuple[int, float | None, int | None, bool]] = field(default_factory=list)

    def xml(self) -> str:
        parts = [f'<Lap StartTime="{_stamp(START + timedelta(seconds=self.offset_s))}">']
        if self.total_s is not None:
            parts.append(f"<TotalTimeSeconds>{self.total_s}</TotalTimeSeconds>")
        if self.distance_m is not None:
            parts.append(f"<DistanceMeters>{self.distance_m}</DistanceMeters>")
        if self.avg_hr is not None:
            parts.append(f"<AverageHeartRateBpm><Value>{self.avg_hr}</Value></AverageHeartRateBpm>")
        if self.max_hr is not None:
            parts.append(f"<MaximumHeartRateBpm><Value>{self.max_hr}</Value></MaximumHeartRateBpm>")
        parts.append("<Track>" + "".join(_trackpoint(*p) for p in self.points) + "</Track></Lap>")
        return "".join(parts)


def _trackpoint(offset_s: int, distance: float | None, hr: int | None, gps: bool) -> str:
    parts = [f"<Trackpoint><Time>{_stamp(START + timedelta(seconds=offset_s))}</Time>"]
    if gps:
        parts.append(
            "<Position><LatitudeDegrees>52.1</LatitudeDegrees>"
            "<LongitudeDegrees>4.9</LongitudeDegrees></Position>"
        )
    if distance is not None:
        parts.append(f"<DistanceMeters>{distance}</DistanceMeters>")
    if hr is not None:
        parts.append(f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>")
    return "".join(parts) + "</Trackpoint>"


def tcx_activity(sport: str, laps: list[Lap], *, with_id: bool = True) -> str:
    identifier = f"<Id>{_stamp(START)}</Id>" if with_id else ""
    creator = '<Creator xsi:type="Device_t"><Name>Forerunner 965</Name></Creator>'
    body = "".join(lap.xml() for lap in laps)
    return f'<Activity Sport="{sport}">{identifier}{body}{creator}</Activity>'


def tcx_document(*activities: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<TrainingCenterDatabase"
        ' xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        "<Activities>\n" + "\n".join(activities) + "\n</Activities>\n</TrainingCenterDatabase>\n"
    )


def _write(tmp_path: Path, text: str) -> bytes:
    path = tmp_path / "activity.tcx"
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def _two_lap_run() -> list[Lap]:
    first = Lap(0, 300.0, 1000.0, 140, 150, [(0, 0.0, 130, True), (300, 1000.0, 150, True)])
    second = Lap(400, 250.0, 900.0, 160, 175, [(400, 1000.0, 155, True), (650, 1900.0, 175, True)])
    return [first, second]


def test_activity_gives_lap_totals_and_point_heart_rate(tmp_path):
    data = _write(tmp_path, tcx_document(tcx_activity("Running", _two_lap_run())))

    (activity,) = parse_activity_file("run.tcx", data)

    assert activity.source is Source.FILE
    assert activity.sport is Sport.RUNNING
    assert activity.start_utc == START
    assert activity.duration_s == 650
    assert activity.moving_s == 550
    assert activity.distance_m == 1900
    assert activity.avg_hr_bpm == pytest.approx((130 + 150 + 155 + 175) / 4)
    assert activity.max_hr_bpm == 175
    assert activity.external_id.startswith("tcx:")
    assert activity.raw["device"] == "Forerunner 965"
    assert activity.raw["laps"] == 2


def test_without_point_heart_rate_the_laps_are_weighted_by_their_time(tmp_path):
    laps = [Lap(0, 300.0, 1000.0, 140, 150, [(0, 0.0, None, True), (300, 1000.0, None, True)]),
            Lap(300, 100.0, 300.0, 180, 190, [(400, 1300.0, None, True)])]  # fmt: skip

    (activity,) = parse_activity_file(
        "run.tcx", _write(tmp_path, tcx_document(tcx_activity("Running", laps)))
    )

    assert activity.avg_hr_bpm == pytest.approx((140 * 300 + 180 * 100) / 400)
    assert activity.max_hr_bpm == 190


def test_treadmill_run_without_positions_keeps_its_points(tmp_path):
    laps = [Lap(0, 600.0, None, None, None, [(0, 0.0, 120, False), (600, 1800.0, 140, False)])]

    (activity,) = parse_activity_file(
        "indoor.tcx", _write(tmp_path, tcx_document(tcx_activity("Running", laps)))
    )

    assert activity.distance_m == 1800  # the last cumulative point distance
    assert activity.avg_hr_bpm == pytest.approx(130.0)
    assert activity.duration_s == 600


@pytest.mark.parametrize(
    ("sport", "expected", "to_confirm"),
    [
        ("Running", Sport.RUNNING, False),
        ("Biking", Sport.CYCLING, False),
        # no sport named: 1900 m in 550 s of timer time is a run, for the athlete to confirm
        ("Other", Sport.RUNNING, True),
        ("", Sport.RUNNING, True),
    ],
)
def test_sport_attribute(tmp_path, sport, expected, to_confirm):
    data = _write(tmp_path, tcx_document(tcx_activity(sport, _two_lap_run())))

    (activity,) = parse_activity_file("x.tcx", data)

    assert activity.sport is expected
    assert activity.sport_to_confirm is to_confirm


def test_each_activity_is_its_own_activity(tmp_path):
    ride = [Lap(0, 3600.0, 30000.0, 130, 160, [(0, 0.0, 120, True), (3600, 30000.0, 150, True)])]
    document = tcx_document(tcx_activity("Running", _two_lap_run()), tcx_activity("Biking", ride))

    run, bike = parse_activity_file("two.tcx", _write(tmp_path, document))

    assert (run.sport, bike.sport) == (Sport.RUNNING, Sport.CYCLING)
    assert bike.distance_m == 30000
    assert run.external_id != bike.external_id


def test_start_falls_back_to_the_first_lap_without_an_id(tmp_path):
    document = tcx_document(tcx_activity("Running", _two_lap_run(), with_id=False))

    (activity,) = parse_activity_file("x.tcx", _write(tmp_path, document))

    assert activity.start_utc == START


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (tcx_document(), "no_activity_data"),
        (tcx_document('<Activity Sport="Running"></Activity>'), "no_timestamps"),
        (
            tcx_document(tcx_activity("Running", _two_lap_run())).replace(
                _stamp(START + timedelta(seconds=300)), "yesterday", 1
            ),
            "tcx_invalid",
        ),
    ],
)
def test_tcx_without_usable_activity_is_refused(tmp_path, document, code):
    with pytest.raises(FileRejected) as caught:
        parse_activity_file("x.tcx", _write(tmp_path, document))

    assert caught.value.code == code


def test_malformed_tcx_reports_the_line(tmp_path):
    text = tcx_document(tcx_activity("Running", _two_lap_run())).replace("</Activities>", "")

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("x.tcx", _write(tmp_path, text))

    assert caught.value.code == "xml_malformed"
    # line 5 is left empty; line 6 closes TrainingCenterDatabase while Activities is open
    assert (caught.value.location.line, caught.value.location.column) == (6, 3)


def test_non_numeric_lap_values_are_ignored(tmp_path):
    text = tcx_document(tcx_activity("Running", _two_lap_run()))
    text = text.replace("<TotalTimeSeconds>300.0<", "<TotalTimeSeconds>NaN<")
    text = text.replace("<DistanceMeters>900.0<", "<DistanceMeters>inf<")

    (activity,) = parse_activity_file("x.tcx", _write(tmp_path, text))

    assert activity.moving_s == 250
    assert activity.distance_m == 1000
