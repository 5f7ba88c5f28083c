"""Provider-neutral objects and the error tree every connector raises.

Nothing above ``service/integrations`` sees a provider's JSON or exceptions::

    ProviderError
    ├── AuthExpired      the stored credentials were rejected: the athlete must re-authorise
    ├── RateLimited      the provider asked us to slow down; ``retry_after_s`` is its minimum wait
    ├── Refused          the provider refused the request itself (HTTP 400): asking again the
    │                    same way gets the same answer, so it is not retried on a timer
    └── Unavailable      network failure, 5xx, or an answer we could not understand
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

RUNNING_SPORTS = frozenset({"running", "trail_running", "treadmill_running", "track_running"})


class Sport(StrEnum):
    """Our sport vocabulary; running sub-types count towards running distance."""

    RUNNING = "running"
    TRAIL_RUNNING = "trail_running"
    TREADMILL_RUNNING = "treadmill_running"
    TRACK_RUNNING = "track_running"
    CYCLING = "cycling"
    SWIMMING = "swimming"
    WALKING = "walking"
    HIKING = "hiking"
    STRENGTH = "strength"
    YOGA = "yoga"
    ROWING = "rowing"
    ELLIPTICAL = "elliptical"
    TRANSITION = "transition"
    OTHER = "other"


class Source(StrEnum):
    GARMIN = "garmin"
    FITBIT = "fitbit"
    FILE = "file"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class ActivityData:
    """One normalised activity, in SI units, with the instant it started in UTC.

    ``timezone`` is an IANA name when the source tells us one; ``utc_offset_s`` the offset at the
    start when only that is known (FIT files, Google Health). ``raw`` keeps the provider's payload
    for reprocessing; it is stored, never shown. ``sport_to_confirm`` marks a sport the source did
    not name (a GPX file without ``<type>``, guessed from its speed): the athlete confirms it.
    """

    source: Source
    external_id: str
    sport: Sport
    start_utc: datetime
    duration_s: float
    distance_m: float | None = None
    moving_s: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    rpe: float | None = None
    name: str | None = None
    timezone: str | None = None
    utc_offset_s: int | None = None
    vendor_load: float | None = None
    vendor_load_label: str | None = None
    incomplete: bool = False
    raw: dict[str, Any] = field(default_factory=dict)
    sport_to_confirm: bool = False

    def __post_init__(self) -> None:
        if self.start_utc.tzinfo is None:
            raise ValueError("start_utc must be timezone-aware")

    @property
    def is_running(self) -> bool:
        return self.sport.value in RUNNING_SPORTS

    def payload_hash(self) -> str:
        """SHA-256 of the raw payload in canonical JSON: equal hashes mean nothing changed."""
        blob = json.dumps(self.raw, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class DailyWellness:
    """A provider's own figures for one local day (resting HR, its training-load numbers)."""

    source: Source
    day: date
    resting_hr_bpm: float | None = None
    vendor_acute_load: float | None = None
    vendor_chronic_load: float | None = None
    vendor_acwr: float | None = None
    vendor_acwr_status: str | None = None


class ProviderError(Exception):
    """Base of every error a connector raises. ``code`` is a stable snake_case identifier."""

    code = "provider_error"


class AuthExpired(ProviderError):
    code = "provider_auth_expired"


class RateLimited(ProviderError):
    code = "provider_rate_limited"

    def __init__(self, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class Refused(ProviderError):
    code = "provider_refused"


class Unavailable(ProviderError):
    code = "provider_unavailable"
