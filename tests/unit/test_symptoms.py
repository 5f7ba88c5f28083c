"""Symptom check-ins (DOMAIN §1.3): validation, OSTRC-O2 and VISA-A scoring (§7.2, §7.4, §8.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.training.checkin_json import parse_checkin
from service.training.input_errors import CheckinError, InputError
from service.training.json_fields import ScenarioError
from service.training.questionnaires import Q8_DURATIONS, OstrcAnswers, Q8Branch, VisaA, VisaAItems
from service.training.symptoms import (
    DailyCheckin,
    PostRunCheckin,
    RedFlag,
    RedFlagReport,
    Region,
    WeeklyCheckin,
)

DAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("answers", "severity", "substantial"),
    [
        ((8, 17, 8, 8), 41, True),  # §8.3: substantial by Q2
        ((8, 8, 8, 8), 32, False),  # §8.3
        ((25, None, None, 17), 92, True),  # §8.3: substantial by Q1; Q2, Q3 count as 25
        ((25, 25, 25, 17), 92, True),  # the skipped answers given as what they count as
        ((17, 25, 25, 25), 92, True),  # ostRc test vector
        ((8, 17, 17, 0), 42, True),  # ostRc test vector
        ((0, 0, 0, 0), 0, False),  # ostRc test vector
        ((0, None, None, None), 0, False),  # Q1 = 0: the rest is skipped
        ((8, 8, 17, 0), 33, True),  # substantial by Q3
        ((17, 8, 8, 25), 58, False),  # reduced participation alone is not substantial
    ],
)
def test_ostrc_severity_and_substantial(answers, severity, substantial) -> None:
    scored = OstrcAnswers(*answers)
    assert scored.severity == severity
    assert scored.substantial is substantial
    assert scored.has_problem is (answers[0] > 0)


@pytest.mark.parametrize(
    ("answers", "field", "text"),
    [
        ((9, 8, 8, 8), "q1", "one of 0, 8, 17, 25"),
        ((8, 8, 8, None), "q4", "required"),
        ((8, None, 8, 8), "q2", "required"),
        ((0, 8, None, None), "q2", "skipped when Q1 is 0"),
        ((25, 17, None, 8), "q2", "skipped when Q1 is 25"),
        ((25, None, None, None), "q4", "required"),
        ((8.5, 8, 8, 8), "q1", "one of"),
        ((True, 8, 8, 8), "q1", "one of"),
    ],
)
def test_ostrc_rejects_impossible_answers(answers, field, text) -> None:
    with pytest.raises(CheckinError) as raised:
        OstrcAnswers(*answers)
    assert raised.value.field == field
    assert text in raised.value.message_en


def test_ostrc_from_a_list_names_the_position() -> None:
    assert OstrcAnswers.from_list([8.0, 17, 8, 8]).severity == 41
    with pytest.raises(CheckinError) as raised:
        OstrcAnswers.from_list([8, 9, 8, 8])
    assert raised.value.field == "[1]"
    with pytest.raises(CheckinError, match="four"):
        OstrcAnswers.from_list([8, 8, 8])


@given(st.tuples(*[st.sampled_from((0, 8, 17, 25))] * 4))
def test_ostrc_invariants(answers) -> None:
    q1 = answers[0]
    given_answers = (q1, None, None, None) if q1 == 0 else answers
    if q1 == 25:
        given_answers = (25, None, None, answers[3])
    scored = OstrcAnswers(*given_answers)
    assert 0 <= scored.severity <= 100
    assert scored.severity == sum(scored.scored)
    assert scored.substantial == (q1 == 25 or scored.scored[1] >= 17 or scored.scored[2] >= 17)
    assert (scored.severity == 0) == (q1 == 0)


VECTOR_59 = VisaAItems(7, 6, 8, 9, 7, 8, 4, Q8Branch.PAIN_NOT_STOPPING, "11-20")


def test_visa_a_domain_vector() -> None:
    assert VECTOR_59.q8 == 10
    assert VECTOR_59.total == 59
    assert VisaA.from_items(VECTOR_59).total == 59
    assert VisaA(69).total - VisaA(59).total >= 10  # §8.3: a later 69 is an MCID improvement


@pytest.mark.parametrize(
    ("branch", "points"),
    [("A", (0, 7, 14, 21, 30)), ("B", (0, 4, 10, 14, 20)), ("C", (0, 2, 5, 7, 10))],
)
def test_visa_a_q8_branch_table(branch, points) -> None:
    for duration, expected in zip(Q8_DURATIONS, points, strict=True):
        items = VisaAItems(0, 0, 0, 0, 0, 0, 0, branch, duration)
        assert items.q8 == expected == items.total


def test_visa_a_bounds() -> None:
    best = VisaAItems(10, 10, 10, 10, 10, 10, 10, "A", "over_30")  # type: ignore[arg-type]
    assert best.total == 100
    with pytest.raises(CheckinError) as raised:
        VisaAItems(11, 10, 10, 10, 10, 10, 10, "A", "over_30")  # type: ignore[arg-type]
    assert raised.value.field == "q1"
    for bad, field in [
        ({"q7": 5}, "q7"),
        ({"q8_branch": "D"}, "q8_branch"),
        ({"q8_duration": "40"}, "q8_duration"),
        ({"q3": -1}, "q3"),
    ]:
        values = dict(
            zip(VisaAItems.__dataclass_fields__, (7, 6, 8, 9, 7, 8, 4, "B", "11-20"), strict=True)
        )
        with pytest.raises(CheckinError) as raised:
            VisaAItems(**(values | bad))  # type: ignore[operator]
        assert raised.value.field == field
    with pytest.raises(CheckinError, match="items add up to 59"):
        VisaA(60, VECTOR_59)
    for total in (-1, 101, 50.5):
        with pytest.raises(CheckinError):
            VisaA(total)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: DailyCheckin(DAY, Region.ACHILLES, morning_pain=11), "morning_pain"),
        (lambda: DailyCheckin(DAY, Region.ACHILLES, morning_pain=-1), "morning_pain"),
        (lambda: DailyCheckin(DAY, Region.ACHILLES, morning_pain=2.5), "morning_pain"),  # type: ignore[arg-type]
        (
            lambda: DailyCheckin(DAY, Region.ACHILLES, morning_stiffness_min=-5),
            "morning_stiffness_min",
        ),
        (
            lambda: DailyCheckin(DAY, Region.ACHILLES, morning_stiffness_min=float("nan")),
            "morning_stiffness_min",
        ),
        (lambda: DailyCheckin(DAY, Region.ACHILLES), "morning_pain, morning_stiffness_min"),
        (lambda: DailyCheckin(DAY, "elbow", morning_pain=1), "region"),  # type: ignore[arg-type]
        (lambda: DailyCheckin(dt.datetime(2026, 3, 2, tzinfo=dt.UTC), Region.ACHILLES, 1), "date"),
        (lambda: PostRunCheckin(DAY, Region.SHIN, pain_during=10.5), "pain_during"),  # type: ignore[arg-type]
        (lambda: PostRunCheckin(DAY, Region.SHIN), "pain_during, pain_after"),
        (lambda: WeeklyCheckin(DAY, Region.SHIN, pain_week=12), "pain_week"),
        (lambda: WeeklyCheckin(DAY, Region.SHIN, visa_a=VisaA(50)), "visa_a"),
        (lambda: WeeklyCheckin(DAY, Region.SHIN), "pain_week, ostrc, visa_a"),
        (lambda: RedFlagReport(DAY, frozenset()), "red_flags"),
        (lambda: RedFlagReport(DAY, frozenset({"snap"})), "red_flags"),  # type: ignore[arg-type]
    ],
)
def test_checkins_reject_out_of_range_answers(build, field) -> None:
    with pytest.raises(CheckinError) as raised:
        build()
    assert raised.value.field == field
    assert raised.value.message_en and raised.value.message_nl


def test_valid_checkins_are_normalised() -> None:
    daily = DailyCheckin(DAY, "achilles", morning_pain=3.0, morning_stiffness_min=15)  # type: ignore[arg-type]
    assert daily.region is Region.ACHILLES and daily.morning_pain == 3
    assert isinstance(daily.morning_pain, int) and daily.morning_stiffness_min == 15.0
    flags = RedFlagReport(DAY, frozenset({"sudden_snap"}))  # type: ignore[arg-type]
    assert flags.flags == {RedFlag.SUDDEN_SNAP} and flags.region is None
    assert WeeklyCheckin(DAY, Region.ACHILLES, visa_a=VisaA(59)).visa_a == VisaA(59)
    assert {region.value for region in Region} == {
        "achilles", "heel_foot", "ankle", "shin", "calf",
        "knee_front", "knee_outside", "hamstring", "groin", "low_back",
    }  # fmt: skip


@given(st.integers(-5, 15), st.integers(-5, 15))
def test_pain_is_accepted_exactly_on_the_scale(during, after) -> None:
    valid = 0 <= during <= 10 and 0 <= after <= 10
    try:
        checkin = PostRunCheckin(DAY, Region.CALF, pain_during=during, pain_after=after)
    except CheckinError:
        assert not valid
    else:
        assert valid and (checkin.pain_during, checkin.pain_after) == (during, after)


@pytest.mark.parametrize(
    ("record", "kinds"),
    [
        (
            {
                "date": "2026-03-02",
                "region": "achilles",
                "morning_pain": 2,
                "morning_stiffness_min": 10,
            },
            ["DailyCheckin"],
        ),
        (
            {"date": "2026-03-08", "region": "achilles", "pain_week": 3, "ostrc": [8, 8, 8, 8]},
            ["WeeklyCheckin"],
        ),
        ({"date": "2026-03-09", "red_flags": ["sudden_snap"]}, ["RedFlagReport"]),
        (
            {
                "date": "2026-03-09",
                "region": "shin",
                "pain_during": 4,
                "pain_after": 2,
                "pain_week": 3,
            },
            ["PostRunCheckin", "WeeklyCheckin"],
        ),
        (
            {
                "date": "2026-03-09",
                "region": "achilles",
                "visa_a": {
                    "q1": 7,
                    "q2": 6,
                    "q3": 8,
                    "q4": 9,
                    "q5": 7,
                    "q6": 8,
                    "q7": 4,
                    "q8_branch": "B",
                    "q8_duration": "11-20",
                },
            },
            ["WeeklyCheckin"],
        ),
    ],
)
def test_json_records_become_checkins(record, kinds) -> None:
    assert [type(c).__name__ for c in parse_checkin("checkins[0]", record)] == kinds


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"date": "2026-3-2", "region": "achilles", "pain_week": 1}, "checkins[4].date"),
        ({"date": "2026-03-02", "pain_week": 1}, "checkins[4].region"),
        ({"date": "2026-03-02", "region": "achilles"}, "checkins[4]"),
        ({"date": "2026-03-02", "region": "achilles", "pain": 1}, "checkins[4].pain"),
        ({"date": "2026-03-02", "region": "knee", "pain_week": 1}, "checkins[4].region"),
        (
            {"date": "2026-03-02", "region": "achilles", "ostrc": [8, 9, 8, 8]},
            "checkins[4].ostrc[1]",
        ),
        ({"date": "2026-03-02", "region": "achilles", "ostrc": "8,8,8,8"}, "checkins[4].ostrc"),
        ({"date": "2026-03-02", "region": "achilles", "visa_a": 101}, "checkins[4].visa_a"),
        (
            {"date": "2026-03-02", "region": "achilles", "visa_a": {"q1": 7}},
            "checkins[4].visa_a.q2",
        ),
        (
            {"date": "2026-03-02", "region": "achilles", "visa_a": {"q9": 7}},
            "checkins[4].visa_a.q9",
        ),
        ({"date": "2026-03-02", "red_flags": "sudden_snap"}, "checkins[4].red_flags"),
        ({"date": "2026-03-02", "red_flags": ["snap"]}, "checkins[4].red_flags"),
        ([], "checkins[4]"),
    ],
)
def test_json_records_name_the_bad_field(record, field) -> None:
    with pytest.raises(InputError) as raised:
        parse_checkin("checkins[4]", record)
    assert isinstance(raised.value, CheckinError | ScenarioError)
    assert raised.value.field == field
