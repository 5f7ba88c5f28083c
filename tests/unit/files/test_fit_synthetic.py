"""Small FIT files built in the test: the cases the corpus does not cover."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.integrations.base import Sport
from service.integrations.files import FileRejected, parse_activity_file
from service.integrations.files.errors import MESSAGES
from tests.support.examples import examples
from tests.unit.files.fit_builder import (
    EVENT_TIMER,
    FILE_ACTIVITY,
    FILE_SETTINGS,
    SPORT_CYCLING,
    SPORT_RUNNING,
    SPORT_SWIMMING,
    SPORT_TRANSITION,
    TIMER_START,
    TIMER_STOP_ALL,
    FitBuilder,
    fit_seconds,
)

START = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
T0 = fit_seconds(START)


def _file_id(builder: FitBuilder, **overrides: int) -> FitBuilder:
    values = {"type": FILE_ACTIVITY, "manufacturer": 1, "product": 2697, "serial_number": 42}
    return builder.message("file_id", **(values | {"time_created": T0} | overrides))


def _records(builder: FitBuilder, seconds: list[int], heart_rates: list[int], metres_per_s=3):
    for offset, heart_rate in zip(seconds, heart_rates, strict=True):
        builder.message(
            "record",
            timestamp=T0 + offset,
            heart_rate=heart_rate,
            distance=offset * metres_per_s * 100,
        )
    return builder


def test_file_without_session_is_summed_up_from_records_and_timer_events():
    builder = _file_id(FitBuilder()).message("sport", sport=SPORT_CYCLING, sub_sport=0)
    builder.message("event", timestamp=T0, event=EVENT_TIMER, event_type=TIMER_START)
    _records(builder, [0, 50, 100], [100, 120, 140])
    builder.message("event", timestamp=T0 + 100, event=EVENT_TIMER, event_type=TIMER_STOP_ALL)
    builder.message("event", timestamp=T0 + 200, event=EVENT_TIMER, event_type=TIMER_START)
    _records(builder, [200, 300], [150, 150])

    (activity,) = parse_activity_file("ride.fit", builder.build())

    assert activity.incomplete is False
    assert activity.sport is Sport.CYCLING
    assert activity.start_utc == START
    assert activity.duration_s == 300
    assert activity.moving_s == 200  # 0→100 and the open 200→300
    assert activity.distance_m == pytest.approx(900.0)
    assert activity.avg_hr_bpm == pytest.approx(132.0)
    assert activity.max_hr_bpm == 150
    assert activity.raw["figures_from"] == "records"
    assert activity.external_id == f"fit:1:2697:42:{T0}:0"


def test_session_without_heart_rate_takes_it_from_its_own_records_window():
    builder = _file_id(FitBuilder())
    _records(builder, [0, 60, 120], [100, 110, 120])
    _records(builder, [130, 200], [170, 180])
    for start, elapsed, sport in (
        (0, 120, SPORT_SWIMMING),
        (125, 5, SPORT_TRANSITION),
        (130, 70, SPORT_CYCLING),
    ):
        builder.message(
            "session",
            start_time=T0 + start,
            timestamp=T0 + start + elapsed,
            total_elapsed_time=elapsed * 1000,
            total_timer_time=elapsed * 1000,
            sport=sport,
            sub_sport=0,
        )

    swim, ride = parse_activity_file("multi.fit", builder.build())

    assert (swim.sport, ride.sport) == (Sport.SWIMMING, Sport.CYCLING)
    assert swim.avg_hr_bpm == pytest.approx(110.0)
    assert ride.avg_hr_bpm == pytest.approx(175.0)
    assert ride.max_hr_bpm == 180
    assert ride.distance_m == pytest.approx((200 - 130) * 3)  # last − first in its window
    assert ride.raw["multisport"]["transitions"] == [
        {"session_index": 1, "duration_s": 5.0, "distance_m": None}
    ]


def test_session_without_start_time_starts_its_elapsed_time_before_its_end():
    builder = _file_id(FitBuilder())
    builder.message(
        "session",
        timestamp=T0 + 600,
        total_elapsed_time=600_000,
        total_distance=150_000,
        sport=SPORT_RUNNING,
        sub_sport=3,
    )

    (activity,) = parse_activity_file("trail.fit", builder.build())

    assert activity.start_utc == START
    assert activity.sport is Sport.TRAIL_RUNNING
    assert activity.distance_m == 1500.0
    assert activity.moving_s is None


@pytest.mark.parametrize(
    ("local_minus_utc_s", "expected"),
    [(7200, 7200), (7190, 7200), (-16200, -16200), (20 * 3600, None), (0, 0)],
)
def test_utc_offset_comes_from_the_activity_message(local_minus_utc_s, expected):
    builder = _file_id(FitBuilder())
    _records(builder, [0, 10], [0, 0])
    builder.message(
        "activity", timestamp=T0 + 10, local_timestamp=T0 + 10 + local_minus_utc_s, num_sessions=0
    )

    (activity,) = parse_activity_file("run.fit", builder.build())

    assert activity.utc_offset_s == expected
    assert activity.avg_hr_bpm is None  # zero means no sensor


def test_device_relative_times_are_placed_by_a_timestamp_correlation():
    boot = 1000  # seconds since the device was switched on
    builder = _file_id(FitBuilder(), time_created=boot)
    builder.message("timestamp_correlation", timestamp=T0, system_timestamp=boot)
    builder.message("record", timestamp=boot, distance=0)
    builder.message("record", timestamp=boot + 60, distance=20_000)

    (activity,) = parse_activity_file("old.fit", builder.build())

    assert activity.start_utc == START
    assert activity.duration_s == 60
    assert activity.raw["time_basis"] == "utc"


def test_device_relative_times_without_any_anchor_are_refused():
    builder = _file_id(FitBuilder(), time_created=1000)
    builder.message("record", timestamp=1000, distance=0)
    builder.message("record", timestamp=1060, distance=20_000)

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("old.fit", builder.build())

    assert caught.value.code == "fit_no_absolute_time"


@pytest.mark.parametrize(
    ("builder", "code", "params"),
    [
        (_file_id(FitBuilder(), type=FILE_SETTINGS), "not_an_activity", {"kind": "settings"}),
        (_file_id(FitBuilder()), "no_activity_data", {}),
        (FitBuilder(), "no_activity_data", {}),
    ],
)
def test_fit_without_activity_data_is_refused(builder, code, params):
    with pytest.raises(FileRejected) as caught:
        parse_activity_file("x.fit", builder.build())

    assert caught.value.code == code
    assert caught.value.params == params


def test_file_without_time_created_is_keyed_by_its_content():
    builder = FitBuilder().message("file_id", type=FILE_ACTIVITY, manufacturer=1)
    _records(builder, [0, 10], [90, 95])
    data = builder.build()

    (activity,) = parse_activity_file("x.fit", data)

    assert activity.external_id.startswith("fit:sha256:")
    assert activity.external_id == parse_activity_file("y.fit", data)[0].external_id


def test_bad_header_crc_is_damage_at_byte_zero():
    builder = _file_id(FitBuilder())
    _records(builder, [0, 10], [90, 95])

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("x.fit", builder.build(header_crc_ok=False))

    assert (caught.value.code, caught.value.where) == ("fit_crc_mismatch", "byte 0")


def test_broken_header_is_refused_even_when_salvage_is_allowed():
    data = _file_id(FitBuilder()).build()[:13]

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("x.fit", data, allow_incomplete=True)

    assert (caught.value.code, caught.value.where) == ("fit_header_invalid", "byte 0")


def test_trailing_bytes_after_a_verified_file_are_noted_not_damage():
    builder = _file_id(FitBuilder())
    _records(builder, [0, 10], [90, 95])

    (activity,) = parse_activity_file("x.fit", builder.build() + b"\x00garbage")

    assert activity.incomplete is False
    assert activity.raw["trailing_bytes"] == 8


def test_undefined_local_message_names_the_local_number():
    builder = _file_id(FitBuilder())
    _records(builder, [0, 10], [90, 95])
    builder.raw(b"\x07\x00\x00")  # a data message on local 7, never defined

    with pytest.raises(FileRejected) as caught:
        parse_activity_file("x.fit", builder.build())

    assert caught.value.code == "fit_undefined_message"
    assert caught.value.params == {"local": 7}
    assert "local message 7" in str(caught.value)
    (salvaged,) = parse_activity_file("x.fit", builder.build(), allow_incomplete=True)
    assert salvaged.incomplete is True
    assert salvaged.duration_s == 10


def _sample_file() -> bytes:
    builder = _file_id(FitBuilder())
    _records(builder, list(range(0, 100, 10)), [120 + i for i in range(10)])
    builder.message(
        "session",
        start_time=T0,
        timestamp=T0 + 90,
        total_elapsed_time=90_000,
        total_distance=27_000,
        sport=SPORT_RUNNING,
    )
    return builder.build()


SAMPLE = _sample_file()


@settings(max_examples=examples(150), deadline=None)
@given(
    cut=st.integers(min_value=12, max_value=len(SAMPLE)),
    flips=st.lists(st.tuples(st.integers(0, len(SAMPLE) - 1), st.integers(1, 255)), max_size=3),
    allow_incomplete=st.booleans(),
)
def test_any_damage_gives_activities_or_a_rejection_never_a_crash(cut, flips, allow_incomplete):
    data = bytearray(SAMPLE[:cut])
    for position, mask in flips:
        if position < len(data):
            data[position] ^= mask

    try:
        activities = parse_activity_file("x.fit", bytes(data), allow_incomplete=allow_incomplete)
    except FileRejected as exc:
        rejection = exc
    else:
        rejection = None
    if rejection is not None:
        assert rejection.code in MESSAGES
        assert "\n" not in str(rejection)
        return
    for activity in activities:
        assert activity.start_utc.tzinfo is not None
        assert activity.duration_s >= 0
    if bytes(data) != SAMPLE and not allow_incomplete:
        assert all(not a.incomplete for a in activities)


def test_the_intact_sample_is_what_the_damage_test_starts_from():
    (activity,) = parse_activity_file("x.fit", SAMPLE)

    assert activity.start_utc == START
    assert activity.duration_s == 90
    assert activity.distance_m == 270
    assert activity.avg_hr_bpm == pytest.approx(124.5)
