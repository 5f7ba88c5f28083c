"""Accounts of the fake Garmin Connect: the recorded one, and accounts built from a small spec.

A synthesised activity is written in the shape of the recorded list entry and detail payload
(``activitylist_search_limit3_start0.json``, ``activity_21482825013.json``), keeping their
structural fields and replacing everything personal or activity-specific with the spec's values.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from service.demo.fakes.corpus import corpus_path
from service.demo.fakes.garmin_corpus import recorded_json, recorded_list_entries
from service.demo.fakes.garmin_shapes import RECORDED, Shapes

RECORDED_EMAIL = "recorded@example.com"
RECORDED_PASSWORD = "recorded-password"  # noqa: S105 - the fake's

# (typeId, parentTypeId). Running, trail running, walking, hiking and open-water swimming are as
# recorded; the others follow Garmin's activity-type list as far as we know it.
TYPE_IDS: dict[str, tuple[int, int]] = {
    "running": (1, 17),
    "trail_running": (6, 1),
    "treadmill_running": (18, 1),
    "track_running": (152, 1),
    "cycling": (2, 17),
    "road_biking": (10, 2),
    "indoor_cycling": (25, 2),
    "lap_swimming": (27, 26),
    "open_water_swimming": (28, 26),
    "walking": (9, 17),
    "hiking": (3, 17),
    "strength_training": (13, 29),
    "yoga": (163, 29),
    "multi_sport": (89, 17),
    "transition_v2": (84, 17),
}

_LIST_KEYS_KEPT = (
    "eventType", "privacy", "manufacturer", "deviceId", "sportTypeId", "userRoles", "userPro",
    "hasPolyline", "hasImages", "hasVideo", "hasHeatMap", "hasSplits", "autoCalcCalories",
    "favorite", "decoDive", "elevationCorrected", "atpActivity", "purposeful", "manualActivity",
    "pr", "parent",
)  # fmt: skip


@dataclass(frozen=True)
class ActivitySpec:
    """What the demo needs to say about one activity; Garmin's field set is derived from it."""

    start: datetime
    sport: str = "running"
    distance_m: float | None = 8000.0
    duration_s: float = 2700.0
    avg_hr_bpm: float | None = 145.0
    max_hr_bpm: float | None = None
    zone: str = "Europe/Amsterdam"
    name: str | None = None
    training_load: float | None = None
    effect_label: str | None = "AEROBIC_BASE"
    rpe: int | None = None
    activity_id: int | None = None
    original_fit: str | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("ActivitySpec.start must be timezone-aware")


@dataclass
class Faults:
    """Scripted misbehaviour of one account's API traffic, consumed request by request."""

    rate_limited: int = 0
    retry_after: str | None = "5"
    unavailable: int = 0
    revoked: bool = False


@dataclass
class FakeAccount:
    email: str
    password: str
    display_name: str
    profile_id: int
    mfa_code: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)
    originals: dict[str, bytes] = field(default_factory=dict)
    resting_hr: dict[date, float] = field(default_factory=dict)
    recorded: bool = False
    access_ttl_s: float = 3600.0
    faults: Faults = field(default_factory=Faults)
    uploads: set[str] = field(default_factory=set)
    shapes: Shapes = RECORDED

    def social_profile(self) -> dict[str, Any]:
        profile: dict[str, Any] = self.shapes.json("userprofile_socialProfile.json")
        if self.recorded:
            return profile
        profile.update(
            id=self.profile_id,
            profileId=self.profile_id,
            garminGUID=str(uuid.uuid5(uuid.NAMESPACE_URL, self.email)),
            displayName=self.display_name,
            fullName=self.display_name,
            userName=self.display_name,
            userProfileFullName=self.display_name,
            location=None,
            profileImageUrlLarge=None,
            profileImageUrlMedium=None,
            profileImageUrlSmall=None,
        )
        return profile


def synthesized_account(
    email: str,
    password: str,
    activities: Sequence[ActivitySpec] = (),
    *,
    mfa_code: str | None = None,
    display_name: str | None = None,
    resting_hr: dict[date, float] | None = None,
    access_ttl_s: float = 3600.0,
    shapes: Shapes = RECORDED,
) -> FakeAccount:
    """An account answering with ``activities``; ``shapes=BUILTIN`` needs no corpus."""
    account = FakeAccount(
        email=email,
        password=password,
        display_name=display_name or email.split("@")[0],
        profile_id=80_000_000 + uuid.uuid5(uuid.NAMESPACE_URL, email).int % 10_000_000,
        mfa_code=mfa_code,
        resting_hr=dict(resting_hr or {}),
        access_ttl_s=access_ttl_s,
        shapes=shapes,
    )
    for index, spec in enumerate(sorted(activities, key=lambda spec: spec.start)):
        add_activity(account, spec, default_id=22_000_000_000 + index)
    return account


def add_activity(account: FakeAccount, spec: ActivitySpec, default_id: int) -> str:
    """Add one synthesised activity (list entry, detail, optional ORIGINAL zip); return its id."""
    activity_id = spec.activity_id or default_id
    account.entries.append(list_entry(spec, activity_id, account))
    account.details[str(activity_id)] = detail(spec, activity_id, account)
    if spec.original_fit:
        account.originals[str(activity_id)] = original_zip(activity_id, spec.original_fit)
    return str(activity_id)


def add_multisport(
    account: FakeAccount, legs: Sequence[ActivitySpec], parent_id: int, name: str = "Triathlon"
) -> list[str]:
    """A multisport activity as Garmin answers it: the list holds only the ``multi_sport``
    parent (typeId 89, ``parent: true``, totals over the legs, as in the recorded 2021 list
    entry); its detail names the legs in ``metadataDTO.childIds``/``childActivityTypes``; each
    leg has a detail of its own (``parentId`` set) and no list entry. Returns the leg ids."""
    ordered = sorted(legs, key=lambda leg: leg.start)
    first, last = ordered[0], ordered[-1]
    span_s = (last.start - first.start).total_seconds() + last.duration_s
    distances = [leg.distance_m for leg in ordered if leg.distance_m]
    whole = ActivitySpec(
        start=first.start,
        sport="multi_sport",
        distance_m=sum(distances) if distances else None,
        duration_s=span_s,
        avg_hr_bpm=first.avg_hr_bpm,
        zone=first.zone,
        name=name,
        activity_id=parent_id,
    )
    entry = list_entry(whole, parent_id, account)
    entry.update(parent=True, parentId=None)
    account.entries.append(entry)
    child_ids: list[str] = []
    child_types: list[dict[str, Any]] = []
    for index, leg in enumerate(ordered, start=1):
        leg_id = leg.activity_id or parent_id + index
        leg_detail = detail(leg, leg_id, account)
        leg_detail["parentId"] = parent_id
        account.details[str(leg_id)] = leg_detail
        child_ids.append(str(leg_id))
        child_types.append(_type_dto(leg.sport))
    parent = detail(whole, parent_id, account)
    parent["isMultiSportParent"] = True
    parent["metadataDTO"].update(
        childIds=[int(i) for i in child_ids], childActivityTypes=child_types
    )
    account.details[str(parent_id)] = parent
    return child_ids


def recorded_account(
    email: str = RECORDED_EMAIL, password: str = RECORDED_PASSWORD, mfa_code: str | None = None
) -> FakeAccount:
    """The account behind the corpus: recorded list entries, details, ORIGINAL zip, daily HR."""
    profile = recorded_json("userprofile_socialProfile.json")
    heart = recorded_json("wellness_dailyHeartRate_2026-01-07.json")
    return FakeAccount(
        email=email,
        password=password,
        display_name=profile["displayName"],
        profile_id=profile["profileId"],
        mfa_code=mfa_code,
        entries=recorded_list_entries(),
        resting_hr={date.fromisoformat(heart["calendarDate"]): float(heart["restingHeartRate"])},
        recorded=True,
    )


def list_entry(spec: ActivitySpec, activity_id: int, account: FakeAccount) -> dict[str, Any]:
    template = account.shapes.json("activitylist_search_limit3_start0.json")[0]
    entry = {key: template[key] for key in _LIST_KEYS_KEPT}
    entry.update(_common_numbers(spec))
    local, gmt = _wall_clocks(spec)
    entry.update(
        activityId=activity_id,
        activityName=spec.name or _default_name(spec),
        activityType=_type_dto(spec.sport),
        startTimeLocal=local.strftime("%Y-%m-%d %H:%M:%S"),
        startTimeGMT=gmt.strftime("%Y-%m-%d %H:%M:%S"),
        endTimeGMT=(gmt + timedelta(seconds=spec.duration_s)).strftime("%Y-%m-%d %H:%M:%S"),
        beginTimestamp=int(spec.start.timestamp() * 1000),
        ownerId=account.profile_id,
        ownerDisplayName=account.display_name,
        ownerFullName=account.display_name,
        timeZoneId=None,
        aerobicTrainingEffect=2.8,
        anaerobicTrainingEffect=0.4,
    )
    return entry


def detail(spec: ActivitySpec, activity_id: int, account: FakeAccount) -> dict[str, Any]:
    template = account.shapes.json("activity_21482825013.json")
    local, gmt = _wall_clocks(spec)
    metadata = template["metadataDTO"]
    metadata.update(
        lastUpdateDate=_detail_time(gmt + timedelta(seconds=spec.duration_s + 60)),
        uploadedDate=_detail_time(gmt + timedelta(seconds=spec.duration_s + 60)),
        associatedWorkoutId=None,
        userInfoDto=None,
        hasPolyline=False,
        activityImages=[],
    )
    summary = _common_numbers(spec)
    summary.update(startTimeLocal=_detail_time(local), startTimeGMT=_detail_time(gmt))
    summary["trainingEffect"] = 2.8
    if spec.rpe is not None:
        summary["directWorkoutRpe"] = spec.rpe * 10
    return {
        "activityId": activity_id,
        "activityUUID": {"uuid": str(uuid.uuid5(uuid.NAMESPACE_OID, str(activity_id)))},
        "activityName": spec.name or _default_name(spec),
        "userProfileId": account.profile_id,
        "isMultiSportParent": False,
        "activityTypeDTO": _type_dto(spec.sport),
        "eventTypeDTO": template["eventTypeDTO"],
        "accessControlRuleDTO": template["accessControlRuleDTO"],
        "timeZoneUnitDTO": {
            "unitId": None,
            "unitKey": spec.zone,
            "factor": 0.0,
            "timeZone": spec.zone,
        },
        "metadataDTO": metadata,
        "summaryDTO": summary,
        "locationName": None,
        "splitSummaries": [],
    }


def original_zip(activity_id: int, fit_name: str) -> bytes:
    """An ORIGINAL download as Garmin sends it: a zip with one ``{id}_ACTIVITY.fit`` member."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{activity_id}_ACTIVITY.fit", corpus_path("fit", fit_name).read_bytes())
    return buffer.getvalue()


def _common_numbers(spec: ActivitySpec) -> dict[str, Any]:
    distance = spec.distance_m
    avg_hr = spec.avg_hr_bpm
    return {
        "distance": distance,
        "duration": spec.duration_s,
        "movingDuration": round(spec.duration_s * 0.97),
        "elapsedDuration": spec.duration_s + 30.0,
        "averageSpeed": distance / spec.duration_s if distance else None,
        "calories": round(spec.duration_s / 60 * 11),
        "averageHR": avg_hr,
        "maxHR": spec.max_hr_bpm or (avg_hr + 18 if avg_hr else None),
        "activityTrainingLoad": spec.training_load
        if spec.training_load is not None
        else _load_estimate(spec),
        "trainingEffectLabel": spec.effect_label,
    }


def _load_estimate(spec: ActivitySpec) -> float | None:
    """A plausible EPOC-like number: minutes × an HR factor (the real algorithm is not public)."""
    if spec.avg_hr_bpm is None:
        return None
    return round(spec.duration_s / 60 * (spec.avg_hr_bpm / 140) ** 3, 1)


def _type_dto(type_key: str) -> dict[str, Any]:
    type_id, parent_id = TYPE_IDS.get(type_key, (4, 17))
    return {
        "typeId": type_id,
        "typeKey": type_key,
        "parentTypeId": parent_id,
        "isHidden": False,
        "restricted": False,
        "trimmable": True,
    }


def _wall_clocks(spec: ActivitySpec) -> tuple[datetime, datetime]:
    local = spec.start.astimezone(ZoneInfo(spec.zone)).replace(tzinfo=None)
    gmt = spec.start.astimezone(UTC).replace(tzinfo=None)
    return local, gmt


def _detail_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.0")


def _default_name(spec: ActivitySpec) -> str:
    return spec.sport.replace("_", " ").title()
