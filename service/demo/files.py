"""Activity files for the demo athlete who uploads instead of connecting a watch: one TCX file
per session (Garmin's Training Center format), packed in a ZIP as a person would upload their
history.

Each file has one lap with the session's time, distance and average heart rate, and a
trackpoint a minute with time, cumulative distance and heart rate (no positions: the
importer needs none). The content depends only on the sessions, so the same history gives the
same files, and importing them again stores nothing new.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

from service.demo.training import Workout

_TCX_SPORTS = {"running": "Running", "road_biking": "Biking", "indoor_cycling": "Biking"}
_FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _trackpoints(workout: Workout) -> str:
    """A point a minute, the heart rate drifting up by a few beats over the session."""
    minutes = max(1, math.ceil(workout.duration_s / 60))
    points = []
    for minute in range(minutes + 1):
        seconds = min(minute * 60.0, workout.duration_s)
        share = seconds / workout.duration_s
        bpm = round(workout.avg_hr_bpm - 4 + 8 * share)
        points.append(
            "<Trackpoint>"
            f"<Time>{_stamp(workout.start + timedelta(seconds=seconds))}</Time>"
            f"<DistanceMeters>{workout.distance_m * share:.1f}</DistanceMeters>"
            f"<HeartRateBpm><Value>{bpm}</Value></HeartRateBpm>"
            "</Trackpoint>"
        )
    return "".join(points)


def tcx_document(workout: Workout) -> bytes:
    """One session as a TCX document."""
    start = _stamp(workout.start)
    sport = _TCX_SPORTS.get(workout.sport, "Other")
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{escape(sport)}"><Id>{start}</Id>'
        f'<Lap StartTime="{start}">'
        f"<TotalTimeSeconds>{workout.duration_s:.0f}</TotalTimeSeconds>"
        f"<DistanceMeters>{workout.distance_m:.1f}</DistanceMeters>"
        f"<AverageHeartRateBpm><Value>{workout.avg_hr_bpm:.0f}</Value></AverageHeartRateBpm>"
        "<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>"
        f"<Track>{_trackpoints(workout)}</Track></Lap>"
        "<Creator><Name>loadwatch demo</Name></Creator>"
        "</Activity></Activities></TrainingCenterDatabase>"
    )
    return document.encode()


def history_archive(sessions: Sequence[Workout]) -> bytes:
    """Every session as ``YYYY-MM-DD-HHMM-<sport>.tcx`` in one ZIP (same input, same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for workout in sessions:
            name = f"{workout.start:%Y-%m-%d-%H%M}-{workout.sport}.tcx"
            member = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, tcx_document(workout))
    return buffer.getvalue()
