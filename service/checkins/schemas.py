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
from service.training.questionnaires import OSTRC_POINTS, Q7_POINTS, Q8_DURATIONS
from service.training.symptoms import MAX_STIFFNESS_MIN, RedFlag, Region

CheckinKind = Literal["daily", "post_run", "weekly", "red_flag"]

KIND_ANSWERS: dict[str, tuple[str, ...]] = {
    "daily": ("morning_pain", "morning_stiffness_min"),
    "post_run": ("pain_during", "pain_after"),
    "weekly": ("pain_week", "ostrc", "visa_a"),
    "red_flag": ("red_flags",),
}
"""The answers each kind of check-in carries."""

REGIONS = [region.value for region in Region]


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
    created_at: dt.datetime
    updated_at: dt.datetime
