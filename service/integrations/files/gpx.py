"""GPX tracks → :class:`ActivityData`, one per track that has timed points (gpxpy).

- distance: gpxpy's 2-D length (horizontal, summed per segment, so the jump across a pause
  between segments is not counted). 2-D because GPS altitude noise inflates a 3-D length and
  watches report horizontal distance.
- duration: last point time − first point time; moving time: gpxpy's moving time (steps faster
  than 1 km/h), ``None`` when the points never move.
- heart rate: Garmin ``TrackPointExtension`` ``<gpxtpx:hr>`` (any namespace version; also a
  bare ``<heartrate>``), mean and max of the samples.
- sport: the track ``<type>`` when it names a sport we know (Strava's numeric codes, Garmin's
  and common apps' words: ``files.sports``); no type, or one we do not know, → a guess from the
  speed profile (``files.speed``), marked for the athlete to confirm: never silently running.
- external_id: ``gpx:<sha256 prefix>:<track index>``.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import gpxpy
import gpxpy.gpx

from service.integrations.base import ActivityData, Source
from service.integrations.files.errors import FileRejected
from service.integrations.files.speed import guess_sport
from service.integrations.files.sports import named_sport
from service.integrations.files.xmldoc import as_utc, decode_text, heart_rate_stats, local_name

_HEART_RATE_TAGS = frozenset({"hr", "heartrate"})


def read_gpx(data: bytes, *, sha256: str) -> list[ActivityData]:
    """Parse a GPX document already checked by ``xmldoc.parse_xml``."""
    try:
        document = gpxpy.parse(decode_text(data))
    except gpxpy.gpx.GPXException as exc:
        raise FileRejected("gpx_invalid") from exc
    activities = []
    untimed = 0
    for index, track in enumerate(document.tracks):
        activity = _track_activity(track, index, sha256, document.name)
        if activity is None:
            untimed += any(segment.points for segment in track.segments)
        else:
            activities.append(activity)
    if not activities:
        raise FileRejected("no_timestamps" if untimed else "no_activity_data")
    return activities


def _track_activity(
    track: gpxpy.gpx.GPXTrack, index: int, sha256: str, document_name: str | None
) -> ActivityData | None:
    points = [point for segment in track.segments for point in segment.points]
    for point in points:
        _check_position(point)
        if point.time is not None:
            point.time = as_utc(point.time)  # gpxpy cannot subtract naive from aware times
    times = [point.time for point in points if point.time is not None]
    if not times:
        return None
    start, end = min(times), max(times)
    avg_hr, max_hr = heart_rate_stats(_heart_rates(points))
    moving = track.get_moving_data(raw=True)
    duration_s = (end - start).total_seconds()
    distance_m = track.length_2d()
    moving_s = moving.moving_time if moving and moving.moving_time > 0 else None
    raw = _raw(track, index, sha256, len(points))
    sport = named_sport(track.type)
    if sport is None:
        guess = guess_sport(
            _samples(track), distance_m=distance_m, moving_s=moving_s, duration_s=duration_s
        )
        sport, raw["sport_guess"] = guess.sport, guess.as_raw()
    return ActivityData(
        source=Source.FILE,
        external_id=f"gpx:{sha256[:32]}:{index}",
        sport=sport,
        start_utc=start,
        duration_s=duration_s,
        distance_m=distance_m,
        moving_s=moving_s,
        avg_hr_bpm=avg_hr,
        max_hr_bpm=max_hr,
        name=track.name or document_name,
        raw=raw,
        sport_to_confirm="sport_guess" in raw,
    )


def _samples(track: gpxpy.gpx.GPXTrack) -> list[tuple[datetime, float]]:
    """(time, horizontal distance so far) of every timed point; segment gaps add nothing."""
    samples: list[tuple[datetime, float]] = []
    covered = 0.0
    for segment in track.segments:
        previous: gpxpy.gpx.GPXTrackPoint | None = None
        for point in segment.points:
            if previous is not None:
                step = point.distance_2d(previous)
                covered += step if step is not None and math.isfinite(step) else 0.0
            previous = point
            if point.time is not None:
                samples.append((point.time, covered))
    return samples


def _check_position(point: gpxpy.gpx.GPXTrackPoint) -> None:
    latitude, longitude = point.latitude, point.longitude
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # also false for NaN
        raise FileRejected("gpx_invalid")


def _heart_rates(points: list[gpxpy.gpx.GPXTrackPoint]) -> list[float]:
    samples = (_point_heart_rate(point) for point in points)
    return [sample for sample in samples if sample is not None]


def _point_heart_rate(point: gpxpy.gpx.GPXTrackPoint) -> float | None:
    for extension in point.extensions:
        for element in extension.iter():
            if local_name(element.tag).lower() in _HEART_RATE_TAGS and element.text:
                try:
                    value = float(element.text)
                except ValueError:
                    return None
                return value if math.isfinite(value) else None
    return None


def _raw(track: gpxpy.gpx.GPXTrack, index: int, sha256: str, points: int) -> dict[str, Any]:
    length_3d = track.length_3d()
    return {
        "format": "gpx",
        "sha256": sha256,
        "track_index": index,
        "track_type": track.type,
        "segments": len(track.segments),
        "points": points,
        "length_3d_m": length_3d if math.isfinite(length_3d) else None,
        "distance_basis": "2d",
    }
