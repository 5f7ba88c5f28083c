"""Garmin Connect JSON → our objects. Pure: dictionaries in, frozen dataclasses out.

Shapes come from the real recordings in ``shared/corpus/garmin/``: activity *list* entries
(``activitylist_*.json``, ``pe-st_activitylist_*.json``) and single-activity *detail* payloads
(``activity_*.json``). Garmin sends times as ``"YYYY-MM-DD HH:MM:SS"`` (list) or
``"YYYY-MM-DDTHH:MM:SS.0"`` (detail) with no offset; the ``GMT`` variant is UTC.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from service.integrations.base import ActivityData, DailyWellness, Source, Sport

_log = logging.getLogger(__name__)

MULTISPORT_TYPE_ID = 89
"""``activityType.typeId`` of ``multi_sport``: a parent whose legs are activities of their own."""
_MULTISPORT_KEYS = frozenset({"multi_sport", "multisport"})

RUNNING_PARENT_TYPE_ID = 1
"""``activityType.parentTypeId`` of every running sub-type (trail, treadmill, track, virtual…)."""

_RUNNING_SUBTYPES = {
    "trail_running": Sport.TRAIL_RUNNING,
    "treadmill_running": Sport.TREADMILL_RUNNING,
    "track_running": Sport.TRACK_RUNNING,
}

_SPORT_BY_TYPE_KEY: dict[str, Sport] = {
    "running": Sport.RUNNING,
    **_RUNNING_SUBTYPES,
    **dict.fromkeys(
        (
            "cycling",
            "road_biking",
            "mountain_biking",
            "gravel_cycling",
            "indoor_cycling",
            "virtual_ride",
            "cyclocross",
            "track_cycling",
            "recumbent_cycling",
            "e_bike_fitness",
            "e_bike_mountain",
        ),
        Sport.CYCLING,
    ),
    **dict.fromkeys(("swimming", "lap_swimming", "open_water_swimming"), Sport.SWIMMING),
    **dict.fromkeys(("walking", "casual_walking", "speed_walking"), Sport.WALKING),
    "hiking": Sport.HIKING,
    "strength_training": Sport.STRENGTH,
    "yoga": Sport.YOGA,
    **dict.fromkeys(("rowing", "indoor_rowing"), Sport.ROWING),
    "elliptical": Sport.ELLIPTICAL,
    **dict.fromkeys(("transition", "transition_v2"), Sport.TRANSITION),
}

# Garmin type ids of the parent families seen in the recordings (cycling 2, walking 9, swimming 26);
# they catch sub-types we have not listed by key.
_SPORT_BY_PARENT_TYPE_ID = {2: Sport.CYCLING, 9: Sport.WALKING, 26: Sport.SWIMMING}

_MAX_PLAUSIBLE_SECONDS = 48 * 3600
"""Longer than any single activity we expect; larger ``elapsedDuration`` values are milliseconds."""


class UnmappableActivity(ValueError):
    """The payload lacks what every activity needs (an id and a start instant)."""


@dataclass(frozen=True, slots=True)
class _Summary:
    """The fields list entries and detail summaries share, read from whichever holds them."""

    activity_id: str
    name: str | None
    type_dto: Mapping[str, Any]
    values: Mapping[str, Any]
    timezone: str | None


def sport_from_type(type_dto: Mapping[str, Any] | None) -> Sport:
    """Our sport for Garmin's ``activityType``/``activityTypeDTO`` object.

    Any type whose ``parentTypeId`` is 1 is running; the three sub-types we track separately keep
    their own sport, every other running child (street, virtual, ultra…) counts as ``running``.
    """
    if not type_dto:
        return Sport.OTHER
    key = str(type_dto.get("typeKey") or "")
    if type_dto.get("parentTypeId") == RUNNING_PARENT_TYPE_ID:
        return _RUNNING_SUBTYPES.get(key, Sport.RUNNING)
    if key in _SPORT_BY_TYPE_KEY:
        return _SPORT_BY_TYPE_KEY[key]
    parent = _number_as_int(type_dto.get("parentTypeId"))
    return _SPORT_BY_PARENT_TYPE_ID.get(parent, Sport.OTHER) if parent is not None else Sport.OTHER


def is_multisport_parent(entry: Mapping[str, Any]) -> bool:
    """A list entry (or detail) of a multisport parent: typeId 89 ``multi_sport``, or marked
    ``parent``/``isMultiSportParent``."""
    type_dto = _mapping(entry.get("activityType") or entry.get("activityTypeDTO"))
    return (
        entry.get("parent") is True
        or entry.get("isMultiSportParent") is True
        or type_dto.get("typeId") == MULTISPORT_TYPE_ID
        or type_dto.get("typeKey") in _MULTISPORT_KEYS
    )


def multisport_child_ids(detail: Mapping[str, Any]) -> list[str]:
    """The legs of a multisport parent's detail, in Garmin's order (``metadataDTO.childIds``)."""
    children = _mapping(detail.get("metadataDTO")).get("childIds")
    if not isinstance(children, list):
        return []
    return [
        str(child)
        for child in children
        if isinstance(child, int | str) and not isinstance(child, bool) and str(child).strip()
    ]


def parse_garmin_time(text: object) -> datetime | None:
    """A Garmin wall-clock string (no offset) as a naive datetime, or ``None`` if absent/garbled."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return datetime.fromisoformat(text.strip().replace(" ", "T"))
    except ValueError:
        return None


def normalised_seconds(value: float | None, reference_s: float | None) -> float | None:
    """Seconds from a Garmin duration that may have been sent in milliseconds.

    Recordings from 2018–2021 carry ``elapsedDuration`` in ms beside ``duration`` in s. A value
    more than 100× its reference (the activity's ``duration`` or wall-clock span) is divided by
    1000; without a reference, anything above 48 h is taken as milliseconds.
    """
    if value is None:
        return None
    if reference_s and reference_s > 0:
        return value / 1000 if value > reference_s * 100 else value
    return value / 1000 if value > _MAX_PLAUSIBLE_SECONDS else value


def activity_from_list_entry(entry: Mapping[str, Any]) -> ActivityData:
    """One entry of ``/activitylist-service/activities/search/activities``.

    The list gives no IANA zone (``timeZoneId`` is Garmin's own number), so only ``utc_offset_s``
    (``startTimeLocal − startTimeGMT``) is set; ``get_activity`` adds the zone from the detail.
    """
    summary = _Summary(
        activity_id=_activity_id(entry),
        name=_text(entry.get("activityName")),
        type_dto=_mapping(entry.get("activityType")),
        values=entry,
        timezone=None,
    )
    return _activity(summary, raw=dict(entry))


def activity_from_detail(detail: Mapping[str, Any]) -> ActivityData:
    """The ``/activity-service/activity/{id}`` payload: ``summaryDTO`` + ``timeZoneUnitDTO``."""
    summary = _Summary(
        activity_id=_activity_id(detail),
        name=_text(detail.get("activityName")),
        type_dto=_mapping(detail.get("activityTypeDTO")),
        values=_mapping(detail.get("summaryDTO")),
        timezone=_iana_zone(_mapping(detail.get("timeZoneUnitDTO")).get("timeZone")),
    )
    return _activity(summary, raw=dict(detail))


def resting_hr_days(rows: list[dict[str, Any]]) -> list[DailyWellness]:
    """Rows ``{"calendarDate": "YYYY-MM-DD", "value": bpm}`` from the resting-HR range endpoint."""
    days: list[DailyWellness] = []
    for row in rows:
        bpm = _number(row.get("value"))
        day = _iso_date(row.get("calendarDate"))
        if bpm is None or bpm <= 0 or day is None:
            continue
        days.append(DailyWellness(source=Source.GARMIN, day=day, resting_hr_bpm=bpm))
    return sorted(days, key=lambda wellness: wellness.day)


def _activity(summary: _Summary, raw: dict[str, Any]) -> ActivityData:
    values = summary.values
    start_utc = _start_utc(values)
    if start_utc is None:
        raise UnmappableActivity(f"activity {summary.activity_id} has no start time")
    duration_s, complete = _duration_s(values, start_utc)
    return ActivityData(
        source=Source.GARMIN,
        external_id=summary.activity_id,
        sport=sport_from_type(summary.type_dto),
        start_utc=start_utc,
        duration_s=duration_s,
        distance_m=_non_negative(values.get("distance")),
        moving_s=normalised_seconds(_non_negative(values.get("movingDuration")), duration_s),
        avg_hr_bpm=_positive(values.get("averageHR")),
        max_hr_bpm=_positive(values.get("maxHR")),
        rpe=_rpe(values.get("directWorkoutRpe")),
        name=summary.name,
        timezone=summary.timezone,
        utc_offset_s=_utc_offset_s(values),
        vendor_load=_non_negative(values.get("activityTrainingLoad")),
        vendor_load_label=_text(values.get("trainingEffectLabel")),
        incomplete=not complete,
        raw=raw,
    )


def _start_utc(values: Mapping[str, Any]) -> datetime | None:
    gmt = parse_garmin_time(values.get("startTimeGMT"))
    if gmt is not None:
        return gmt.replace(tzinfo=UTC)
    begin_ms = _number(values.get("beginTimestamp"))
    if begin_ms is None:
        return None
    return datetime.fromtimestamp(begin_ms / 1000, tz=UTC)


def _duration_s(values: Mapping[str, Any], start_utc: datetime) -> tuple[float, bool]:
    """(seconds, complete): ``duration``, else the unit-checked ``elapsedDuration``, else 0."""
    duration = _positive(values.get("duration"))
    if duration is not None:
        return duration, True
    end = parse_garmin_time(values.get("endTimeGMT"))
    wall_clock_s = (end.replace(tzinfo=UTC) - start_utc).total_seconds() if end else None
    elapsed = normalised_seconds(_positive(values.get("elapsedDuration")), wall_clock_s)
    if elapsed is not None:
        return elapsed, True
    if wall_clock_s is not None and wall_clock_s > 0:
        return wall_clock_s, True
    return 0.0, False


def _utc_offset_s(values: Mapping[str, Any]) -> int | None:
    """``startTimeLocal − startTimeGMT`` in seconds (e.g. 7200 for CEST)."""
    local = parse_garmin_time(values.get("startTimeLocal"))
    gmt = parse_garmin_time(values.get("startTimeGMT"))
    if local is None or gmt is None:
        return None
    offset = local - gmt
    if abs(offset) > timedelta(hours=14):
        return None
    return round(offset.total_seconds())


def _rpe(value: object) -> float | None:
    """Garmin stores perceived effort ×10 (``directWorkoutRpe`` 10–100); we keep CR-10 (1–10)."""
    raw = _positive(value)
    if raw is None or raw > 100:
        return None
    return raw / 10


def _activity_id(payload: Mapping[str, Any]) -> str:
    value = payload.get("activityId")
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
        raise UnmappableActivity("activity without an activityId")
    return str(value).strip()


def _iana_zone(name: object) -> str | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        _log.warning("garmin.mapping.unknown_zone", extra={"zone": name})
        return None
    return name


def _iso_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _number_as_int(value: object) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _non_negative(value: object) -> float | None:
    number = _number(value)
    return number if number is not None and number >= 0 else None


def _positive(value: object) -> float | None:
    number = _number(value)
    return number if number is not None and number > 0 else None
