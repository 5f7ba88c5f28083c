"""Check-in records as JSON (DOMAIN §1.5) → the check-in value objects of the pure core.

One record may carry answers of several kinds for one day and region; it becomes one object per
kind present::

    {"date": "2026-03-08", "region": "achilles", "pain_week": 3, "ostrc": [8, 8, 8, 8],
     "visa_a": 59}
    {"date": "2026-03-09", "red_flags": ["sudden_snap"]}
    {"date": "2026-03-10", "region": "hamstring", "pain_during": 7, "onset": "sudden"}
    {"date": "2026-03-11", "feeling_ill": true}

``onset`` (``sudden`` or ``gradual``) says how a region's problem started; it needs a region and
an answer about it. ``feeling_ill`` is about no region (:func:`parse_record`).

``visa_a`` is a total (0–100) or its items ``{"q1": 7, …, "q7": 4, "q8_branch": "B",
"q8_duration": "11-20"}``. ``ostrc`` lists four answers; a skipped answer may be null.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.training.input_errors import CheckinError
from service.training.json_fields import ScenarioError, join, require_day, require_object
from service.training.symptoms import (
    AnyCheckin,
    Checkin,
    DailyCheckin,
    IllnessReport,
    OstrcAnswers,
    PostRunCheckin,
    RedFlagReport,
    VisaA,
    VisaAItems,
    WeeklyCheckin,
)

DAILY_FIELDS = ("morning_pain", "morning_stiffness_min")
POST_RUN_FIELDS = ("pain_during", "pain_after")
WEEKLY_FIELDS = ("pain_week", "ostrc", "visa_a")
ANSWER_FIELDS = (*DAILY_FIELDS, *POST_RUN_FIELDS, *WEEKLY_FIELDS, "red_flags")
RECORD_FIELDS = ("date", "region", "onset", *ANSWER_FIELDS)
VISA_A_ITEMS = ("q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8_branch", "q8_duration")


def parse_checkin(path: str, record: object) -> list[Checkin]:
    """The check-ins in one JSON record; ScenarioError or CheckinError name the bad field."""
    fields = require_object(path, record, RECORD_FIELDS)
    day = require_day(join(path, "date"), fields.get("date"))
    if not any(fields.get(name) is not None for name in ANSWER_FIELDS):
        listed = ", ".join(ANSWER_FIELDS)
        raise ScenarioError(
            path,
            f"needs at least one answer: {listed}",
            f"heeft minstens één antwoord nodig: {listed}",
        )
    region = fields.get("region")
    if region is None and any(fields.get(name) is not None for name in ANSWER_FIELDS[:-1]):
        raise ScenarioError(
            join(path, "region"),
            "is required for pain and questionnaire answers",
            "is verplicht bij pijn- en vragenlijstantwoorden",
        )
    if region is None and fields.get("onset") is not None:
        raise ScenarioError(
            join(path, "region"),
            "is required with onset",
            "is verplicht bij onset",
        )
    try:
        return _checkins(fields, day, region, path)
    except CheckinError as error:
        raise error.within(path) from None


def parse_record(path: str, record: object) -> list[AnyCheckin]:
    """Like :func:`parse_checkin`, and ``feeling_ill`` (true or false) besides or instead."""
    fields = require_object(path, record, (*RECORD_FIELDS, "feeling_ill"))
    if "feeling_ill" not in fields:
        return list(parse_checkin(path, fields))
    rest = {name: value for name, value in fields.items() if name != "feeling_ill"}
    day = require_day(join(path, "date"), fields.get("date"))
    try:
        illness = IllnessReport(day, fields["feeling_ill"])
    except CheckinError as error:
        raise error.within(path) from None
    if set(rest) <= {"date", "region"}:
        return [illness]
    return [*parse_checkin(path, rest), illness]


def _present(fields: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: fields[name] for name in names if fields.get(name) is not None}


def _checkins(fields: Mapping[str, Any], day: object, region: Any, path: str) -> list[Checkin]:
    checkins: list[Checkin] = []
    onset = _present(fields, ("onset",))
    if daily := _present(fields, DAILY_FIELDS):
        checkins.append(DailyCheckin(day, region, **daily, **onset))  # type: ignore[arg-type]
    if post_run := _present(fields, POST_RUN_FIELDS):
        checkins.append(PostRunCheckin(day, region, **post_run, **onset))  # type: ignore[arg-type]
    if weekly := _present(fields, WEEKLY_FIELDS):
        if "ostrc" in weekly:
            weekly["ostrc"] = _ostrc(weekly["ostrc"])
        if "visa_a" in weekly:
            weekly["visa_a"] = _visa_a(weekly["visa_a"], join(path, "visa_a"))
        checkins.append(WeeklyCheckin(day, region, **weekly, **onset))  # type: ignore[arg-type]
    if fields.get("red_flags") is not None:
        flags = fields["red_flags"]
        if not isinstance(flags, list) or not all(isinstance(flag, str) for flag in flags):
            raise CheckinError("red_flags", "must be a list of names", "moet een lijst namen zijn")
        report = RedFlagReport(day, frozenset(flags), region, **onset)  # type: ignore[arg-type]
        checkins.append(report)
    return checkins


def _ostrc(answers: object) -> OstrcAnswers:
    if not isinstance(answers, list):
        raise CheckinError("ostrc", "must list four answers", "moet vier antwoorden geven")
    try:
        return OstrcAnswers.from_list(answers)
    except CheckinError as error:
        raise error.within("ostrc") from None


def _visa_a(value: object, path: str) -> VisaA:
    try:
        if isinstance(value, Mapping):
            items = require_object(path, value, VISA_A_ITEMS)
            missing = [name for name in VISA_A_ITEMS if name not in items]
            if missing:
                raise CheckinError(missing[0], "is required", "is verplicht")
            return VisaA.from_items(VisaAItems(**items))
        return VisaA(value)  # type: ignore[arg-type]
    except CheckinError as error:
        if not isinstance(value, Mapping):  # a bare total: the field is visa_a itself
            raise CheckinError("visa_a", error.message_en, error.message_nl) from None
        raise error.within("visa_a") from None
