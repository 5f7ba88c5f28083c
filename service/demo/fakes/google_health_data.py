"""Users, workouts, notifications and signing keys for the fake Google Health API.

The JSON shapes are adapted from Google's Google Health API documentation
(developers.google.com/health: the ``users.getIdentity``, ``users.dataTypes.dataPoints.list``,
``Exercise``/``MetricsSummary`` reference and the webhook pages), © Google, licensed under
CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); values are invented. The webhook
signature follows Tink's ECDSA P-256 wire format, which Google's keyset uses.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

ECDSA_PUBLIC_KEY_TYPE = "type.googleapis.com/google.crypto.tink.EcdsaPublicKey"


@dataclass(frozen=True)
class FakeExercise:
    """One workout; ``start`` is aware and its offset becomes ``startUtcOffset``."""

    point_id: str
    exercise_type: str
    start: datetime
    elapsed_s: float
    active_s: float | None = None
    distance_m: float | None = None
    avg_hr_bpm: int | None = None
    name: str | None = None
    calories_kcal: float | None = None
    steps: int | None = None

    def data_point(self, health_user_id: str) -> dict[str, Any]:
        offset = f"{int(self.start.utcoffset().total_seconds())}s"  # type: ignore[union-attr]
        end = self.start + timedelta(seconds=self.elapsed_s)
        exercise: dict[str, Any] = {
            "interval": {
                "startTime": _rfc3339(self.start),
                "startUtcOffset": offset,
                "endTime": _rfc3339(end),
                "endUtcOffset": offset,
                "civilStartTime": civil_date_time(self.start),
                "civilEndTime": civil_date_time(end.astimezone(self.start.tzinfo)),
            },
            "exerciseType": self.exercise_type,
            # Google always names it: the type's name, or the athlete's own for OTHER.
            "displayName": self.name or self.exercise_type.replace("_", " ").capitalize(),
            "activeDuration": f"{round(self.active_s or self.elapsed_s)}s",
            "metricsSummary": self._metrics(),
            "createTime": _rfc3339(end),
            "updateTime": _rfc3339(end),
        }
        return {
            "name": f"users/{health_user_id}/dataTypes/exercise/dataPoints/{self.point_id}",
            "exercise": exercise,
        }

    def _metrics(self) -> dict[str, Any]:
        """int64 fields are strings in proto3 JSON; doubles are numbers."""
        metrics: dict[str, Any] = {}
        if self.distance_m is not None:
            metrics["distanceMillimeters"] = self.distance_m * 1000
        if self.calories_kcal is not None:
            metrics["caloriesKcal"] = self.calories_kcal
        if self.avg_hr_bpm is not None:
            metrics["averageHeartRateBeatsPerMinute"] = str(self.avg_hr_bpm)
        if self.steps is not None:
            metrics["steps"] = str(self.steps)
        return metrics

    @property
    def civil_start(self) -> datetime:
        """The wall-clock start where it happened (what ``civil_start_time`` filters compare)."""
        return self.start.replace(tzinfo=None)


def civil_date_time(moment: datetime) -> dict[str, Any]:
    """A ``CivilDateTime`` in proto3 JSON: zero fields are left out."""
    clock = {"hours": moment.hour, "minutes": moment.minute, "seconds": moment.second}
    return {
        "date": {"year": moment.year, "month": moment.month, "day": moment.day},
        "time": {name: value for name, value in clock.items() if value},
    }


@dataclass
class FakeUser:
    health_user_id: str
    legacy_user_id: str = ""
    exercises: list[FakeExercise] = field(default_factory=list)

    def identity(self) -> dict[str, str]:
        return {
            "name": "users/me/identity",
            "legacyUserId": self.legacy_user_id,
            "healthUserId": self.health_user_id,
        }


def users_from_spec(spec: Mapping[str, Any]) -> list[FakeUser]:
    """Users from a small spec, e.g. for the demo::

    {"users": [{"health_user_id": "4711", "exercises": [{"id": "run-1", "type": "RUNNING",
      "start": "2026-11-20T07:00:00+01:00", "minutes": 45, "active_minutes": 43, "km": 9.2,
      "avg_hr": 148, "name": "Morning run"}]}]}
    """
    users = []
    for user in spec.get("users", []):
        exercises = [
            FakeExercise(
                point_id=str(item["id"]),
                exercise_type=str(item.get("type", "RUNNING")),
                start=datetime.fromisoformat(item["start"]),
                elapsed_s=float(item["minutes"]) * 60,
                active_s=float(item["active_minutes"]) * 60 if "active_minutes" in item else None,
                distance_m=float(item["km"]) * 1000 if "km" in item else None,
                avg_hr_bpm=int(item["avg_hr"]) if "avg_hr" in item else None,
                name=item.get("name"),
            )
            for item in user.get("exercises", [])
        ]
        users.append(FakeUser(str(user["health_user_id"]), str(user.get("legacy", "")), exercises))
    return users


def demo_users(today: datetime | None = None) -> list[FakeUser]:
    """Two weeks of a runner's workouts ending yesterday, for ``python -m`` demo runs."""
    now = today or datetime.now(UTC)
    cet = timezone(timedelta(hours=1))
    base = (now - timedelta(days=14)).astimezone(cet).replace(hour=7, minute=0, second=0)
    plan = [("RUNNING", 45, 8.5), ("BIKING", 60, 24.0), ("RUNNING", 50, 9.8), ("WALKING", 30, 2.6)]
    exercises = [
        FakeExercise(
            point_id=f"demo-{day:02d}",
            exercise_type=plan[day % len(plan)][0],
            start=base + timedelta(days=day),
            elapsed_s=plan[day % len(plan)][1] * 60,
            distance_m=plan[day % len(plan)][2] * 1000,
            avg_hr_bpm=140 + day % 5,
            name=plan[day % len(plan)][0].title(),
        )
        for day in range(14)
    ]
    return [FakeUser("8472036159", "7XK2QP", exercises)]


def notification_body(
    health_user_id: str,
    start: datetime,
    end: datetime,
    *,
    data_type: str = "exercise",
    operation: str = "UPSERT",
) -> dict[str, Any]:
    """One item of a webhook delivery as Google's webhook pages describe it (a delivery is a
    JSON array of 1–99 such items: see ``notification_delivery``)."""
    local = start.utcoffset() or timedelta()
    return {
        "data": {
            "version": "1",
            "clientProvidedSubscriptionName": f"loadwatch-{health_user_id}",
            "healthUserId": health_user_id,
            "operation": operation,
            "dataType": data_type,
            "intervals": [
                {
                    "physicalTimeInterval": {
                        "startTime": _rfc3339(start),
                        "endTime": _rfc3339(end),
                    },
                    "civilIso8601TimeInterval": {
                        "startTime": (start.astimezone(UTC) + local).strftime("%Y-%m-%dT%H:%M:%S"),
                        "endTime": (end.astimezone(UTC) + local).strftime("%Y-%m-%dT%H:%M:%S"),
                    },
                }
            ],
        }
    }


def notification_delivery(
    health_user_id: str,
    start: datetime,
    end: datetime,
    *,
    data_type: str = "exercise",
    civil_only: bool = False,
) -> list[dict[str, Any]]:
    """A delivery as Google POSTs it: a JSON array. ``civil_only``: its interval carries only a
    structured ``civilDateTimeInterval``, as some real deliveries do."""
    item = notification_body(health_user_id, start, end, data_type=data_type)
    if civil_only:
        local_end = end.astimezone(start.tzinfo)
        item["data"]["intervals"] = [
            {
                "civilDateTimeInterval": {
                    "start": civil_date_time(start),
                    "end": civil_date_time(local_end),
                }
            }
        ]
    return [item]


@dataclass
class SigningKey:
    """The fake's ECDSA P-256 key and its Tink identity."""

    key_id: int = 0x2A17B3C4
    output_prefix: str = "TINK"
    der_encoded: bool = True
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )

    def sign(self, body: bytes) -> str:
        """Base64 of Tink's output, e.g. TINK: ``0x01 ‖ keyId ‖ DER(ECDSA-SHA256(body))``."""
        message = body + b"\x00" if self.output_prefix == "LEGACY" else body
        signature = self.private_key.sign(message, ec.ECDSA(hashes.SHA256()))
        if not self.der_encoded:
            r, s = decode_dss_signature(signature)
            signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        prefix = {"TINK": b"\x01", "LEGACY": b"\x00", "CRUNCHY": b"\x00"}.get(self.output_prefix)
        key_id = self.key_id.to_bytes(4, "big") if prefix is not None else b""
        return base64.b64encode((prefix or b"") + key_id + signature).decode()

    def keyset_json(self) -> str:
        numbers = self.private_key.public_key().public_numbers()
        # hash SHA256 (3), curve NIST_P256 (2), encoding DER (2) or IEEE_P1363 (1)
        params = b"\x08\x03\x10\x02\x18" + (b"\x02" if self.der_encoded else b"\x01")
        key = (
            b"\x08\x00"
            + _field(2, params)
            + _field(3, b"\x00" + numbers.x.to_bytes(32, "big"))
            + _field(4, b"\x00" + numbers.y.to_bytes(32, "big"))
        )
        entry = {
            "keyData": {
                "typeUrl": ECDSA_PUBLIC_KEY_TYPE,
                "value": base64.b64encode(key).decode(),
                "keyMaterialType": "ASYMMETRIC_PUBLIC",
            },
            "status": "ENABLED",
            "keyId": self.key_id,
            "outputPrefixType": self.output_prefix,
        }
        return json.dumps({"primaryKeyId": self.key_id, "key": [entry]})


def _field(number: int, payload: bytes) -> bytes:
    return bytes([number << 3 | 2, len(payload)]) + payload


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
