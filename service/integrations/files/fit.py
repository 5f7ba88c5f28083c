"""FIT activity files → :class:`ActivityData`, one per sport leg.

Figures come from each ``session`` message (distance ``total_distance`` m, duration
``total_elapsed_time`` s, moving ``total_timer_time`` s, HR ``avg/max_heart_rate``); a session
that lacks one is completed from the records inside its time window. A file without sessions is
summed up from its records: distance is the last cumulative ``distance``, duration the span of
the record timestamps, moving time the timer's start→stop intervals, HR the samples.

Multisport (e.g. a triathlon: swim, T1, bike, T2, run) gives one activity per sport leg.
Transitions are not legs and carry no training we count; they are kept, not dropped: each leg's
``raw["multisport"]`` lists every transition (session index, duration, distance) and their total,
so the whole event can be rebuilt.

``external_id`` is ``fit:<manufacturer>:<product>:<serial>:<time_created>:<session index>`` from
the raw ``file_id`` integers (``x`` for a missing part), so a re-upload, the same file inside a
Garmin export, or a later intact copy of a salvaged file lands on the same activity. A file
without ``time_created`` is keyed by its content hash instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO

from service.integrations.base import ActivityData, Source, Sport
from service.integrations.files.errors import FileRejected
from service.integrations.files.fit_clock import (
    FitClock,
    RecordSeries,
    SeriesStats,
    fit_datetime,
    timer_seconds,
    utc_offset_s,
)
from service.integrations.files.fit_scan import FileId, FitScan, Session, scan_fit
from service.integrations.files.sports import fit_sport


def read_fit(
    stream: BinaryIO, *, size: int, sha256: str, allow_incomplete: bool
) -> list[ActivityData]:
    """Decode the FIT stream in one pass; damage rejects it unless salvage is allowed."""
    scan = scan_fit(stream, size)
    if scan.damage is not None and not allow_incomplete:
        raise scan.damage.rejection()
    kind = scan.file_ids[0].names.get("type") if scan.file_ids else None
    if kind is not None and kind != "activity":
        raise FileRejected("not_an_activity", kind=str(kind))
    clock = FitClock.from_scan(scan)
    context = _Context(scan, clock, RecordSeries.build(scan.records, clock), sha256)
    if scan.sessions:
        return _from_sessions(context)
    return [_from_records(context)]


@dataclass(frozen=True, slots=True)
class _Context:
    scan: FitScan
    clock: FitClock
    series: RecordSeries
    sha256: str

    def file_id_of(self, session: Session | None) -> FileId | None:
        file_ids = self.scan.file_ids
        if session is not None and 0 <= session.file_id_index < len(file_ids):
            return file_ids[session.file_id_index]
        return file_ids[0] if file_ids else None

    def external_id(self, session: Session | None) -> str:
        index = session.index_in_file if session else 0
        file_id = self.file_id_of(session)
        raw = file_id.raw if file_id else {}
        if "time_created" not in raw:
            return f"fit:sha256:{self.sha256[:32]}:{index}"
        keys = ("manufacturer", "product", "serial_number", "time_created")
        return ":".join(["fit", *(str(raw.get(key, "x")) for key in keys), str(index)])

    def base_raw(self, session: Session | None) -> dict[str, Any]:
        file_id = self.file_id_of(session)
        names = file_id.names if file_id else {}
        raw: dict[str, Any] = {
            "format": "fit",
            "sha256": self.sha256,
            "file_id": {**(file_id.raw if file_id else {}), "type": names.get("type")},
            "device": {
                "manufacturer": names.get("manufacturer"),
                "product": names.get("product"),
                "software_version": self.scan.software_version,
            },
            "time_basis": self.clock.basis,
            "fit_files_chained": self.scan.segments,
        }
        if self.scan.damage is not None:
            raw["damage"] = self.scan.damage.summary()
        if self.scan.trailing_bytes:
            raw["trailing_bytes"] = self.scan.trailing_bytes
        return raw

    def sport(self, values: dict[str, Any]) -> Sport:
        for source in (values, self.scan.sport or {}, self.scan.lap_sport or {}):
            if "sport" in source:
                return fit_sport(source["sport"], source.get("sub_sport"))
        return Sport.OTHER

    def no_time(self) -> FileRejected:
        if self.clock.relative_shift_s is None and len(self.scan.records.timestamp):
            return FileRejected("fit_no_absolute_time")
        return FileRejected("no_timestamps")


def _from_sessions(context: _Context) -> list[ActivityData]:
    sessions = context.scan.sessions
    legs = [s for s in sessions if context.sport(s.values) is not Sport.TRANSITION]
    if not legs:
        raise FileRejected("no_activity_data")
    multisport = _multisport(context, sessions, legs) if len(sessions) > 1 else None
    activities = []
    for number, session in enumerate(legs, start=1):
        raw = context.base_raw(session)
        if multisport is not None:
            raw["multisport"] = {**multisport, "leg": number}
        activities.append(_from_session(context, session, raw))
    return activities


def _multisport(context: _Context, sessions: list[Session], legs: list[Session]) -> dict[str, Any]:
    transitions = [
        {
            "session_index": session.index_in_file,
            "duration_s": _number(session.values.get("total_elapsed_time")),
            "distance_m": _number(session.values.get("total_distance")),
        }
        for session in sessions
        if context.sport(session.values) is Sport.TRANSITION
    ]
    return {
        "legs": len(legs),
        "transitions": transitions,
        "transitions_duration_s": sum(t["duration_s"] or 0.0 for t in transitions),
        "transitions_distance_m": sum(t["distance_m"] or 0.0 for t in transitions),
        "sports": [str(context.sport(leg.values)) for leg in legs],
    }


def _from_session(context: _Context, session: Session, raw: dict[str, Any]) -> ActivityData:
    values = session.values
    elapsed_s = _number(values.get("total_elapsed_time"))
    start_s = context.clock.resolve(values.get("start_time"))
    end_s = context.clock.resolve(values.get("timestamp"))
    if start_s is None and end_s is not None and elapsed_s is not None:
        start_s = round(end_s - elapsed_s)
    window_end = start_s + elapsed_s if start_s is not None and elapsed_s is not None else end_s
    window = context.series.stats(start_s, window_end)
    if start_s is None:
        if window is None:
            raise context.no_time()
        start_s = round(window.first_s)
    if elapsed_s is None:
        elapsed_s = _elapsed_without_total(start_s, end_s, window)
    raw |= {"session_index": session.index_in_file, "session": _session_summary(context, values)}
    return ActivityData(
        source=Source.FILE,
        external_id=context.external_id(session),
        sport=context.sport(values),
        start_utc=fit_datetime(start_s),
        duration_s=elapsed_s,
        distance_m=_distance(values, window),
        moving_s=_number(values.get("total_timer_time")),
        avg_hr_bpm=_heart_rate(values.get("avg_heart_rate"), window, "avg_hr_bpm"),
        max_hr_bpm=_heart_rate(values.get("max_heart_rate"), window, "max_hr_bpm"),
        utc_offset_s=utc_offset_s(context.scan.activity),
        incomplete=context.scan.damage is not None,
        raw=raw,
    )


def _elapsed_without_total(start_s: int, end_s: int | None, window: SeriesStats | None) -> float:
    if end_s is not None:
        return float(max(0, end_s - start_s))
    return max(0.0, window.last_s - start_s) if window else 0.0


def _heart_rate(value: object, window: SeriesStats | None, stat: str) -> float | None:
    """The session's figure, else the records' (a zero or missing session HR means no sensor)."""
    recorded = _number(value)
    if recorded:
        return recorded
    return getattr(window, stat) if window is not None else None


def _distance(values: dict[str, Any], window: SeriesStats | None) -> float | None:
    total = _number(values.get("total_distance"))
    if total is not None or window is None:
        return total
    if window.first_distance_m is None or window.last_distance_m is None:
        return None
    return max(0.0, window.last_distance_m - window.first_distance_m)


def _from_records(context: _Context) -> ActivityData:
    stats = context.series.stats()
    if stats is None:
        if len(context.scan.records.timestamp):
            raise context.no_time()
        raise FileRejected("no_activity_data")
    raw = context.base_raw(None) | {
        "figures_from": "records",
        "records": len(context.series.time_s),
    }
    return ActivityData(
        source=Source.FILE,
        external_id=context.external_id(None),
        sport=context.sport({}),
        start_utc=fit_datetime(stats.first_s),
        duration_s=stats.last_s - stats.first_s,
        distance_m=stats.last_distance_m,
        moving_s=timer_seconds(context.scan.timer_events, context.clock, stats.last_s),
        avg_hr_bpm=stats.avg_hr_bpm,
        max_hr_bpm=stats.max_hr_bpm,
        utc_offset_s=utc_offset_s(context.scan.activity),
        incomplete=context.scan.damage is not None,
        raw=raw,
    )


def _session_summary(context: _Context, values: dict[str, Any]) -> dict[str, Any]:
    """The session fields we read, JSON-able: times as ISO-8601 UTC, enums as their names, and
    an ``enhanced_*`` field instead of its 16-bit twin."""
    summary: dict[str, Any] = {}
    for name, value in sorted(values.items()):
        if f"enhanced_{name}" in values:
            continue
        if name in ("start_time", "timestamp"):
            moment = context.clock.resolve(value)
            summary[name] = fit_datetime(moment).isoformat() if moment is not None else value
        elif isinstance(value, bool | int | float | str):
            summary[name] = value
    return summary


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
