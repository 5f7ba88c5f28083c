"""The check-in forms' answers → the check-ins feature's own input, or messages by field.

A form holds one block of answers per body region (``morning_pain.achilles``) and a block for
a region the runner adds (``morning_pain.new`` with ``region.new``). Every block goes through
the check-ins feature's parser (the one the API and the advice CLI use) before anything is
stored, so a form with one bad answer stores nothing and says what to fix next to that field;
every answer is checked on its own too, so all of a form's errors show at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from pydantic import ValidationError

from service.checkins.convert import parse_request
from service.checkins.schemas import CheckinIn
from service.dashboard.day_input import parse_day
from service.dashboard.form_data import Fields, parse_number
from service.dashboard.i18n import N_, gettext
from service.training.input_errors import InputError
from service.training.questionnaires import OSTRC_POINTS, Q7_POINTS
from service.training.symptoms import RedFlag, Region

KINDS: Final = ("weekly", "daily", "post_run", "red_flag")
FORM: Final = ""
"""Where a message about the whole form goes (shown above it)."""
NEW: Final = "new"
"""The block of a region the runner adds; its region comes from ``region.new``."""
REGIONS: Final = tuple(region.value for region in Region)
NUMBERS: Final = {
    "daily": ("morning_pain", "morning_stiffness_min"),
    "post_run": ("pain_during", "pain_after"),
    "weekly": ("pain_week",),
}
OSTRC: Final = ("ostrc_q1", "ostrc_q2", "ostrc_q3", "ostrc_q4")
ONSET: Final = "onset"
"""How a region's problem started (sudden or gradual), one choice per block."""
FEELING_ILL: Final = "feeling_ill"
"""The morning form's "I feel ill" box: an illness check-in of its own, about no region."""
VISA_SCALES: Final = ("visa_q1", "visa_q2", "visa_q3", "visa_q4", "visa_q5", "visa_q6")
VISA_CHOICES: Final = ("visa_q7", "visa_q8_branch", "visa_q8_duration")
VISA: Final = (*VISA_SCALES, *VISA_CHOICES)

NOT_A_NUMBER: Final = N_("Enter a number.")
CHOOSE_REGION: Final = N_("Choose the body region.")
REGION_TWICE: Final = N_("This region already has its own answers above.")
Q1_FIRST: Final = N_("Answer this question first.")
VISA_ALL: Final = N_("Answer every VISA-A question, or leave them all empty.")
BAD_DAY: Final = N_("Enter the day as yyyy-mm-dd.")
FUTURE_DAY: Final = N_("The day cannot be in the future.")


def name(answer: str, block: str) -> str:
    return f"{answer}.{block}"


def answers_of(kind: str) -> tuple[str, ...]:
    if kind == "weekly":
        return (*NUMBERS["weekly"], *OSTRC, *VISA)
    return NUMBERS.get(kind, ())


def allowed_fields(kind: str) -> set[str]:
    """Every field name a form of ``kind`` may send."""
    if kind == "red_flag":
        return {"kind", "date", "red_flags", "region"}
    blocks = (*REGIONS, NEW)
    names = {name(answer, block) for answer in (*answers_of(kind), ONSET) for block in blocks}
    extra = {FEELING_ILL} if kind == "daily" else set()
    return names | extra | {"kind", "date", "run", name("region", NEW)}


@dataclass
class Submission:
    """What a posted form holds: the check-ins to store, or why not (field → message)."""

    kind: str
    locale: str
    day: date | None = None
    entries: list[CheckinIn] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def fail(self, field_name: str, message: str, *, translated: bool = False) -> None:
        if field_name not in self.errors:
            text = message if translated else gettext(self.locale, message)
            self.errors[field_name] = text[:1].upper() + text[1:]

    def refused(self, error: InputError, field_name: str) -> None:
        text = error.message_nl if self.locale == "nl" else error.message_en
        self.fail(field_name, text, translated=True)


def read_submission(kind: str, fields: Fields, locale: str, today: date) -> Submission:
    """Check every answer of the form; ``entries`` is complete only when ``errors`` is empty."""
    submission = Submission(kind, locale)
    submission.day = _day(fields, submission, today)
    if submission.day is None:
        return submission
    if kind == "red_flag":
        _red_flags(fields, submission)
    else:
        for block in _blocks(fields, kind):
            _block(kind, block, fields, submission)
        if kind == "daily" and fields.get(FEELING_ILL):
            values = {"kind": "illness", "date": submission.day, "feeling_ill": True}
            _checked(values, submission, lambda _field: FEELING_ILL)
        if not submission.entries and not submission.errors:
            submission.fail(FORM, N_("Answer for at least one body region."))
    if submission.errors:
        submission.entries.clear()
    return submission


def _day(fields: Fields, submission: Submission, today: date) -> date | None:
    text = fields.get("run") if submission.kind == "post_run" else ""
    text = text or fields.get("date")
    if not text:
        return today
    day = parse_day(text, submission.locale)
    if day is None:
        submission.fail("date", BAD_DAY)
        return None
    if day > today:
        submission.fail("date", FUTURE_DAY)
        return None
    return day


def _blocks(fields: Fields, kind: str) -> Iterator[str]:
    """The blocks the form sent, in the order of the regions, the added region last."""
    sent = {part.rsplit(".", 1)[-1] for part in fields.names() if "." in part}
    yield from (block for block in (*REGIONS, NEW) if block in sent)


def _red_flags(fields: Fields, submission: Submission) -> None:
    flags = [flag for flag in fields.all("red_flags") if flag]
    region = fields.get("region") or None
    if any(flag not in {f.value for f in RedFlag} for flag in flags) or (
        region is not None and region not in REGIONS
    ):
        submission.fail("red_flags", N_("Choose from the signs listed."))
        return
    values = {"kind": "red_flag", "date": submission.day, "region": region, "red_flags": flags}
    _checked(values, submission, lambda _field: "red_flags")


def _block(kind: str, block: str, fields: Fields, submission: Submission) -> None:
    raw = {answer: fields.get(name(answer, block)) for answer in answers_of(kind)}
    if not any(raw.values()):
        return
    region = _region(block, fields, submission)
    if region is None:
        return
    values: dict[str, Any] = {"kind": kind, "date": submission.day, "region": region}
    values[ONSET] = fields.get(name(ONSET, block)) or None
    before = len(submission.errors)
    for answer in NUMBERS[kind]:
        values[answer] = _number(raw[answer], name(answer, block), submission)
    if kind == "weekly":
        values["ostrc"] = _ostrc(raw, block, submission)
        values["visa_a"] = _visa(raw, block, submission)
    field_of = lambda path: _field_of(path, kind, block)  # noqa: E731
    base = {"kind": kind, "date": submission.day, "region": region, ONSET: values[ONSET]}
    answers = [key for key, value in values.items() if key not in base and value is not None]
    for answer in answers:  # each answer on its own: every error at once, next to its field
        _checked({**base, answer: values[answer]}, submission, field_of, store=False)
    if len(submission.errors) == before:
        _checked(values, submission, field_of)


def _region(block: str, fields: Fields, submission: Submission) -> str | None:
    if block != NEW:
        return block
    chosen = fields.get(name("region", NEW))
    if chosen not in REGIONS:
        submission.fail(name("region", NEW), CHOOSE_REGION)
        return None
    if any(fields.get(n) for n in fields.names() if n.endswith(f".{chosen}")):
        submission.fail(name("region", NEW), REGION_TWICE)
        return None
    return chosen


def _number(text: str, field_name: str, submission: Submission) -> float | None:
    try:
        return parse_number(text)
    except ValueError:
        submission.fail(field_name, NOT_A_NUMBER)
        return None


def _choice(text: str, choices: tuple[int, ...]) -> int | None:
    return int(text) if text in {str(c) for c in choices} else None


def _ostrc(raw: dict[str, str], block: str, submission: Submission) -> list[int | None] | None:
    """The four answers after the O2 skip logic: Q1 = 0 skips Q2–Q4, Q1 = 25 skips Q2 and Q3."""
    answers = [_choice(raw[q], OSTRC_POINTS) for q in OSTRC]
    if not any(raw[q] for q in OSTRC):
        return None
    q1 = answers[0]
    if q1 is None:
        submission.fail(name(OSTRC[0], block), Q1_FIRST)
        return None
    skipped = {0: (1, 2, 3), 25: (1, 2)}.get(q1, ())
    return [None if index in skipped else answer for index, answer in enumerate(answers)]


def _visa(raw: dict[str, str], block: str, submission: Submission) -> dict[str, Any] | None:
    if not any(raw[q] for q in VISA):
        return None
    missing = [q for q in VISA if not raw[q]]
    if missing:
        submission.fail(name(missing[0], block), VISA_ALL)
        return None
    items: dict[str, Any] = {}
    for scale in VISA_SCALES:
        items[scale.removeprefix("visa_")] = _number(raw[scale], name(scale, block), submission)
    q7 = _choice(raw["visa_q7"], Q7_POINTS)
    items["q7"] = q7 if q7 is not None else -1  # the core names a choice outside the list
    items["q8_branch"] = raw["visa_q8_branch"]
    items["q8_duration"] = raw["visa_q8_duration"]
    return items


def _field_of(path: str, kind: str, block: str) -> str:
    """The form field of an error the check-ins feature names by its own path."""
    if path.startswith("ostrc[") and path[6:7].isdigit():
        return name(OSTRC[int(path[6])], block)
    if path.startswith("visa_a.") and f"visa_{path[7:]}" in VISA:
        return name(f"visa_{path[7:]}", block)
    if path == "visa_a":
        return name(VISA[0], block)
    if path in NUMBERS.get(kind, ()) or path == ONSET:
        return name(path, block)
    if path == "ostrc":
        return name(OSTRC[0], block)
    return name(answers_of(kind)[0], block)


def _checked(
    values: dict[str, Any],
    submission: Submission,
    field_of: Callable[[str], str],
    *,
    store: bool = True,
) -> None:
    """Through the check-ins feature's parser; its refusal lands next to the field it names.
    ``store``: keep the check-in when it passes (else only its errors count)."""
    try:
        data = CheckinIn.model_validate(
            {key: value for key, value in values.items() if value is not None or key == "region"}
        )
        parse_request(data)
    except InputError as error:
        submission.refused(error, field_of(error.field))
        return
    except ValidationError:
        submission.fail(field_of(""), N_("Check this answer."))
        return
    if store:
        submission.entries.append(data)
