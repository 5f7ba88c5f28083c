"""OSTRC-O2 and VISA-A: answers, validation and scoring (DOMAIN §7.2, §7.4, §8.3).

Both value objects validate on construction and raise :class:`CheckinError` naming the item, so
an object that exists is always a complete, scorable answer set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from service.training.input_errors import CheckinError

OSTRC_POINTS = (0, 8, 17, 25)
"""Points of the four answers of every OSTRC-O2 question (none / minor / moderate / major)."""

OSTRC_SUBSTANTIAL_POINTS = 17
"""Q2 or Q3 at or above this (moderate or major) makes a problem substantial (OSTRC v2.0)."""


def _whole(value: object) -> int | None:
    """``value`` as an int when it is a whole number (bools are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if float(value).is_integer() else None


def require_whole(field: str, value: object, low: int, high: int) -> int:
    """``value`` as an int when it is a whole number in ``low..high``; otherwise CheckinError."""
    number = _whole(value)
    if number is None:
        raise CheckinError(
            field,
            f"must be a whole number from {low} to {high}",
            f"moet een geheel getal van {low} tot en met {high} zijn",
        )
    if not low <= number <= high:
        raise CheckinError(
            field,
            f"must be from {low} to {high}, got {number}",
            f"moet van {low} tot en met {high} zijn, maar is {number}",
        )
    return number


def _require_choice(field: str, value: object, choices: Sequence[int]) -> int:
    number = _whole(value)
    if number is None or number not in choices:
        listed = ", ".join(str(choice) for choice in choices)
        raise CheckinError(field, f"must be one of {listed}", f"moet een van {listed} zijn")
    return number


def _answered(value: int | None) -> int:
    if value is None:
        raise ValueError("an OSTRC answer that is not skipped cannot be empty")
    return value


@dataclass(frozen=True, slots=True)
class OstrcAnswers:
    """OSTRC-O2 answers for one body region over the past 7 days (Clarsen et al. 2013; O2 2020).

    Every answer scores 0, 8, 17 or 25 points. Skip logic of the O2 form: when Q1 is 0 (full
    participation without problems) Q2–Q4 are skipped and scored 0; when Q1 is 25 (could not
    participate) Q2 and Q3 are skipped and counted as maximal (25). Counting them as maximal is the
    usual practice but is still an open item to check against Clarsen et al. 2020 (DOMAIN §7.4 and
    §11 item 4). A skipped answer may be given as ``None`` or as the value it is scored as; any
    other value is a contradiction and is rejected.

    ``severity`` = Q1 + Q2 + Q3 + Q4 (0–100, ``ostRc::calc_severity_score``); ``substantial`` ⇔
    Q1 = 25 or Q2 ≥ 17 or Q3 ≥ 17 (``ostRc::find_hp_substantial``, v2.0).
    """

    q1: int
    q2: int | None = None
    q3: int | None = None
    q4: int | None = None

    def __post_init__(self) -> None:
        q1 = _require_choice("q1", self.q1, OSTRC_POINTS)
        object.__setattr__(self, "q1", q1)
        skipped_as = {0: {"q2": 0, "q3": 0, "q4": 0}, 25: {"q2": 25, "q3": 25}}.get(q1, {})
        for name in ("q2", "q3", "q4"):
            value = getattr(self, name)
            if name in skipped_as:
                self._check_skipped(name, value, q1, skipped_as[name])
                continue
            if value is None:
                raise CheckinError(name, "is required", "is verplicht")
            object.__setattr__(self, name, _require_choice(name, value, OSTRC_POINTS))

    def _check_skipped(self, name: str, value: object, q1: int, scored_as: int) -> None:
        if value is None or _whole(value) == scored_as:
            object.__setattr__(self, name, None)
            return
        raise CheckinError(
            name,
            f"is skipped when Q1 is {q1}: leave it empty (it counts as {scored_as})",
            f"vervalt als vraag 1 {q1} is: laat hem leeg (hij telt als {scored_as})",
        )

    @classmethod
    def from_list(cls, answers: Sequence[object]) -> OstrcAnswers:
        """From the four answers in order; errors name the position (``[1]`` is Q2)."""
        if isinstance(answers, str | bytes) or len(answers) != 4:
            raise CheckinError(
                "", "must list exactly four answers (Q1–Q4)", "moet precies vier antwoorden geven"
            )
        try:
            return cls(*answers)  # type: ignore[arg-type]
        except CheckinError as error:
            position = int(error.field[1]) - 1
            raise CheckinError(f"[{position}]", error.message_en, error.message_nl) from None

    @property
    def scored(self) -> tuple[int, int, int, int]:
        """The four scores after the skip logic."""
        if self.q1 == 0:
            return (0, 0, 0, 0)
        if self.q1 == 25:
            return (25, 25, 25, _answered(self.q4))
        return (self.q1, _answered(self.q2), _answered(self.q3), _answered(self.q4))

    @property
    def severity(self) -> int:
        """Severity score, 0–100: the sum of the four scores."""
        return sum(self.scored)

    @property
    def has_problem(self) -> bool:
        """A health problem is present ⇔ Q1 > 0 (``ostRc::find_hp``)."""
        return self.q1 > 0

    @property
    def substantial(self) -> bool:
        """Q1 = 25 or Q2 ≥ 17 or Q3 ≥ 17: a moderate or major change, or complete time loss."""
        _, q2, q3, _ = self.scored
        return self.q1 == 25 or q2 >= OSTRC_SUBSTANTIAL_POINTS or q3 >= OSTRC_SUBSTANTIAL_POINTS


class Q8Branch(StrEnum):
    """VISA-A Q8: which of the three branches the athlete answered."""

    NO_PAIN = "A"  # trains without pain
    PAIN_NOT_STOPPING = "B"  # some pain, but it does not stop training
    PAIN_STOPPING = "C"  # pain stops training


Q8_DURATIONS = ("nil", "1-10", "11-20", "21-30", "over_30")
"""Q8 answer: how long the athlete can train, in minutes."""

Q8_POINTS = {
    Q8Branch.NO_PAIN: (0, 7, 14, 21, 30),
    Q8Branch.PAIN_NOT_STOPPING: (0, 4, 10, 14, 20),
    Q8Branch.PAIN_STOPPING: (0, 2, 5, 7, 10),
}
"""Points per branch and duration (DOMAIN §7.2; to be checked against the official form, §11)."""

Q7_POINTS = (0, 4, 7, 10)
"""VISA-A Q7: no sport / modified training / full training below the old level / full level."""


@dataclass(frozen=True, slots=True)
class VisaAItems:
    """The eight VISA-A answers (Robinson et al. 2001): Q1–Q6 on 0–10, Q7 of 0/4/7/10, Q8 branch."""

    q1: int
    q2: int
    q3: int
    q4: int
    q5: int
    q6: int
    q7: int
    q8_branch: Q8Branch
    q8_duration: str

    def __post_init__(self) -> None:
        for name in ("q1", "q2", "q3", "q4", "q5", "q6"):
            object.__setattr__(self, name, require_whole(name, getattr(self, name), 0, 10))
        object.__setattr__(self, "q7", _require_choice("q7", self.q7, Q7_POINTS))
        try:
            object.__setattr__(self, "q8_branch", Q8Branch(self.q8_branch))
        except ValueError:
            raise CheckinError("q8_branch", "must be A, B or C", "moet A, B of C zijn") from None
        if self.q8_duration not in Q8_DURATIONS:
            listed = ", ".join(Q8_DURATIONS)
            raise CheckinError(
                "q8_duration", f"must be one of {listed}", f"moet een van {listed} zijn"
            )

    @property
    def q8(self) -> int:
        """Q8 points from the branch table (max 30 for A, 20 for B, 10 for C)."""
        return Q8_POINTS[self.q8_branch][Q8_DURATIONS.index(self.q8_duration)]

    @property
    def total(self) -> int:
        """VISA-A score, 0–100, 100 = no symptoms: the sum of the eight item scores."""
        firsts = (self.q1, self.q2, self.q3, self.q4, self.q5, self.q6, self.q7)
        return sum(firsts) + self.q8


@dataclass(frozen=True, slots=True)
class VisaA:
    """A VISA-A score (0–100), given as a total or computed from its eight items."""

    total: int
    items: VisaAItems | None = None

    def __post_init__(self) -> None:
        total = require_whole("total", self.total, 0, 100)
        if self.items is not None and self.items.total != total:
            raise CheckinError(
                "total",
                f"is {total} but the items add up to {self.items.total}",
                f"is {total}, maar de antwoorden tellen op tot {self.items.total}",
            )
        object.__setattr__(self, "total", total)

    @classmethod
    def from_items(cls, items: VisaAItems) -> VisaA:
        return cls(items.total, items)
