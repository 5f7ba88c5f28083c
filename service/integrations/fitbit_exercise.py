"""Google Health ``exercise`` data points → our ``ActivityData``.

Field names and units follow Google's reference (developers.google.com/health/reference/rest/v4,
``Exercise`` and ``MetricsSummary``): ``interval.startTime``/``endTime`` are RFC 3339 instants with
``startUtcOffset``/``endUtcOffset`` as Duration strings ("3600s"); ``activeDuration`` is a Duration
("1800s", excluding pauses); ``metricsSummary.distanceMillimeters`` is in **millimetres**;
int64 fields such as ``averageHeartRateBeatsPerMinute`` arrive as JSON strings (proto3 JSON).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from service.integrations.base import ActivityData, Source, Sport

_DURATION = re.compile(r"^(-?)(\d+)(?:\.(\d{1,9}))?s$")

#: Google's ``Exercise.exerciseType`` (v4, the discovery document's 182 values) → our sports, every
#: value named once. The running kinds count towards running distance (``RUNNING_SPORTS``):
#: a trail run, a treadmill or incline run, track and field, orienteering. A value missing here
#: (a newer revision) is ``Sport.OTHER``; the raw payload keeps it for reprocessing.
EXERCISE_TYPES_BY_SPORT: Mapping[Sport, tuple[str, ...]] = {
    Sport.RUNNING: ("RUNNING", "INCLINE_RUN"),
    Sport.TRAIL_RUNNING: ("TRAIL_RUN", "ORIENTEERING"),
    Sport.TREADMILL_RUNNING: ("TREADMILL",),
    Sport.TRACK_RUNNING: ("TRACK_AND_FIELD",),
    Sport.CYCLING: (
        "BIKING", "OUTDOOR_BIKE", "STATIONARY_BIKE", "MOUNTAIN_BIKE", "SPINNING", "ASSAULT_BIKE",
        "ELECTRIC_BIKE", "HAND_CYCLING",
    ),
    Sport.SWIMMING: ("SWIMMING", "SWIMMING_POOL", "SWIMMING_OPEN_WATER", "SYNCHRONIZED_SWIMMING"),
    Sport.WALKING: (
        "WALKING", "POWER_WALKING", "NORDIC_WALKING", "INCLINE_WALK", "TREADMILL_WALK",
        "STROLLER_WALK", "WALK_WITH_WEIGHTS",
    ),
    Sport.HIKING: ("HIKING", "BACKPACKING", "RUCKING", "SNOWSHOEING"),
    Sport.STRENGTH: (
        "STRENGTH_TRAINING", "WEIGHTLIFTING", "WEIGHTS", "FREE_WEIGHTS", "WEIGHT_MACHINES",
        "POWERLIFTING", "BODY_WEIGHT", "CALISTHENICS", "FUNCTIONAL_STRENGTH_TRAINING",
        "CORE_TRAINING", "RESISTANCE_BANDS", "TRX",
    ),
    Sport.YOGA: ("YOGA", "YOGA_BIKRAM", "YOGA_HATHA", "YOGA_POWER", "YOGA_VINYASA"),
    Sport.ROWING: ("ROWING", "ROWING_MACHINE"),
    Sport.ELLIPTICAL: ("ELLIPTICAL",),
    Sport.OTHER: (
        "EXERCISE_TYPE_UNSPECIFIED", "AEROBIC_WORKOUT", "ARCHERY", "BADMINTON", "BALLET",
        "BALLROOM_DANCE", "BARRE_CLASS", "BASEBALL", "BASKETBALL", "BILLIARDS", "BOOTCAMP",
        "BOWLING", "BOXING", "BREAKDANCING", "CANOEING", "CARDIO_SCULPT", "CARDIO_WORKOUT",
        "CARPENTRY", "CHEERLEADING", "CIRCUIT_TRAINING", "CLEANING", "CLIMBING", "CRICKET",
        "CROQUET", "CROSS_COUNTRY_SKI", "CROSS_TRAINING", "CROSSFIT", "CURLING", "DANCING",
        "DIVING", "ELECTRIC_SCOOTER", "EQUESTRIAN_SPORTS", "EXERCISE_CLASS", "FENCING",
        "FIELD_HOCKEY", "FISHING", "FITNESS_GAMING", "FOILING", "FOOTBALL_AMERICAN",
        "FOOTBALL_AUSTRALIAN", "FRISBEE_PLAYING_GENERAL", "GARDENING", "GOLF", "GYMNASTICS",
        "HANDBALL", "HIIT", "HIP_HOP", "HOCKEY", "HOEING", "HOUSEHOLD_CHORES", "HUNTING",
        "ICE_SKATING", "INDOOR_CLIMBING", "INTERVAL_WORKOUT", "JAZZ_DANCE", "JIU_JITSU",
        "JUMPING_ROPE", "KARATE", "KAYAKING", "KICKBOXING", "KITESURFING", "LACROSSE",
        "MARTIAL_ARTS", "MEDITATE", "MODERN_DANCE", "MOTOCROSS", "MOTORCYCLE", "MOWING_LAWN",
        "MUAY_THAI", "MULTISPORT", "MUSICAL_PERFORMANCE", "OTHER", "OUTDOOR_WORKOUT",
        "PADDLEBOARDING", "PADEL", "PAINTING", "PARAGLIDING", "PARKOUR", "PICKELBALL", "PILATES",
        "POLO", "RACKET_SPORTS", "RACQUETBALL", "ROCK_CLIMBING", "ROLLERBLADING",
        "ROLLER_SKATING", "RUGBY", "SAILING", "SCOOTERING", "SCUBA_DIVING", "SHOOTING",
        "SHOVELING", "SKATEBOARDING", "SKATING", "SKIING", "SKYDIVING", "SNORKELING",
        "SNOWBOARDING", "SNOWMOBILING", "SNOW_SPORT", "SOCCER", "SOFTBALL", "SPEED_SKATING",
        "SPORT", "SQUASH", "STAIRCLIMBER", "STEP_TRAINING", "STRETCHING", "SURFING",
        "TABATA_WORKOUT", "TABLE_TENNIS", "TAEKWONDO", "TAI_CHI", "TANGO", "TENNIS", "TRAMPOLINE",
        "ULTIMATE_FRISBEE", "UNICYCLING", "VOLLEYBALL", "VOLLEYBALL_BEACH", "WAKEBOARDING",
        "WATER_AEROBICS", "WATER_JOGGING", "WATER_POLO", "WATER_SKIING", "WATER_SPORT",
        "WATER_VOLLEYBALL", "WEEDING", "WHEELCHAIR", "WINDSURFING", "WORKOUT", "WRESTLING",
        "ZUMBA",
    ),
}  # fmt: skip

SPORT_BY_EXERCISE_TYPE: Mapping[str, Sport] = {
    exercise_type: sport
    for sport, exercise_types in EXERCISE_TYPES_BY_SPORT.items()
    for exercise_type in exercise_types
}


class MalformedExerciseError(ValueError):
    """A data point we cannot turn into an activity (missing or unreadable fields)."""


def parse_duration_s(value: object) -> float:
    """Seconds from a protobuf Duration string: "1800s", "1800.5s", "-25200s"."""
    if not isinstance(value, str):
        raise MalformedExerciseError(f"a duration must be a string like '1800s', got {value!r}")
    match = _DURATION.match(value.strip())
    if match is None:
        raise MalformedExerciseError(f"not a duration: {value!r}")
    sign, whole, fraction = match.groups()
    seconds = int(whole) + (int(fraction.ljust(9, "0")) / 1e9 if fraction else 0.0)
    return -seconds if sign else seconds


def parse_instant(value: object) -> datetime:
    """An aware instant from an RFC 3339 timestamp ("2026-11-20T06:30:00Z", up to nanoseconds)."""
    if not isinstance(value, str):
        raise MalformedExerciseError(f"a timestamp must be a string, got {value!r}")
    try:
        instant = datetime.fromisoformat(value)
    except ValueError as exc:
        raise MalformedExerciseError(f"not an RFC 3339 timestamp: {value!r}") from exc
    if instant.tzinfo is None:
        raise MalformedExerciseError(f"timestamp without an offset: {value!r}")
    return instant


def data_point_id(name: object) -> str:
    """The data point's own id: the last segment of its name.

    Names read ``users/{user}/dataTypes/exercise/dataPoints/{id}``.

    The ``{user}`` segment may read ``me`` or the numeric id, so the full name is not stable.
    """
    if not isinstance(name, str) or "/dataPoints/" not in name:
        raise MalformedExerciseError(
            f"a data point name must end in /dataPoints/<id>, got {name!r}"
        )
    point_id = name.rsplit("/dataPoints/", 1)[1]
    if not point_id or "/" in point_id:
        raise MalformedExerciseError(f"no data point id in {name!r}")
    return point_id


def exercise_to_activity(point: Mapping[str, Any]) -> ActivityData:
    """Map one ``exercise`` data point; raises ``MalformedExerciseError`` when it cannot."""
    exercise = point.get("exercise")
    if not isinstance(exercise, Mapping):
        raise MalformedExerciseError("the data point has no exercise object")
    interval = exercise.get("interval")
    if not isinstance(interval, Mapping):
        raise MalformedExerciseError("the exercise has no interval")
    start = parse_instant(interval.get("startTime"))
    summary = exercise.get("metricsSummary")
    metrics: Mapping[str, Any] = summary if isinstance(summary, Mapping) else {}
    moving_s = _optional(exercise.get("activeDuration"), parse_duration_s)
    elapsed_s = _elapsed_s(start, interval.get("endTime"))
    duration_s = elapsed_s if elapsed_s is not None else moving_s
    if duration_s is None:
        raise MalformedExerciseError("the exercise has neither an end time nor an active duration")
    distance_mm = _optional(metrics.get("distanceMillimeters"), _number)
    offset_s = _optional(interval.get("startUtcOffset"), parse_duration_s)
    name = exercise.get("displayName")
    return ActivityData(
        source=Source.FITBIT,
        external_id=data_point_id(point.get("name")),
        sport=SPORT_BY_EXERCISE_TYPE.get(str(exercise.get("exerciseType")), Sport.OTHER),
        start_utc=start.astimezone(UTC),
        duration_s=duration_s,
        distance_m=distance_mm / 1000 if distance_mm is not None else None,
        moving_s=moving_s,
        avg_hr_bpm=_optional(metrics.get("averageHeartRateBeatsPerMinute"), _number),
        name=name if isinstance(name, str) and name else None,
        utc_offset_s=round(offset_s) if offset_s is not None else None,
        raw=dict(point),
    )


def _elapsed_s(start: datetime, end_value: object) -> float | None:
    if end_value is None:
        return None
    elapsed = (parse_instant(end_value) - start).total_seconds()
    if elapsed < 0:
        raise MalformedExerciseError("the exercise ends before it starts")
    return elapsed


def _number(value: object) -> float:
    """A JSON number, or a decimal string (int64 fields arrive as strings)."""
    if isinstance(value, bool):
        raise MalformedExerciseError(f"not a number: {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError as exc:
            raise MalformedExerciseError(f"not a number: {value!r}") from exc
    raise MalformedExerciseError(f"not a number: {value!r}")


def _optional(value: object, parse: Callable[[object], float]) -> float | None:
    return None if value is None else parse(value)
