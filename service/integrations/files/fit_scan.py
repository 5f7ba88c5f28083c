"""One pass over a FIT stream with fitdecode: keep the summary messages, compact record series,
and the first sign of damage with its byte offset and message index.

The stream is read once and never re-read: CRCs are computed while reading (``READONLY``) and
compared here, so a strict check and a salvage need no second pass. Irregularities fitdecode can
step over (a field size that is not a multiple of its type, an undeclared developer field) are
decoded its lenient way and are not damage; an undefined local message, a cut-off file and a CRC
mismatch are. All times stay raw FIT seconds here (see ``fit_clock``).
"""

from __future__ import annotations

import re
import struct
from array import array
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import fitdecode

from service.integrations.files.errors import FileRejected, Location

#: The session fields we read (figures) or keep in ``raw`` (context); others are not kept.
SESSION_FIELDS = frozenset(
    {
        "start_time",
        "timestamp",
        "total_elapsed_time",
        "total_timer_time",
        "total_distance",
        "avg_heart_rate",
        "max_heart_rate",
        "sport",
        "sub_sport",
        "sport_profile_name",
        "total_calories",
        "enhanced_avg_speed",
        "avg_speed",
        "enhanced_max_speed",
        "max_speed",
        "total_ascent",
        "total_descent",
        "total_training_effect",
        "total_anaerobic_training_effect",
        "training_load_peak",
        "num_laps",
        "trigger",
    }
)
_ACTIVITY_FIELDS = frozenset({"timestamp", "local_timestamp", "type", "num_sessions"})
_SPORT_FIELDS = frozenset({"sport", "sub_sport", "name"})
_CORRELATION_FIELDS = frozenset({"timestamp", "system_timestamp"})
_FILE_ID_BY_DEF_NUM = {
    0: "type",
    1: "manufacturer",
    2: "product",
    3: "serial_number",
    4: "time_created",
}
#: What fitdecode raises, besides its own errors, on bytes that only look like FIT messages.
_DECODER_FAILURES = (
    AssertionError,
    LookupError,
    ValueError,
    TypeError,
    OverflowError,
    struct.error,
)
_UNDEFINED_LOCAL = re.compile(r"local message (\d+) not defined")


@dataclass(slots=True)
class FileId:
    """The FIT ``file_id``: raw integers for identity, names for people."""

    raw: dict[str, int] = field(default_factory=dict)
    names: dict[str, str | int] = field(default_factory=dict)


@dataclass(slots=True)
class Session:
    values: dict[str, Any]
    file_id_index: int
    index_in_file: int


@dataclass(slots=True)
class Records:
    """Per-record timestamp (raw FIT s), heart rate (bpm, NaN if absent), distance (m, NaN)."""

    timestamp: array[int] = field(default_factory=lambda: array("q"))
    heart_rate: array[float] = field(default_factory=lambda: array("d"))
    distance: array[float] = field(default_factory=lambda: array("d"))


@dataclass(slots=True)
class Damage:
    code: str
    location: Location
    detail: str
    params: dict[str, str | int] = field(default_factory=dict)

    def rejection(self) -> FileRejected:
        return FileRejected(self.code, self.location, problems=(), **self.params)

    def summary(self) -> dict[str, Any]:
        return {"code": self.code, "where": self.location.render(), "detail": self.detail}


@dataclass(slots=True)
class FitScan:
    file_ids: list[FileId] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    activity: dict[str, Any] | None = None
    sport: dict[str, Any] | None = None
    lap_sport: dict[str, Any] | None = None
    correlation: dict[str, Any] | None = None
    software_version: float | None = None
    records: Records = field(default_factory=Records)
    timer_events: list[tuple[int, str]] = field(default_factory=list)
    damage: Damage | None = None
    messages: int = 0
    segments: int = 0
    trailing_bytes: int = 0


def scan_fit(stream: BinaryIO, size: int) -> FitScan:
    """Read the FIT stream of ``size`` bytes once; damage is recorded, never raised.

    Only a header that is broken at byte 0 raises, as ``fit_header_invalid``: nothing is
    readable then.
    """
    scan = FitScan()
    cursor = _Cursor()
    reader = fitdecode.FitReader(
        stream,
        processor=None,
        check_crc=fitdecode.CrcCheck.READONLY,
        error_handling=fitdecode.ErrorHandling.IGNORE,
    )
    try:
        for frame in reader:
            _take(scan, cursor, frame)
    except (fitdecode.FitHeaderError, fitdecode.FitEOFError) as exc:
        if cursor.header is not None and isinstance(exc, fitdecode.FitEOFError):
            location = Location(byte=exc.offset, message=scan.messages)
            _record(scan, "fit_truncated", location, str(exc))
        elif cursor.segment_start == 0:
            raise FileRejected("fit_header_invalid", Location(byte=0)) from exc
        else:
            scan.trailing_bytes = size - cursor.segment_start
    except fitdecode.FitParseError as exc:
        _record_parse_error(scan, exc)
    except _DECODER_FAILURES as exc:
        _record(scan, "fit_malformed", Location(message=scan.messages), repr(exc))
    if scan.damage and scan.damage.code == "fit_truncated" and not scan.sessions:
        scan.damage.code = "fit_unterminated"
    return scan


@dataclass(slots=True)
class _Cursor:
    """Where the current FIT segment (one of possibly several chained files) starts, and its
    header once read (``None`` between segments)."""

    segment_start: int = 0
    header: fitdecode.FitHeader | None = None


def _take(scan: FitScan, cursor: _Cursor, frame: object) -> None:
    if isinstance(frame, fitdecode.FitDataMessage):
        scan.messages += 1
        _take_data(scan, frame)
    elif isinstance(frame, fitdecode.FitDefinitionMessage):
        scan.messages += 1
    elif isinstance(frame, fitdecode.FitHeader):
        cursor.header = frame
        scan.segments += 1
        if frame.crc_matched is False:
            _record(scan, "fit_crc_mismatch", Location(byte=cursor.segment_start), "header CRC")
    elif isinstance(frame, fitdecode.FitCRC) and cursor.header is not None:
        crc_offset = cursor.segment_start + cursor.header.header_size + cursor.header.body_size
        if not frame.matched:
            _record(scan, "fit_crc_mismatch", Location(byte=crc_offset), "footer CRC")
        cursor.segment_start, cursor.header = crc_offset + 2, None


def _take_data(scan: FitScan, message: fitdecode.FitDataMessage) -> None:
    name = message.name
    if name == "record":
        _take_record(scan.records, message)
    elif name == "event":
        _take_timer_event(scan, message)
    elif name == "session":
        index_in_file = sum(1 for s in scan.sessions if s.file_id_index == len(scan.file_ids) - 1)
        scan.sessions.append(
            Session(_pick(message, SESSION_FIELDS), len(scan.file_ids) - 1, index_in_file)
        )
    elif name == "file_id":
        scan.file_ids.append(_file_id(message))
    elif name == "activity" and scan.activity is None:
        scan.activity = _pick(message, _ACTIVITY_FIELDS)
    elif name == "sport" and scan.sport is None:
        scan.sport = _pick(message, _SPORT_FIELDS)
    elif name == "lap" and scan.lap_sport is None:
        scan.lap_sport = _pick(message, _SPORT_FIELDS) or None
    elif name == "timestamp_correlation" and scan.correlation is None:
        scan.correlation = _pick(message, _CORRELATION_FIELDS)
    elif name == "file_creator":
        version = message.get_value("software_version", fallback=None)
        scan.software_version = version if isinstance(version, int | float) else None


def _pick(message: fitdecode.FitDataMessage, names: frozenset[str]) -> dict[str, Any]:
    """The first non-empty value of each wanted field (components may repeat a name)."""
    values: dict[str, Any] = {}
    for field_data in message.fields:
        name = field_data.name
        if name in names and name not in values and field_data.value is not None:
            values[name] = field_data.value
    return values


def _take_record(records: Records, message: fitdecode.FitDataMessage) -> None:
    timestamp = heart_rate = distance = None
    for field_data in message.fields:
        name, value = field_data.name, field_data.value
        if value is None:
            continue
        if name == "timestamp" and timestamp is None:
            timestamp = value
        elif name == "heart_rate" and heart_rate is None:
            heart_rate = value
        elif name == "distance" and distance is None:
            distance = value
    if isinstance(timestamp, int):
        records.timestamp.append(timestamp)
        records.heart_rate.append(_number(heart_rate))
        records.distance.append(_number(distance))


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else float("nan")


def _take_timer_event(scan: FitScan, message: fitdecode.FitDataMessage) -> None:
    values = _pick(message, frozenset({"event", "event_type", "timestamp"}))
    if values.get("event") == "timer" and isinstance(values.get("timestamp"), int):
        scan.timer_events.append((values["timestamp"], str(values.get("event_type"))))


def _file_id(message: fitdecode.FitDataMessage) -> FileId:
    file_id = FileId()
    for field_data in message.fields:
        key = _FILE_ID_BY_DEF_NUM.get(field_data.def_num) if field_data.field_def else None
        if key is None or field_data.raw_value is None or key in file_id.raw:
            continue
        if isinstance(field_data.raw_value, int):
            file_id.raw[key] = field_data.raw_value
        if isinstance(field_data.value, str | int):
            file_id.names[key] = field_data.value
    return file_id


def _record(scan: FitScan, code: str, location: Location, detail: str) -> None:
    if scan.damage is None:
        scan.damage = Damage(code, location, detail)


def _record_parse_error(scan: FitScan, exc: fitdecode.FitParseError) -> None:
    location = Location(byte=exc.offset, message=scan.messages)
    undefined = _UNDEFINED_LOCAL.search(str(exc))
    if undefined:
        _record(scan, "fit_undefined_message", location, str(exc))
        if scan.damage is not None and scan.damage.code == "fit_undefined_message":
            scan.damage.params["local"] = int(undefined.group(1))
    else:
        _record(scan, "fit_malformed", location, str(exc))
