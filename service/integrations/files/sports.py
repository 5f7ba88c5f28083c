"""Sport names in activity files → our :class:`Sport`.

FIT carries a ``sport`` and a ``sub_sport`` enum (names as fitdecode renders them from the FIT
profile; values it does not know stay integers and map to ``OTHER``). GPX ``<type>`` and TCX
``Sport="…"`` carry free text, matched case-insensitively after folding spaces and dashes.
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
    "cycling": Sport.CYCLING,
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
    key = re.sub(r"[\s\-]+", "_", text.strip().lower())
    return _BY_TEXT.get(key)
