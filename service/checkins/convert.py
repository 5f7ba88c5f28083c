"""Check-ins between their three forms: the request, the pure value objects, the stored row.

The request goes through the same parser as the advice-check CLI (:func:`parse_checkin`), so the
API and the CLI accept and refuse exactly the same answers. A stored row turns back into the pure
object the rules read.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from service.checkins.schemas import KIND_ANSWERS, CheckinIn
from service.models import Checkin as CheckinRow
from service.training.checkin_json import parse_checkin, parse_record
from service.training.input_errors import CheckinError, InputError
from service.training.symptoms import (
    AnyCheckin,
    DailyCheckin,
    IllnessReport,
    Onset,
    OstrcAnswers,
    PostRunCheckin,
    RedFlag,
    RedFlagReport,
    VisaA,
    VisaAItems,
    WeeklyCheckin,
)

ANSWER_COLUMNS = (
    "morning_pain",
    "morning_stiffness_min",
    "pain_during",
    "pain_after",
    "pain_week",
    "ostrc",
    "ostrc_severity",
    "visa_a",
    "visa_a_items",
    "red_flags",
    "onset",
    "feeling_ill",
)
"""Every stored answer column; a correction rewrites all of them."""


def parse_request(data: CheckinIn) -> AnyCheckin:
    """The pure check-in of ``data``; a CheckinError or ScenarioError names the bad field."""
    answers = data.model_dump(exclude={"kind", "date", "region", "onset"}, exclude_none=True)
    allowed = KIND_ANSWERS[data.kind]
    listed = ", ".join(allowed)
    if data.kind == "illness" and data.onset is not None:
        raise CheckinError(
            "onset",
            "belongs to a body region's answers, not to feeling ill",
            "hoort bij de antwoorden over een lichaamsdeel, niet bij je ziek voelen",
        )
    if data.kind == "illness" and data.region is not None:
        raise CheckinError(
            "region",
            "feeling ill is about no body region",
            "je ziek voelen gaat over geen lichaamsdeel",
        )
    for name in answers:
        if name not in allowed:
            raise CheckinError(
                name,
                f"is not an answer of a {data.kind} check-in; its answers are {listed}",
                f"hoort niet bij een check-in van het soort {data.kind}; die heeft {listed}",
            )
    if not answers:
        raise CheckinError(
            listed, "give at least one of these answers", "geef minstens een van deze antwoorden"
        )
    record = {"date": data.date.isoformat(), "region": data.region, **answers}
    if data.onset is not None:
        record["onset"] = data.onset
    try:
        if data.kind == "illness":
            return parse_record("", record)[0]
        return parse_checkin("", record)[0]
    except InputError as error:  # the record sits at the top: no empty path parts
        raise type(error)(error.field.strip("."), error.message_en, error.message_nl) from None


def kind_of(checkin: AnyCheckin) -> str:
    match checkin:
        case IllnessReport():
            return "illness"
        case DailyCheckin():
            return "daily"
        case PostRunCheckin():
            return "post_run"
        case WeeklyCheckin():
            return "weekly"
        case RedFlagReport():
            return "red_flag"


def row_values(checkin: AnyCheckin) -> dict[str, Any]:
    """Key and answer columns of ``checkin``; answers of other kinds are None (or no flags)."""
    values: dict[str, Any] = dict.fromkeys(ANSWER_COLUMNS)
    values["red_flags"] = []
    if isinstance(checkin, IllnessReport):
        values["feeling_ill"] = checkin.feeling_ill
        return {"day": checkin.day, "kind": "illness", "region": "", **values}
    region = checkin.region.value if checkin.region is not None else ""
    values["onset"] = checkin.onset.value if checkin.onset is not None else None
    match checkin:
        case DailyCheckin():
            values |= {
                "morning_pain": checkin.morning_pain,
                "morning_stiffness_min": checkin.morning_stiffness_min,
            }
        case PostRunCheckin():
            values |= {"pain_during": checkin.pain_during, "pain_after": checkin.pain_after}
        case WeeklyCheckin():
            values |= _weekly_values(checkin)
        case RedFlagReport():
            values["red_flags"] = sorted(flag.value for flag in checkin.flags)
    return {"day": checkin.day, "kind": kind_of(checkin), "region": region, **values}


def _weekly_values(checkin: WeeklyCheckin) -> dict[str, Any]:
    values: dict[str, Any] = {"pain_week": checkin.pain_week}
    if checkin.ostrc is not None:
        answers = checkin.ostrc
        values["ostrc"] = [answers.q1, answers.q2, answers.q3, answers.q4]
        values["ostrc_severity"] = answers.severity
    if checkin.visa_a is not None:
        values["visa_a"] = checkin.visa_a.total
        items = checkin.visa_a.items
        if items is not None:
            item_values = dataclasses.asdict(items)
            item_values["q8_branch"] = items.q8_branch.value
            values["visa_a_items"] = item_values
    return values


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)


def to_pure(row: CheckinRow) -> AnyCheckin:
    """The stored check-in as the rules read it."""
    region: Any = row.region or None
    onset = Onset(row.onset) if row.onset is not None else None
    if row.kind == "illness":
        return IllnessReport(row.day, bool(row.feeling_ill))
    if row.kind == "daily":
        return DailyCheckin(
            row.day, region, _whole(row.morning_pain), row.morning_stiffness_min, onset
        )
    if row.kind == "post_run":
        return PostRunCheckin(
            row.day, region, _whole(row.pain_during), _whole(row.pain_after), onset
        )
    if row.kind == "weekly":
        ostrc = OstrcAnswers(*row.ostrc) if row.ostrc is not None else None
        return WeeklyCheckin(row.day, region, _whole(row.pain_week), ostrc, _visa_a(row), onset)
    flags = frozenset(RedFlag(flag) for flag in row.red_flags)
    return RedFlagReport(row.day, flags, region, onset)


def _visa_a(row: CheckinRow) -> VisaA | None:
    if row.visa_a is None:
        return None
    if row.visa_a_items is None:
        return VisaA(row.visa_a)
    return VisaA.from_items(VisaAItems(**row.visa_a_items))
