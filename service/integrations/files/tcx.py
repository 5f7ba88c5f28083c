"""TCX activities → :class:`ActivityData`, one per ``<Activity>`` (also inside a multisport
session).

The document is parsed by ``xmldoc`` (defusedxml); each ``<Trackpoint>`` is read by tcxreader's
trackpoint parser (time formats, position, cumulative distance, HR, TPX extensions). tcxreader's
file reader itself is not used: it merges all activities into one and drops points without GPS,
which would empty a treadmill run.

- start: the activity ``<Id>``, else the first lap's ``StartTime``, else the first point;
  duration: to the later of the last point and the last lap's end.
- moving time: the laps' ``TotalTimeSeconds`` summed (the timer time).
- distance: the laps' ``DistanceMeters`` summed, else the last cumulative point distance.
- heart rate: mean/max of the point samples, else the laps' averages weighted by lap time.
- sport: ``Sport="Running" | "Biking"`` (and other apps' words, ``files.sports``); ``"Other"``,
  none or a word we do not know → a guess from the speed profile (``files.speed``), marked for
  the athlete to confirm.
- external_id: ``tcx:<sha256 prefix>:<activity index>``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from xml.etree.ElementTree import Element

from tcxreader.tcx_track_point import TCXTrackPoint
from tcxreader.tcxreader import TCXReader

from service.integrations.base import ActivityData, Source
from service.integrations.files.errors import FileRejected
from service.integrations.files.speed import guess_sport
from service.integrations.files.sports import named_sport
from service.integrations.files.xmldoc import as_utc, heart_rate_stats, parse_time

NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


@dataclass(frozen=True, slots=True)
class _Lap:
    start: datetime | None
    timer_s: float | None
    distance_m: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None


def read_tcx(root: Element, *, sha256: str) -> list[ActivityData]:
    activities = []
    untimed = 0
    for index, element in enumerate(root.iter(f"{NS}Activity")):
        activity = _activity(element, index, sha256)
        if activity is None:
            untimed += 1
        else:
            activities.append(activity)
    if not activities:
        raise FileRejected("no_timestamps" if untimed else "no_activity_data")
    return activities


def _activity(element: Element, index: int, sha256: str) -> ActivityData | None:
    laps = [_lap(lap) for lap in element.iter(f"{NS}Lap")]
    points = _trackpoints(element)
    times = [point.time for point in points if point.time is not None]
    lap_starts = [lap.start for lap in laps if lap.start is not None]
    start = parse_time(element.findtext(f"{NS}Id")) or min(lap_starts + times, default=None)
    if start is None:
        return None
    end = max([start, *times, *_lap_ends(laps)])
    avg_hr, max_hr = heart_rate_stats(p.hr_value for p in points if p.hr_value is not None)
    if avg_hr is None:
        avg_hr, max_hr = _lap_heart_rate(laps)
    timer = [lap.timer_s for lap in laps if lap.timer_s is not None]
    duration_s = (end - start).total_seconds()
    distance_m = _distance(laps, points)
    moving_s = sum(timer) if timer else None
    raw = _raw(element, index, sha256, len(laps), len(points))
    sport = named_sport(element.get("Sport"))
    if sport is None:
        guess = guess_sport(
            _samples(points), distance_m=distance_m, moving_s=moving_s, duration_s=duration_s
        )
        sport, raw["sport_guess"] = guess.sport, guess.as_raw()
    return ActivityData(
        source=Source.FILE,
        external_id=f"tcx:{sha256[:32]}:{index}",
        sport=sport,
        start_utc=start,
        duration_s=duration_s,
        distance_m=distance_m,
        moving_s=moving_s,
        avg_hr_bpm=avg_hr,
        max_hr_bpm=max_hr,
        raw=raw,
        sport_to_confirm="sport_guess" in raw,
    )


def _samples(points: list[TCXTrackPoint]) -> list[tuple[datetime, float]]:
    """(time, cumulative distance) of the points that carry both."""
    return [
        (point.time, float(point.distance))
        for point in points
        if point.time is not None and point.distance is not None
    ]


def _lap(element: Element) -> _Lap:
    return _Lap(
        start=parse_time(element.get("StartTime")),
        timer_s=_float(element.findtext(f"{NS}TotalTimeSeconds")),
        distance_m=_float(element.findtext(f"{NS}DistanceMeters")),
        avg_hr_bpm=_float(element.findtext(f"{NS}AverageHeartRateBpm/{NS}Value")),
        max_hr_bpm=_float(element.findtext(f"{NS}MaximumHeartRateBpm/{NS}Value")),
    )


def _lap_ends(laps: list[_Lap]) -> list[datetime]:
    return [
        lap.start + timedelta(seconds=lap.timer_s)
        for lap in laps
        if lap.start is not None and lap.timer_s is not None
    ]


def _trackpoints(activity: Element) -> list[TCXTrackPoint]:
    reader = TCXReader()
    points = []
    for element in activity.iter(f"{NS}Trackpoint"):
        point = TCXTrackPoint(tpx_ext={})
        try:
            reader.trackpoint_parser(point, element)
        except ValueError as exc:
            raise FileRejected("tcx_invalid") from exc
        if point.time is not None:
            point.time = as_utc(point.time)
        points.append(point)
    return points


def _distance(laps: list[_Lap], points: list[TCXTrackPoint]) -> float | None:
    lap_distances = [lap.distance_m for lap in laps if lap.distance_m is not None]
    if lap_distances:
        return sum(lap_distances)
    cumulative = [point.distance for point in points if point.distance is not None]
    return cumulative[-1] if cumulative else None


def _lap_heart_rate(laps: list[_Lap]) -> tuple[float | None, float | None]:
    weighted = [(lap.avg_hr_bpm, lap.timer_s or 0.0) for lap in laps if lap.avg_hr_bpm]
    total_s = sum(seconds for _, seconds in weighted)
    average = sum(hr * seconds for hr, seconds in weighted) / total_s if total_s else None
    maxima = [lap.max_hr_bpm for lap in laps if lap.max_hr_bpm]
    return average, max(maxima) if maxima else None


def _raw(element: Element, index: int, sha256: str, laps: int, points: int) -> dict[str, Any]:
    creator = element.find(f"{NS}Creator")
    return {
        "format": "tcx",
        "sha256": sha256,
        "activity_index": index,
        "sport_attribute": element.get("Sport"),
        "id": element.findtext(f"{NS}Id"),
        "device": creator.findtext(f"{NS}Name") if creator is not None else None,
        "laps": laps,
        "trackpoints": points,
    }


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
