"""The activity summaries of a Garmin Connect account export → activities without a track.

The export's ``DI_CONNECT/DI-Connect-Fitness/<user>_<n>_summarizedActivities.json`` holds
``[{"summarizedActivitiesExport": [ {...}, ... ]}]``, one summary per activity, also for the
activities whose file is not in the export (manual entries, activities recorded before the
device uploaded originals, files Garmin no longer has). A summary becomes an activity unless a
file of the archive holds the same session (``without_file``).

Units of the export differ from the Connect API's: times are epoch milliseconds
(``beginTimestamp``/``startTimeGmt`` UTC, ``startTimeLocal`` the local wall clock counted as if
it were UTC), ``duration``/``movingDuration``/``elapsedDuration`` are milliseconds and
``distance`` is centimetres. ``activityType`` is Garmin's type key as a plain string. A
multisport parent (``multi_sport``, ``parent: true``) is left out: its legs are summaries of
their own (``parentId``), and the transitions between them are not training we count.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from service.integrations.base import ActivityData, Source, Sport
from service.integrations.files.errors import FileRejected, Location
from service.integrations.files.formats import check_dates
from service.integrations.files.sports import text_sport
from service.integrations.garmin_mapping import sport_from_type

SUMMARIES_SUFFIX = "summarizedactivities.json"
SAME_SESSION_WINDOW = timedelta(minutes=3)
_MULTISPORT_KEYS = frozenset({"multi_sport", "multisport"})
_MS = 1000.0
_CM = 100.0


def is_summaries_member(lowered_name: str) -> bool:
    return lowered_name.rsplit("/", 1)[-1].endswith(SUMMARIES_SUFFIX)


def read_summaries(
    data: bytes, member: str, into: list[ActivityData], problems: list[FileRejected]
) -> None:
    """Add the activities of one summaries member to ``into``; its problems to ``problems``.

    An unreadable member is one problem; a summary without an id or a start is skipped, and one
    dated before 1990 or after tomorrow is a problem of its own, the others still import.
    """
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        problems.append(FileRejected("summaries_invalid", Location(member=member)))
        return
    for summary in _records(document):
        activity = summary_activity(summary, member)
        if activity is None:
            continue
        try:
            check_dates([activity])
        except FileRejected as exc:
            problems.append(exc.inside(member))
            continue
        into.append(activity)


def summary_activity(summary: dict[str, Any], member: str) -> ActivityData | None:
    """One summary as an activity; ``None`` for a multisport parent, a transition or a summary
    without an id or a start time."""
    activity_id = summary.get("activityId")
    type_key = str(summary.get("activityType") or "").strip().lower()
    if summary.get("parent") is True or type_key in _MULTISPORT_KEYS:
        return None
    start_ms = _number(summary.get("beginTimestamp")) or _number(summary.get("startTimeGmt"))
    if isinstance(activity_id, bool) or not isinstance(activity_id, int | str) or not start_ms:
        return None
    sport = text_sport(type_key) or sport_from_type({"typeKey": type_key})
    if sport is Sport.TRANSITION:
        return None
    duration = _scaled(summary.get("duration"), _MS) or _scaled(summary.get("elapsedDuration"), _MS)
    return ActivityData(
        source=Source.FILE,
        external_id=f"garmin-export:{activity_id}",
        sport=sport,
        start_utc=datetime.fromtimestamp(start_ms / _MS, tz=UTC),
        duration_s=duration or 0.0,
        distance_m=_scaled(summary.get("distance"), _CM),
        moving_s=_scaled(summary.get("movingDuration"), _MS),
        avg_hr_bpm=_positive(summary.get("avgHr")),
        max_hr_bpm=_positive(summary.get("maxHr")),
        name=summary.get("name") if isinstance(summary.get("name"), str) else None,
        utc_offset_s=_offset_s(summary),
        vendor_load=_positive(summary.get("activityTrainingLoad")),
        incomplete=duration is None,
        raw={"format": "garmin_export_summary", "member": member, "summary": summary},
    )


def without_file(
    summaries: list[ActivityData], from_files: list[ActivityData]
) -> list[ActivityData]:
    """The summaries no file activity of the archive covers (one starting within 3 minutes)."""
    starts = sorted(activity.start_utc for activity in from_files)

    def covered(summary: ActivityData) -> bool:
        first = bisect_left(starts, summary.start_utc - SAME_SESSION_WINDOW)
        return first < len(starts) and starts[first] <= summary.start_utc + SAME_SESSION_WINDOW

    return [summary for summary in summaries if not covered(summary)]


def _records(document: object) -> Iterator[dict[str, Any]]:
    chunks = document if isinstance(document, list) else [document]
    for chunk in chunks:
        if not isinstance(chunk, dict):
            continue
        records = chunk.get("summarizedActivitiesExport")
        for record in records if isinstance(records, list) else []:
            if isinstance(record, dict):
                yield record


def _offset_s(summary: dict[str, Any]) -> int | None:
    local = _number(summary.get("startTimeLocal"))
    gmt = _number(summary.get("startTimeGmt")) or _number(summary.get("beginTimestamp"))
    if local is None or gmt is None:
        return None
    offset = round((local - gmt) / _MS)
    return offset if abs(offset) <= 14 * 3600 else None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _positive(value: object) -> float | None:
    number = _number(value)
    return number if number is not None and number > 0 else None


def _scaled(value: object, divisor: float) -> float | None:
    number = _positive(value)
    return number / divisor if number is not None else None
