"""Words and figures of the runs pages: sports and sources as people name them, a duration as
``1:02:05``, a pace as ``5:12`` per km (or a speed in km/h for rides)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Final

from service.activities.records import is_race
from service.clock import zone
from service.dashboard.i18n import N_
from service.integrations.base import RUNNING_SPORTS
from service.models import Activity, ActivitySource

SPORTS: Final = {
    "running": N_("Run"),
    "trail_running": N_("Trail run"),
    "treadmill_running": N_("Treadmill run"),
    "track_running": N_("Track run"),
    "cycling": N_("Ride"),
    "swimming": N_("Swim"),
    "walking": N_("Walk"),
    "hiking": N_("Hike"),
    "strength": N_("Strength"),
    "yoga": N_("Yoga"),
    "rowing": N_("Rowing"),
    "elliptical": N_("Cross-trainer"),
    "transition": N_("Transition (triathlon)"),
    "other": N_("Other"),
}
SOURCES: Final = {
    "garmin": N_("Garmin Connect"),
    "fitbit": N_("Fitbit (Google)"),
    "file": N_("uploaded file"),
    "manual": N_("entered by hand"),
}
PACED: Final = RUNNING_SPORTS | {"walking", "hiking"}
"""Sports shown with a pace per km; others with a distance get a speed in km/h."""


__all__ = ["is_race"]  # for the templates, beside the figures below


def is_run(activity: Activity) -> bool:
    return activity.sport in RUNNING_SPORTS


def sport_label(sport: str) -> str:
    return SPORTS.get(sport, N_("Other"))


def source_labels(activity: Activity, sources: Sequence[ActivitySource]) -> list[str]:
    """Where the activity came from, its first source first, each named once."""
    names = [activity.source, *(s.source for s in sources)]
    return [SOURCES.get(name, N_("Other")) for name in dict.fromkeys(names)]


def clock(seconds: float | None) -> str:
    """``1:02:05`` or ``48:10``; a dash when unknown."""
    if seconds is None or not math.isfinite(seconds):
        return "–"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def moving_s(activity: Activity) -> float:
    return activity.moving_s or activity.duration_s


def pace_per_km(activity: Activity) -> str | None:
    """Minutes and seconds per km for paced sports with a distance; else None."""
    if activity.sport not in PACED or not activity.distance_m:
        return None
    return clock(moving_s(activity) / (activity.distance_m / 1000))


def speed_kmh(activity: Activity) -> float | None:
    """Kilometres per hour for the other sports with a distance; else None."""
    if activity.sport in PACED or not activity.distance_m or not moving_s(activity):
        return None
    return activity.distance_m / 1000 / (moving_s(activity) / 3600)


def local_start(activity: Activity, timezone: str) -> datetime:
    """When the activity started, in the athlete's time zone."""
    return activity.start_utc.astimezone(zone(timezone))
