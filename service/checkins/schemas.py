"""Request and response shapes of check-ins.

One JSON shape for the four kinds; ``kind`` says which answers belong to it. Ranges are documented
here and checked by the pure core (:mod:`service.training.symptoms`), whose errors name the field
in English and Dutch.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field, JsonValue

from service.schemas import Day, Input
from service.training.episode_records import EpisodeKind
from service.training.questionnaires import OSTRC_POINTS, Q7_POINTS, Q8_DURATIONS
from service.training.symptoms import MAX_STIFFNESS_MIN, Onset, RedFlag, Region

CheckinKind = Literal["daily", "post_run", "weekly", "red_flag", "illness"]

KIND_ANSWERS: dict[str, tuple[str, ...]] = {
    "daily": ("morning_pain", "morning_stiffness_min"),
    "post_run": ("pain_during", "pain_after"),
    "weekly": ("pain_week", "ostrc", "visa_a"),
    "red_flag": ("red_flags",),
    "illness": ("feeling_ill",),
}
"""The answers each kind of check-in carries."""

REGIONS = [region.value for region in Region]
ONSETS = [onset.value for onset in Onset]
EPISODE_KINDS = [kind.value for kind in EpisodeKind]


def _pain(description: str) -> Any:
    """An optional 0–10 pain answer, documented as such; the pure core checks the range."""
    documented: dict[str, JsonValue] = {"minimum": 0, "maximum": 10, "multipleOf": 1}
    return Field(default=None, description=description, json_schema_extra=documented)


class VisaAItemsIn(Input):
    """The eight VISA-A answers (Robinson et al. 2001)."""

    q1: float = Field(json_schema_extra={"minimum": 0, "maximum": 10})
    q2: float = Field(json_schema_extra={"minimum": 0, "maximum": 10})
    q3: float = Field(json_schema_extra={"minimum": 0, "maximum": 10})
    q4: float = Field(json_schema_extra={"minimum": 0, "maximum": 10})
    q5: float = Field(json_schema_extra={"minimum": 0, "maximum": 10})
    q6: float = Field(json_schema_extra={"minimum": 0, "maximum": 10})
    q7: float = Field(json_schema_extra={"enum": list(Q7_POINTS)})
    q8_branch: str = Field(json_schema_extra={"enum": ["A", "B", "C"]})
    q8_duration: str = Field(json_schema_extra={"enum": list(Q8_DURATIONS)})


class CheckinIn(Input):
    """A check-in of one kind for one local day (and body region, except for red flags).

    - ``daily``: ``morning_pain`` 0–10, ``morning_stiffness_min`` ≥ 0 (at least one)
    - ``post_run``: ``pain_during`` and/or ``pain_after`` 0–10
    - ``weekly``: ``pain_week`` 0–10, ``ostrc`` (four answers from 0, 8, 17, 25; a skipped one
      may be null), ``visa_a`` (a total 0–100 or its eight items; Achilles only)
    - ``red_flag``: ``red_flags``, region optional
    - ``illness``: ``feeling_ill`` (true or false), no region

    ``onset`` (``sudden`` or ``gradual``) says how the region's problem started; it belongs with
    the first report of a problem, on any kind but ``illness``.

    Sending the same (date, kind, region) again with PUT corrects it.
    """

    kind: CheckinKind
    date: Day = Field(description="Local calendar day, YYYY-MM-DD; not in the future.")
    region: str | None = Field(default=None, json_schema_extra={"enum": [*REGIONS, None]})
    morning_pain: float | None = _pain("Morning pain, 0 (none) to 10 (worst), whole numbers.")
    morning_stiffness_min: float | None = Field(
        default=None,
        description="Morning stiffness in minutes.",
        json_schema_extra={"minimum": 0, "maximum": MAX_STIFFNESS_MIN},
    )
    pain_during: float | None = _pain("Pain during the run, 0–10.")
    pain_after: float | None = _pain("Pain after the run, 0–10.")
    pain_week: float | None = _pain("Pain this week, 0–10.")
    ostrc: list[float | None] | None = Field(
        default=None,
        description="OSTRC-O2 answers Q1–Q4; null for a question the skip logic skips.",
        json_schema_extra={"items": {"enum": [*OSTRC_POINTS, None]}, "minItems": 4},
    )
    visa_a: float | VisaAItemsIn | None = Field(
        default=None, description="VISA-A total (0–100) or its eight items; Achilles only."
    )
    red_flags: list[str] | None = Field(
        default=None, json_schema_extra={"items": {"enum": [flag.value for flag in RedFlag]}}
    )
    onset: str | None = Field(
        default=None,
        description="How the problem started: sudden (at one moment) or gradual.",
        json_schema_extra={"enum": [*ONSETS, None]},
    )
    feeling_ill: bool | None = Field(
        default=None, description="Feeling ill (flu-like); an illness check-in, no region."
    )


class CheckinOut(BaseModel):
    id: int
    kind: str
    date: dt.date
    region: str | None
    morning_pain: int | None = None
    morning_stiffness_min: float | None = None
    pain_during: int | None = None
    pain_after: int | None = None
    pain_week: int | None = None
    ostrc: list[int | None] | None = None
    ostrc_severity: int | None = Field(default=None, description="OSTRC-O2 severity, 0–100.")
    visa_a: int | None = Field(default=None, description="VISA-A score, 0–100.")
    visa_a_items: dict[str, int | str] | None = None
    red_flags: list[str] = Field(default_factory=list)
    onset: str | None = None
    feeling_ill: bool | None = None
    created_at: dt.datetime
    updated_at: dt.datetime


class PainPointOut(BaseModel):
    date: dt.date
    value: int = Field(description="The day's highest pain answer for the region, 0–10.")


class EpisodeOut(BaseModel):
    """One injury episode (DOMAIN §1.6.2): one problem in one region, from its first report until
    its pain settled (or a physio or the athlete closed it)."""

    region: str
    opened: dt.date
    closed: dt.date | None = Field(description="The day it closed; null while it is open.")
    closed_by_hand: bool
    onset: str = Field(description="sudden or gradual, from the check-in that opened it.")
    kind: str | None = Field(json_schema_extra={"enum": [*EPISODE_KINDS, None]})
    rupture_reported: dt.date | None = Field(description="The day a rupture red flag came in.")
    suspected_rupture: bool = Field(description="A suspected rupture still stands today.")
    not_a_rupture: bool
    cleared_to_run: dt.date | None
    first_pain: PainPointOut | None
    latest_pain: PainPointOut | None
    pain: list[PainPointOut]


class EpisodeChangeIn(Input):
    """What a physio (or the athlete) records about an episode; fields left out stay as they are,
    ``null`` removes a value.

    - ``kind``: tendinopathy, rupture, plantar_heel_pain, sprain, muscle_strain or other
    - ``closed``: the day it ended (not in the future)
    - ``not_a_rupture``: true clears a suspected rupture
    - ``cleared_to_run``: the day from which the athlete may run again
    """

    kind: str | None = Field(default=None, json_schema_extra={"enum": [*EPISODE_KINDS, None]})
    closed: Day | None = None
    not_a_rupture: bool | None = None
    cleared_to_run: Day | None = None
