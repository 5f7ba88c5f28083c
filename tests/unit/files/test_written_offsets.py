"""The session's own UTC offset from GPX and TCX times written with one (DOMAIN §1.6.1): a time
written as local time with its offset says where the runner was; ``Z`` or no offset says nothing,
and the athlete's time zone decides the day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.integrations.files import parse_activity_file

GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>evening run</name><type>running</type><trkseg>
<trkpt lat="40.7800" lon="-73.9700"><time>{first}</time></trkpt>
<trkpt lat="40.7900" lon="-73.9700"><time>{second}</time></trkpt>
</trkseg></trk></gpx>
"""
TCX = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Id>{first}</Id>
<Lap StartTime="{first}"><TotalTimeSeconds>1800</TotalTimeSeconds>
<DistanceMeters>5000</DistanceMeters><Track>
<Trackpoint><Time>{first}</Time><DistanceMeters>0</DistanceMeters></Trackpoint>
<Trackpoint><Time>{second}</Time><DistanceMeters>5000</DistanceMeters></Trackpoint>
</Track></Lap></Activity></Activities></TrainingCenterDatabase>
"""


@pytest.mark.parametrize(("name", "template"), [("run.gpx", GPX), ("run.tcx", TCX)])
@pytest.mark.parametrize(
    ("first", "second", "offset_s"),
    [
        ("2026-12-07T19:30:00-05:00", "2026-12-07T20:00:00-05:00", -18000),
        ("2026-06-07T07:30:00+05:30", "2026-06-07T08:00:00+05:30", 19800),
        ("2026-12-08T00:30:00Z", "2026-12-08T01:00:00Z", None),
        ("2026-12-08T00:30:00+00:00", "2026-12-08T01:00:00+00:00", None),
    ],
)
def test_a_time_written_with_its_offset_gives_the_sessions_own_offset(
    name: str, template: str, first: str, second: str, offset_s: int | None
) -> None:
    data = template.format(first=first, second=second).encode()

    (activity,) = parse_activity_file(name, data)

    assert activity.utc_offset_s == offset_s
    assert activity.start_utc == datetime.fromisoformat(first).astimezone(UTC)
