"""Symptom check-ins: body regions, red flags and the four check-in kinds (DOMAIN §1.3).

Every check-in is a frozen dataclass that validates itself on construction. An answer out of range
raises :class:`CheckinError` naming the field, and no object exists afterwards, so nothing partial
can be stored. Days are local calendar days in the athlete's time zone. Pain is the 0–10 numeric
rating scale (0 = no pain, 10 = worst imaginable). OSTRC-O2 and VISA-A scoring live in
:mod:`service.training.questionnaires` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from service.training.input_errors import CheckinError
from service.training.questionnaires import (
    OstrcAnswers,
    Q8Branch,
    VisaA,
    VisaAItems,
    require_whole,
)

__all__ = [
    "PAIN_FIELDS",
    "AnyCheckin",
    "Checkin",
    "CheckinError",
    "DailyCheckin",
    "IllnessReport",
    "Onset",
    "OstrcAnswers",
    "PostRunCheckin",
    "Q8Branch",
    "RedFlag",
    "RedFlagReport",
    "Region",
    "VisaA",
    "VisaAItems",
    "WeeklyCheckin",
]

MAX_STIFFNESS_MIN = 24 * 60
"""Morning stiffness is in minutes; more than a day is a typing error, not an answer."""


class Region(StrEnum):
    """Body regions of runners' complaints, from the seed material's map (DOMAIN §1.3)."""

    ACHILLES = "achilles"
    HEEL_FOOT = "heel_foot"
    ANKLE = "ankle"
    SHIN = "shin"
    CALF = "calf"
    KNEE_FRONT = "knee_front"
    KNEE_OUTSIDE = "knee_outside"
    HAMSTRING = "hamstring"
    GROIN = "groin"
    LOW_BACK = "low_back"


class RedFlag(StrEnum):
    """Answers that need care now rather than a training change."""

    SUDDEN_SNAP = "sudden_snap"  # a kick-like snap in the calf or Achilles
    CANNOT_PUSH_OFF = "cannot_push_off"  # cannot push off or stand on the toes
    CALF_WARM_RED_SWOLLEN = "calf_warm_red_swollen"  # possible thrombosis after a calf tear
    CANNOT_BEAR_WEIGHT = "cannot_bear_weight"  # cannot stand on the leg (possible fracture)
    CANNOT_MOVE = "cannot_move"  # the lower back blocks all movement


class Onset(StrEnum):
    """How a problem started, from the check-in that first reports it (DOMAIN §1.6.2)."""

    SUDDEN = "sudden"  # at one moment, e.g. during a run
    GRADUAL = "gradual"


PAIN_FIELDS = ("pain_week", "morning_pain", "pain_during", "pain_after")
"""Every 0–10 pain field a check-in can carry."""


def _require_day(value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise CheckinError(
            "date", "must be a calendar day (YYYY-MM-DD)", "moet een datum zijn (JJJJ-MM-DD)"
        )
    return value


def _require_region(value: object) -> Region:
    try:
        return Region(str(value))
    except ValueError:
        listed = ", ".join(region.value for region in Region)
        raise CheckinError(
            "region", f"must be one of {listed}", f"moet een van {listed} zijn"
        ) from None


def _require_some(names: Iterable[str], values: Iterable[object]) -> None:
    if all(value is None for value in values):
        listed = ", ".join(names)
        raise CheckinError(
            listed, "give at least one of these answers", "geef minstens een van deze antwoorden"
        )


def _set_pain(checkin: object, name: str) -> None:
    value = getattr(checkin, name)
    if value is not None:
        object.__setattr__(checkin, name, require_whole(name, value, 0, 10))


def _check_day_and_region(checkin: DailyCheckin | PostRunCheckin | WeeklyCheckin) -> None:
    object.__setattr__(checkin, "day", _require_day(checkin.day))
    object.__setattr__(checkin, "region", _require_region(checkin.region))
    _check_onset(checkin)


def _check_onset(checkin: DailyCheckin | PostRunCheckin | WeeklyCheckin | RedFlagReport) -> None:
    if checkin.onset is None:
        return
    try:
        object.__setattr__(checkin, "onset", Onset(str(checkin.onset)))
    except ValueError:
        raise CheckinError(
            "onset", "must be sudden or gradual", "moet sudden of gradual zijn"
        ) from None


@dataclass(frozen=True, slots=True)
class DailyCheckin:
    """Morning check-in for an active tendon problem: pain 0–10 and stiffness in minutes."""

    day: dt.date
    region: Region
    morning_pain: int | None = None
    morning_stiffness_min: float | None = None
    onset: Onset | None = None

    def __post_init__(self) -> None:
        _check_day_and_region(self)
        _require_some(
            ("morning_pain", "morning_stiffness_min"),
            (self.morning_pain, self.morning_stiffness_min),
        )
        _set_pain(self, "morning_pain")
        if self.morning_stiffness_min is not None:
            object.__setattr__(
                self, "morning_stiffness_min", _stiffness(self.morning_stiffness_min)
            )


def _stiffness(value: object) -> float:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
    if not 0 <= number <= MAX_STIFFNESS_MIN:
        raise CheckinError(
            "morning_stiffness_min",
            f"must be a number of minutes from 0 to {MAX_STIFFNESS_MIN}",
            f"moet een aantal minuten van 0 tot en met {MAX_STIFFNESS_MIN} zijn",
        )
    return float(number)


@dataclass(frozen=True, slots=True)
class PostRunCheckin:
    """Pain 0–10 during and after a run, for one region."""

    day: dt.date
    region: Region
    pain_during: int | None = None
    pain_after: int | None = None
    onset: Onset | None = None

    def __post_init__(self) -> None:
        _check_day_and_region(self)
        _require_some(("pain_during", "pain_after"), (self.pain_during, self.pain_after))
        _set_pain(self, "pain_during")
        _set_pain(self, "pain_after")


@dataclass(frozen=True, slots=True)
class WeeklyCheckin:
    """The default weekly check-in for one region: pain 0–10, OSTRC-O2, optional VISA-A.

    VISA-A is an Achilles questionnaire, so it is accepted only for the ``achilles`` region.
    """

    day: dt.date
    region: Region
    pain_week: int | None = None
    ostrc: OstrcAnswers | None = None
    visa_a: VisaA | None = None
    onset: Onset | None = None

    def __post_init__(self) -> None:
        _check_day_and_region(self)
        _require_some(("pain_week", "ostrc", "visa_a"), (self.pain_week, self.ostrc, self.visa_a))
        _set_pain(self, "pain_week")
        if self.ostrc is not None and not isinstance(self.ostrc, OstrcAnswers):
            raise CheckinError(
                "ostrc", "must be four OSTRC-O2 answers", "moet vier antwoorden zijn"
            )
        if self.visa_a is not None and not isinstance(self.visa_a, VisaA):
            raise CheckinError("visa_a", "must be a VISA-A score", "moet een VISA-A-score zijn")
        if self.visa_a is not None and self.region is not Region.ACHILLES:
            raise CheckinError(
                "visa_a",
                "VISA-A is only for the Achilles tendon (region achilles)",
                "de VISA-A is alleen voor de achillespees (regio achilles)",
            )


@dataclass(frozen=True, slots=True)
class RedFlagReport:
    """Red-flag answers, any time; the region is optional (a snap is felt before it is placed)."""

    day: dt.date
    flags: frozenset[RedFlag]
    region: Region | None = None
    onset: Onset | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "day", _require_day(self.day))
        if self.region is not None:
            object.__setattr__(self, "region", _require_region(self.region))
        _check_onset(self)
        if isinstance(self.flags, str) or not self.flags:
            raise CheckinError(
                "red_flags", "name at least one red flag", "noem minstens een alarmsignaal"
            )
        try:
            flags = frozenset(RedFlag(flag) for flag in self.flags)
        except ValueError:
            listed = ", ".join(red_flag.value for red_flag in RedFlag)
            raise CheckinError(
                "red_flags", f"must be among {listed}", f"moeten komen uit {listed}"
            ) from None
        object.__setattr__(self, "flags", flags)


Checkin = DailyCheckin | PostRunCheckin | WeeklyCheckin | RedFlagReport
"""Any of the four check-in kinds about a body region; rules pick the kinds they read."""


@dataclass(frozen=True, slots=True)
class IllnessReport:
    """Whether the athlete feels ill (flu-like, "grieperig"), for no region (DOMAIN §1.6.5)."""

    day: dt.date
    feeling_ill: bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "day", _require_day(self.day))
        if not isinstance(self.feeling_ill, bool):
            raise CheckinError("feeling_ill", "must be true or false", "moet true of false zijn")


AnyCheckin = Checkin | IllnessReport
"""Everything the rules read from check-ins."""
