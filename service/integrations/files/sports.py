"""Sport names in activity files → our :class:`Sport`.

FIT carries a ``sport`` and a ``sub_sport`` enum (names as fitdecode renders them from the FIT
profile; values it does not know stay integers and map to ``OTHER``). GPX ``<type>`` and TCX
``Sport="…"`` carry free text, matched case-insensitively after folding spaces, dashes and
CamelCase into ``snake_case`` ("TrailRun" → ``trail_run``, "Trail Running" → ``trail_running``).

The text vocabulary (the README's table lists it):

- Strava's numeric GPX codes: ``1`` ride, ``4`` hike, ``9`` run, ``10`` walk, ``16`` swim,
  ``23`` rowing; Strava's own words (``Run``, ``TrailRun``, ``VirtualRun``, ``Ride``,
  ``VirtualRide``, ``EBikeRide``, ``GravelRide``, ``MountainBikeRide``, ``Walk``, ``Hike``,
  ``Swim``, ``WeightTraining``, ``Yoga``, ``Rowing``, ``Elliptical``).
- Garmin Connect's activity type keys (``running``, ``street_running``, ``trail_running``,
  ``treadmill_running``, ``track_running``, ``virtual_run``, ``road_biking``, ``lap_swimming``,
  ``open_water_swimming``, ``strength_training``, ``hiking``, ``walking``, …) and TCX's
  ``Running``/``Biking``.
- Common app words: ``jogging``, ``cycling``, ``biking``, ``mtb``, ``touringbicycle`` (Komoot),
  ``racebike``, ``swimming``, ``hiking``, ``walking``.

A type that names none of these is not guessed at: the reader falls back to the speed profile
and asks the athlete to confirm the sport (``files.speed``).
"""

from __future__ import annotations

import re

from service.integrations.base import Sport

_RUNNING_BY_SUB_SPORT = {
    "trail": Sport.TRAIL_RUNNING,
    "treadmill": Sport.TREADMILL_RUNNING,
    "indoor_running": Sport.TREADMILL_RUNNING,
    "virtual_activity": Sport.TREADMILL_RUNNING,
    "track": Sport.TRACK_RUNNING,
}

_TRAINING_BY_SUB_SPORT = {
    "strength_training": Sport.STRENGTH,
    "yoga": Sport.YOGA,
    "pilates": Sport.YOGA,
    "flexibility_training": Sport.YOGA,
}

_EQUIPMENT_BY_SUB_SPORT = {
    "treadmill": Sport.TREADMILL_RUNNING,
    "indoor_running": Sport.TREADMILL_RUNNING,
    "elliptical": Sport.ELLIPTICAL,
    "indoor_rowing": Sport.ROWING,
    "indoor_cycling": Sport.CYCLING,
    "spin": Sport.CYCLING,
    "strength_training": Sport.STRENGTH,
    "yoga": Sport.YOGA,
    "pilates": Sport.YOGA,
}

_BY_SPORT = {
    "cycling": Sport.CYCLING,
    "e_biking": Sport.CYCLING,
    "swimming": Sport.SWIMMING,
    "walking": Sport.WALKING,
    "hiking": Sport.HIKING,
    "mountaineering": Sport.HIKING,
    "rowing": Sport.ROWING,
    "transition": Sport.TRANSITION,
}

_BY_TEXT = {
    "running": Sport.RUNNING,
    "run": Sport.RUNNING,
    "street_running": Sport.RUNNING,
    "trail_running": Sport.TRAIL_RUNNING,
    "trail_run": Sport.TRAIL_RUNNING,
    "treadmill_running": Sport.TREADMILL_RUNNING,
    "treadmill": Sport.TREADMILL_RUNNING,
    "indoor_running": Sport.TREADMILL_RUNNING,
    "track_running": Sport.TRACK_RUNNING,
    "virtual_run": Sport.TREADMILL_RUNNING,
    "virtual_running": Sport.TREADMILL_RUNNING,
    "jogging": Sport.RUNNING,
    "cycling": Sport.CYCLING,
    "virtual_ride": Sport.CYCLING,
    "e_bike_ride": Sport.CYCLING,
    "gravel_ride": Sport.CYCLING,
    "mountain_bike_ride": Sport.CYCLING,
    "mtb": Sport.CYCLING,
    "touringbicycle": Sport.CYCLING,
    "racebike": Sport.CYCLING,
    "biking": Sport.CYCLING,
    "bike": Sport.CYCLING,
    "ride": Sport.CYCLING,
    "road_biking": Sport.CYCLING,
    "road_cycling": Sport.CYCLING,
    "mountain_biking": Sport.CYCLING,
    "gravel_cycling": Sport.CYCLING,
    "indoor_cycling": Sport.CYCLING,
    "swimming": Sport.SWIMMING,
    "swim": Sport.SWIMMING,
    "lap_swimming": Sport.SWIMMING,
    "open_water_swimming": Sport.SWIMMING,
    "walking": Sport.WALKING,
    "walk": Sport.WALKING,
    "hiking": Sport.HIKING,
    "hike": Sport.HIKING,
    "strength": Sport.STRENGTH,
    "strength_training": Sport.STRENGTH,
    "weight_training": Sport.STRENGTH,
    "yoga": Sport.YOGA,
    "pilates": Sport.YOGA,
    "rowing": Sport.ROWING,
    "indoor_rowing": Sport.ROWING,
    "elliptical": Sport.ELLIPTICAL,
    "other": Sport.OTHER,
}

#: Strava writes its activity type as a number in ``<trk><type>`` of a GPX export.
STRAVA_TYPE_CODES: dict[str, Sport] = {
    "1": Sport.CYCLING,
    "4": Sport.HIKING,
    "9": Sport.RUNNING,
    "10": Sport.WALKING,
    "16": Sport.SWIMMING,
    "23": Sport.ROWING,
}

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def named_sport(text: str | None) -> Sport | None:
    """The sport a GPX/TCX type names; ``None`` when it names none (absent, empty, "Other",
    "generic" or a word we do not know), so that the reader guesses from the speed instead."""
    if text is None or not text.strip():
        return None
    sport = text_sport(text)
    if sport is None or sport is Sport.OTHER:
        return None
    return sport


def fit_sport(sport: object, sub_sport: object = None) -> Sport:
    """Map a FIT ``sport``/``sub_sport`` pair; ``training`` splits into strength or yoga."""
    if sport == "running":
        return _RUNNING_BY_SUB_SPORT.get(str(sub_sport), Sport.RUNNING)
    if sport == "training":
        return _TRAINING_BY_SUB_SPORT.get(str(sub_sport), Sport.OTHER)
    if sport == "fitness_equipment":
        return _EQUIPMENT_BY_SUB_SPORT.get(str(sub_sport), Sport.OTHER)
    return _BY_SPORT.get(str(sport), Sport.OTHER)


def text_sport(text: str | None) -> Sport | None:
    """Map a free-text sport ("Running", "trail running", "Biking"); ``None`` when unknown."""
    if text is None:
        return None
    stripped = text.strip()
    if stripped in STRAVA_TYPE_CODES:
        return STRAVA_TYPE_CODES[stripped]
    key = re.sub(r"[\s\-]+", "_", _CAMEL_BOUNDARY.sub("_", stripped).lower())
    return _BY_TEXT.get(key) or _BY_TEXT.get(key.replace("_", ""))
