"""Every FIT file in the shared corpus: what imports, what is refused, what is salvaged.

Expected figures are the session values listed in the corpus SOURCES.md (device summaries), and
for the two files with a ``.records.csv`` golden file, the values the records hold.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
from datetime import UTC, datetime, timedelta, timezone

import pytest

from service.demo.fakes.corpus import corpus_path
from service.integrations.base import ActivityData, Source, Sport
from service.integrations.files import FileRejected, parse_activity_file
from service.integrations.files.fit import read_fit

CORPUS_FIT = corpus_path("fit")
FR110 = "garmin-fr110-run-2013-02-06.fit"
FENIX2 = "garmin-fenix2-run-2015-08-15.fit"
FENIX5 = "garmin-fenix5-run-2017-06-11.fit"
FR70 = "garmin-fr70-run-compressed-speed-distance.fit"
STRYD = "stryd-run-developer-fields-2017-01-17.fit"
EDGE500 = "garmin-edge500-cycling-2011-06-26.fit"
YOGA = "garmin-fenix6x-yoga-2023-09-29.fit"
TRIATHLON = "garmin-fr920xt-triathlon-chained-2018-05-27.fit"
SIGMA = "sigma-cycling-2020-09-12-unterminated.fit"
STRAVA = "strava-android-run-2021-09-27-undefined-local-msg.fit"
BAD_CRC = "corrupt-bad-crc.fit"
TRUNCATED = "corrupt-truncated-eof.fit"


def _load(name: str) -> bytes:
    return (CORPUS_FIT / name).read_bytes()


@functools.cache
def _outcome(name: str, allow_incomplete: bool) -> tuple[ActivityData, ...] | FileRejected:
    """Each corpus file is decoded once per test run: fitdecode needs ~1 s for the largest."""
    try:
        return tuple(parse_activity_file(name, _load(name), allow_incomplete=allow_incomplete))
    except FileRejected as exc:
        return exc


def _parse(name: str, *, allow_incomplete: bool = False) -> list[ActivityData]:
    outcome = _outcome(name, allow_incomplete)
    if isinstance(outcome, FileRejected):
        raise outcome
    return list(outcome)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


RUN, RIDE, SWIM = Sport.RUNNING, Sport.CYCLING, Sport.SWIMMING

# file, leg index, sport, start (UTC), distance m, duration s, moving s, avg HR, max HR, offset s
INTACT = [
    (FR110, 0, RUN, "2013-02-06T12:11:14", 4835.38, 2625.14, 2625.14, 147, 171, None),
    (FENIX2, 0, RUN, "2015-08-15T14:45:08", 9008.22, 2832.0, 2832.0, 153.99, 178, 7200),
    (FENIX5, 0, RUN, "2017-06-11T14:34:09", 157.56, 56.887, 56.887, 90, 112, -25200),
    (FR70, 0, RUN, "2012-02-13T11:16:16", 10248.67, 3883.273, 3772.75, 170, 190, None),
    (STRYD, 0, RUN, "2017-01-17T17:06:47", 6753.99, 3424.0, 3424.0, 130.84, 146, None),
    (EDGE500, 0, RIDE, "2011-06-26T21:18:39", 88797.21, 11741.57, 10699.36, 166, 191, None),
    (YOGA, 0, Sport.YOGA, "2023-09-29T00:10:57", None, 9.676, 9.676, 87, 89, -21600),
    (TRIATHLON, 0, SWIM, "2018-05-27T07:33:01", 1644.71, 1987.521, 1987.521, 165, 175, 7200),
    (TRIATHLON, 1, RIDE, "2018-05-27T08:08:58", 40909.42, 4422.14, 4422.14, 172, 183, 7200),
    (TRIATHLON, 2, RUN, "2018-05-27T09:23:41", 9805.92, 2850.694, 2850.694, 176, 187, 7200),
]  # fmt: skip


@pytest.mark.parametrize(
    (
        "name",
        "leg",
        "sport",
        "start",
        "distance",
        "duration",
        "moving",
        "avg_hr",
        "max_hr",
        "offset",
    ),
    INTACT,
)
def test_intact_file_imports_its_session_figures(
    name, leg, sport, start, distance, duration, moving, avg_hr, max_hr, offset
):
    activity = _parse(name)[leg]

    assert activity.source is Source.FILE
    assert activity.sport is sport
    assert activity.start_utc == _utc(start)
    assert activity.start_utc.tzinfo is not None
    if distance is None:
        assert activity.distance_m is None
    else:
        assert activity.distance_m == pytest.approx(distance, abs=1.0)
    assert activity.duration_s == pytest.approx(duration, abs=1.0)
    assert activity.moving_s == pytest.approx(moving, abs=1.0)
    assert activity.avg_hr_bpm == pytest.approx(avg_hr, abs=0.01)
    assert activity.max_hr_bpm == pytest.approx(max_hr, abs=0.01)
    assert activity.utc_offset_s == offset
    assert activity.incomplete is False
    assert "damage" not in activity.raw


@pytest.mark.parametrize(
    ("name", "legs"),
    [
        (FR110, 1),
        (FENIX2, 1),
        (FENIX5, 1),
        (FR70, 1),
        (STRYD, 1),
        (EDGE500, 1),
        (YOGA, 1),
        (TRIATHLON, 3),
    ],
)
def test_each_intact_file_gives_one_activity_per_sport_leg_with_distinct_ids(name, legs):
    activities = _parse(name)

    assert len(activities) == legs
    assert len({a.external_id for a in activities}) == legs
    assert all(a.external_id.startswith("fit:") for a in activities)


def test_triathlon_keeps_its_transitions_in_every_legs_raw():
    name = TRIATHLON
    swim, bike, run = _parse(name)

    multisport = run.raw["multisport"]
    assert [leg.raw["multisport"]["leg"] for leg in (swim, bike, run)] == [1, 2, 3]
    assert multisport["legs"] == 3
    assert multisport["sports"] == ["swimming", "cycling", "running"]
    assert [t["session_index"] for t in multisport["transitions"]] == [1, 3]
    assert multisport["transitions_duration_s"] == pytest.approx(170.269 + 60.724)
    assert multisport["transitions_distance_m"] == pytest.approx(141.7 + 31.93)
    assert run.raw["fit_files_chained"] == 4
    assert [leg.external_id.rsplit(":", 1)[1] for leg in (swim, bike, run)] == ["0", "2", "4"]


def test_device_relative_times_are_placed_by_the_local_clock_and_flagged():
    name = FR70
    (activity,) = _parse(name)

    assert activity.raw["time_basis"] == "device_local_clock"
    assert activity.raw["file_id"]["time_created"] == 17217864
    assert activity.external_id == "fit:1:1436:1215347:17217864:0"


def test_raw_is_small_json_with_file_id_device_and_session():
    name = FENIX5
    (activity,) = _parse(name)
    raw = activity.raw

    assert raw["file_id"] == {
        "manufacturer": 1,
        "product": 2697,
        "serial_number": 3945849289,
        "time_created": 866126049,
        "type": "activity",
    }
    assert raw["device"]["manufacturer"] == "garmin"
    assert raw["device"]["product"] == "fenix5"
    assert raw["session"]["total_distance"] == pytest.approx(157.56)
    assert raw["session"]["start_time"] == "2017-06-11T14:34:09+00:00"
    assert "avg_speed" not in raw["session"]  # the enhanced twin is kept instead
    assert raw["session"]["enhanced_avg_speed"] == pytest.approx(2.77)
    assert raw["sha256"] == hashlib.sha256(_load(name)).hexdigest()
    assert len(activity.payload_hash()) == 64
    assert len(str(raw)) < 2000


def _fenix5_golden() -> list[dict[str, str]]:
    with corpus_path("fit", "garmin-fenix5-run-2017-06-11.records.csv").open() as handle:
        return list(csv.DictReader(handle))


def _fr70_golden() -> list[dict[str, str]]:
    with corpus_path("fit", "garmin-fr70-run-compressed-speed-distance.records.csv").open() as h:
        return list(csv.DictReader(h, skipinitialspace=True))


def test_fenix5_matches_its_golden_records():
    rows = _fenix5_golden()
    pdt = timezone(timedelta(hours=-7))
    times = [
        datetime.strptime(r["timestamp"].replace(" PDT", ""), "%a %b %d %H:%M:%S %Y")
        .replace(tzinfo=pdt)
        .astimezone(UTC)
        for r in rows
    ]
    (activity,) = _parse(FENIX5)

    assert activity.distance_m == pytest.approx(float(rows[-1]["distance"]), abs=1.0)
    assert activity.start_utc == times[0]
    span_s = (times[-1] - times[0]).total_seconds()
    assert activity.duration_s == pytest.approx(span_s, abs=1.0)


def test_fr70_matches_its_golden_records():
    """The session opens 5 s before the first record and closes 7 s after the last one; the
    reported duration is the session's, so it must enclose the records' span."""
    rows = _fr70_golden()
    first_s, last_s = int(rows[0]["Timestamp"]), int(rows[-1]["Timestamp"])
    (activity,) = _parse(FR70)
    start_s = activity.raw["file_id"]["time_created"]  # the session start, device-relative

    assert activity.distance_m == pytest.approx(float(rows[-1]["Distance [m]"]), abs=1.0)
    assert start_s <= first_s
    assert last_s <= start_s + activity.duration_s + 1
    assert activity.duration_s - (last_s - first_s) < 10


# file, code, where
DAMAGED = [
    (BAD_CRC, "fit_crc_mismatch", "byte 769"),
    (TRUNCATED, "fit_truncated", "byte 768, message 31"),
    (SIGMA, "fit_unterminated", "byte 403456, message 14422"),
    (STRAVA, "fit_undefined_message", "byte 7471, message 502"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "code", "where"), DAMAGED)
def test_damaged_file_is_rejected_by_default_saying_what_and_where(name, code, where):
    with pytest.raises(FileRejected) as caught:
        _parse(name)

    assert caught.value.code == code
    assert caught.value.where == where
    assert where in str(caught.value)
    assert "\n" not in str(caught.value)
    assert where.replace("message", "bericht") in caught.value.message("nl")


# file, sport, start, distance, duration, moving, max HR
SALVAGED = [
    (SIGMA, RIDE, "2020-09-12T12:23:38", 113550.87, 16723.0, 14383.0, 160),
    (STRAVA, RUN, "2021-09-27T14:13:10", 11274.04, 3558.0, 3558.0, None),
    (BAD_CRC, RUN, "2012-04-09T21:22:26", 5.73, 13.749, 13.749, None),
    (TRUNCATED, RUN, "2012-04-09T21:22:26", 5.73, 13.749, 13.749, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "sport", "start", "distance", "duration", "moving", "max_hr"), SALVAGED
)
def test_allow_incomplete_imports_what_a_damaged_file_holds(
    name, sport, start, distance, duration, moving, max_hr
):
    (activity,) = _parse(name, allow_incomplete=True)

    assert activity.incomplete is True
    assert activity.sport is sport
    assert activity.start_utc == _utc(start)
    assert activity.distance_m == pytest.approx(distance, abs=1.0)
    assert activity.duration_s == pytest.approx(duration, abs=1.0)
    assert activity.moving_s == pytest.approx(moving, abs=1.0)
    assert activity.max_hr_bpm == max_hr
    assert activity.raw["damage"]["code"] == next(d[1] for d in DAMAGED if d[0] == name)


def test_unterminated_ride_is_summed_up_from_its_records():
    name = SIGMA
    (activity,) = _parse(name, allow_incomplete=True)

    assert activity.raw["figures_from"] == "records"
    assert activity.raw["records"] == 14391
    assert activity.avg_hr_bpm == pytest.approx(142.74, abs=0.01)


def test_salvaged_file_keeps_the_external_id_an_intact_copy_would_have():
    """So a later intact upload of the same recording replaces the salvaged one."""
    crc = _parse(BAD_CRC, allow_incomplete=True)
    cut = _parse(TRUNCATED, allow_incomplete=True)

    assert crc[0].external_id == cut[0].external_id


class _CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0
        self.rewinds = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        self.rewinds += 1
        return super().seek(offset, whence)


@pytest.mark.parametrize("allow_incomplete", [False, True])
def test_largest_corpus_file_is_read_in_one_pass(allow_incomplete):
    largest = max(CORPUS_FIT.glob("*.fit"), key=lambda path: path.stat().st_size)
    data = largest.read_bytes()
    stream = _CountingStream(data)

    try:
        read_fit(stream, size=len(data), sha256="0" * 64, allow_incomplete=allow_incomplete)
    except FileRejected:
        assert not allow_incomplete

    assert stream.bytes_read == len(data)
    assert stream.rewinds == 0
