"""The region pathways and episode rules of DOMAIN §1.6.3–§1.6.4, at and around each threshold:
``referral.region_not_improving``, ``referral.rest_too_long`` for every region, the red flags,
``acute.muscle_injury``, ``episode.rupture``, ``episode.rupture_risk_medication`` and
``health.illness``."""

from __future__ import annotations

import pytest

from service.training.episodes import EpisodeRecord
from service.training.rules import AthleteFlag
from service.training.rules.episode_rules import episode_rupture, muscle_injury
from service.training.rules.health import illness, rupture_risk_medication
from service.training.rules.pathways import region_not_improving
from service.training.rules.red_flags import red_flags
from service.training.rules.referral import rest_too_long
from service.training.symptoms import (
    AnyCheckin,
    DailyCheckin,
    IllnessReport,
    Onset,
    PostRunCheckin,
    RedFlag,
    RedFlagReport,
    Region,
    WeeklyCheckin,
)
from tests.unit.rules.support import day, evaluate_days, fired, inputs_for, runs, sparse

R = Region


def weekly(offset: int, pain: int, region: Region, onset: Onset | None = None) -> WeeklyCheckin:
    return WeeklyCheckin(day(offset), region, pain_week=pain, onset=onset)


def flag(offset: int, *flags: RedFlag, region: Region | None = None) -> RedFlagReport:
    return RedFlagReport(day(offset), frozenset(flags), region)


TIMERS = [
    (R.HEEL_FOOT, None, 21),
    (R.ANKLE, None, 21),
    (R.ANKLE, Onset.SUDDEN, 3),
    (R.SHIN, None, 21),
    (R.CALF, None, 21),
    (R.CALF, Onset.SUDDEN, 2),
    (R.KNEE_FRONT, None, 14),
    (R.KNEE_OUTSIDE, None, 21),
    (R.HAMSTRING, None, 21),
    (R.HAMSTRING, Onset.SUDDEN, 2),
    (R.GROIN, None, 21),
    (R.LOW_BACK, None, 14),
]


@pytest.mark.parametrize(("region", "onset", "timer"), TIMERS)
def test_region_not_improving_fires_on_its_timer(region, onset, timer) -> None:
    checkins = [weekly(0, 4, region, onset), weekly(timer - 1, 4, region), weekly(timer, 4, region)]
    before = inputs_for(checkins=checkins[:2], end=timer - 1)
    assert region_not_improving(before) == []  # one day before the timer
    (finding,) = region_not_improving(inputs_for(checkins=checkins, end=timer + 5))
    assert (finding.date, finding.region, finding.severity.value) == (
        day(timer),
        region,
        "referral",
    )
    assert finding.values["timer_days"] == timer


@pytest.mark.parametrize(
    ("latest", "expected"),
    [(5, "referral"), (4, "referral"), (3, None), (0, None)],  # first value 4
)
def test_region_not_improving_compares_the_latest_value_with_the_first(latest, expected) -> None:
    checkins = [weekly(0, 4, R.SHIN), weekly(21, latest, R.SHIN)]
    assert fired(region_not_improving, inputs_for(checkins=checkins, end=25), 21) == expected


def test_region_not_improving_compares_across_questions_and_fires_once_per_episode() -> None:
    checkins: list[AnyCheckin] = [
        weekly(0, 1, R.SHIN),
        PostRunCheckin(day(22), R.SHIN, pain_after=3),  # a weekly 1/10, an after-run 3/10
        DailyCheckin(day(30), R.SHIN, morning_pain=4),
    ]
    (finding,) = region_not_improving(inputs_for(checkins=checkins, end=40))
    assert finding.date == day(21) and finding.values["latest_pain"] == 1
    assert region_not_improving(inputs_for(checkins=[weekly(0, 3, R.ACHILLES)], end=40)) == []


def test_region_not_improving_timers_follow_the_policy() -> None:
    policy = {"referral.region_not_improving": {"shin_days": 28}}
    checkins = [weekly(0, 4, R.SHIN), weekly(21, 4, R.SHIN), weekly(28, 4, R.SHIN)]
    assert fired(region_not_improving, inputs_for(checkins=checkins, end=30, policy=policy), 28)
    assert (
        fired(region_not_improving, inputs_for(checkins=checkins, end=30, policy=policy), 21)
        is None
    )


@pytest.mark.parametrize(
    ("pains", "km_before", "km_now", "expected"),
    [
        ((3, 4, 5), 20, 20, True),  # rising two weeks in a row while the km stayed level
        ((3, 4, 5), 20, 19, True),
        ((3, 4, 5), 20, 21, False),  # the km rose
        ((3, 3, 5), 20, 20, False),  # not rising in each week
    ],
)
def test_knee_front_rising_weeks_clause(pains, km_before, km_now, expected) -> None:
    """Weekly knee pain on Sunday (day 6), Sunday (13) and Monday (14): three ISO weeks, 8 days
    into the episode, before its 14-day timer. The 7-day km of day 14 against that of day 0."""
    checkins = [weekly(d, pain, R.KNEE_FRONT) for d, pain in zip((6, 13, 14), pains, strict=True)]
    activities = sparse({-6: km_before, 1: 10, 8: km_now})
    found = region_not_improving(inputs_for(activities, checkins, end=14))
    assert [f.date for f in found] == ([day(14)] if expected else [])
    if expected:
        assert "did nothing different in training" in found[0].message.en


@pytest.mark.parametrize(
    ("region", "limit"),
    [
        (R.ACHILLES, 21),
        (R.HEEL_FOOT, 21),
        (R.ANKLE, 21),
        (R.SHIN, 21),
        (R.CALF, 14),
        (R.KNEE_FRONT, 14),
        (R.KNEE_OUTSIDE, 21),
        (R.HAMSTRING, 14),
        (R.GROIN, 21),
    ],
)
def test_rest_too_long_for_every_region_with_a_limit(region, limit) -> None:
    checkins = [weekly(2, 4, region)]
    assert fired(rest_too_long, inputs_for(sparse({0: 5}), checkins, end=limit), limit) is None
    found = rest_too_long(inputs_for(sparse({0: 5}), checkins, end=limit + 1))
    assert [(f.date, f.region) for f in found] == [(day(limit + 1), region)]


def test_rest_too_long_does_not_apply_to_the_lower_back() -> None:
    assert rest_too_long(inputs_for(sparse({0: 5}), [weekly(2, 4, R.LOW_BACK)], end=60)) == []


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        (flag(1, RedFlag.SUDDEN_SNAP, region=R.ACHILLES), [("red_flag.rupture", R.ACHILLES)]),
        (flag(1, RedFlag.CANNOT_PUSH_OFF, region=R.CALF), [("red_flag.rupture", R.CALF)]),
        (flag(1, RedFlag.SUDDEN_SNAP), [("red_flag.rupture", None)]),
        (flag(1, RedFlag.SUDDEN_SNAP, region=R.HAMSTRING), []),  # a muscle injury
        (flag(1, RedFlag.CANNOT_PUSH_OFF, region=R.ANKLE), []),
        (flag(1, RedFlag.CANNOT_BEAR_WEIGHT, region=R.ANKLE), [("red_flag.fracture", R.ANKLE)]),
        (
            flag(1, RedFlag.CANNOT_BEAR_WEIGHT, region=R.HEEL_FOOT),
            [("red_flag.fracture", R.HEEL_FOOT)],
        ),
        (flag(1, RedFlag.CANNOT_BEAR_WEIGHT, region=R.SHIN), [("red_flag.fracture", R.SHIN)]),
        (flag(1, RedFlag.CANNOT_BEAR_WEIGHT), [("red_flag.fracture", None)]),
        (flag(1, RedFlag.CANNOT_BEAR_WEIGHT, region=R.KNEE_FRONT), []),
        (
            flag(1, RedFlag.CANNOT_MOVE, region=R.LOW_BACK),
            [("referral.call_physio_now", R.LOW_BACK)],
        ),
        (flag(1, RedFlag.CANNOT_MOVE), [("referral.call_physio_now", None)]),
        (flag(1, RedFlag.CANNOT_MOVE, region=R.GROIN), []),
    ],
)
def test_red_flags_by_region(report, expected) -> None:
    found = red_flags(inputs_for(checkins=[report], end=2))
    assert [(f.rule, f.region) for f in found] == expected
    for finding in found:
        severity = "referral" if finding.rule == "referral.call_physio_now" else "urgent"
        assert finding.severity.value == severity


def test_red_flag_messages_name_the_region_and_the_next_step() -> None:
    (calf,) = red_flags(inputs_for(checkins=[flag(1, RedFlag.SUDDEN_SNAP, region=R.CALF)], end=1))
    assert "in your calf" in calf.message.en and "kuitspier" in calf.message.nl
    (fracture,) = red_flags(
        inputs_for(checkins=[flag(1, RedFlag.CANNOT_BEAR_WEIGHT, region=R.ANKLE)], end=1)
    )
    assert "go to the emergency department of a hospital as soon as you can" in fracture.message.en
    assert "ga dan zo snel mogelijk naar de spoedeisende hulp" in fracture.message.nl
    (back,) = red_flags(
        inputs_for(checkins=[flag(1, RedFlag.CANNOT_MOVE, region=R.LOW_BACK)], end=1)
    )
    assert "call your physiotherapist" in back.message.en.lower()
    assert "bel dan zo snel mogelijk je fysiotherapeut" in back.message.nl.lower()
    assert "maximaal 2 dagen bedrust" in back.message.nl


def test_every_thrombosis_report_is_urgent_at_most_once_a_day() -> None:
    reports = [flag(d, RedFlag.CALF_WARM_RED_SWOLLEN, region=R.CALF) for d in (1, 1, 3, 5)]
    found = evaluate_days(checkins=reports, end=6)
    assert [(f.rule, f.date) for f in found] == [
        ("red_flag.thrombosis", day(1)),
        ("red_flag.thrombosis", day(3)),
        ("red_flag.thrombosis", day(5)),
    ]


@pytest.mark.parametrize(
    ("checkins", "expected"),
    [
        ([flag(2, RedFlag.SUDDEN_SNAP, region=R.HAMSTRING)], 2),
        ([weekly(2, 5, R.CALF, Onset.SUDDEN)], 2),
        ([weekly(2, 5, R.HAMSTRING, Onset.SUDDEN)], 2),
        ([weekly(2, 4, R.CALF, Onset.SUDDEN)], None),  # below 5/10
        ([weekly(2, 7, R.CALF)], None),  # gradual
        ([weekly(2, 7, R.SHIN, Onset.SUDDEN)], None),  # not a muscle region
        ([weekly(0, 2, R.CALF), weekly(2, 7, R.CALF, Onset.SUDDEN)], None),  # not the opening
    ],
)
def test_acute_muscle_injury(checkins, expected) -> None:
    found = muscle_injury(inputs_for(checkins=checkins, end=4))
    assert [f.date for f in found] == ([day(expected)] if expected is not None else [])
    for finding in found:
        assert finding.severity.value == "warning"
        assert "No massage or heat" in finding.message.en


def test_acute_muscle_injury_pain_follows_the_policy() -> None:
    policy = {"acute.muscle_injury": {"min_pain": 4}}
    checkins = [weekly(2, 4, R.CALF, Onset.SUDDEN)]
    assert fired(muscle_injury, inputs_for(checkins=checkins, end=2, policy=policy), 2)


SNAP = flag(10, RedFlag.SUDDEN_SNAP, region=R.ACHILLES)


@pytest.mark.parametrize(
    ("run_day", "expected"),
    [
        (10, []),  # the day of the report itself (the run it happened in)
        (11, [("warning", 11)]),  # day 1
        (51, [("warning", 51)]),  # day 41
        (52, [("info", 52)]),  # day 42: the timeline, no warning
    ],
)
def test_episode_rupture_warns_on_a_run_in_the_first_six_weeks(run_day, expected) -> None:
    activities = sparse({0: 5, run_day: 5})
    found = episode_rupture(inputs_for(activities, [SNAP], end=52))
    got = [(f.severity.value, (f.date - day(0)).days) for f in found if f.severity.value != "info"]
    assert got == [e for e in expected if e[0] == "warning"]
    assert [(f.date, f.region) for f in found if f.severity.value == "info"] == [
        (day(52), R.ACHILLES)
    ]


@pytest.mark.parametrize(
    ("record", "rules_found"),
    [
        (None, {"red_flag.rupture", "episode.rupture"}),
        (EpisodeRecord(R.ACHILLES, day(10), not_a_rupture=True), {"red_flag.rupture"}),
        (EpisodeRecord(R.ACHILLES, day(10), cleared_to_run=day(20)), {"red_flag.rupture"}),
    ],
)
def test_a_suspected_rupture_withholds_build_up_advice_until_cleared(record, rules_found) -> None:
    # a steady 28 km a week, the snap on day 40, then a run 8 days later that is a spike
    activities = [*runs([0, 6, 0, 6, 0, 10, 6] * 6)]
    activities = [a for a in activities if a.start.date() < day(40)] + list(sparse({48: 14}))
    snap = flag(40, RedFlag.SUDDEN_SNAP, region=R.ACHILLES)
    records = [] if record is None else [record]
    found = evaluate_days(activities, [snap], start=40, end=60, episodes=records)
    rules = {f.rule for f in found}
    assert rules_found <= rules
    withheld = {r for r in rules if r.startswith("volume.") or r == "load.return_from_break"}
    assert bool(withheld) is (record is not None)


def test_rest_too_long_is_withheld_for_the_ruptured_region() -> None:
    snap = flag(5, RedFlag.SUDDEN_SNAP, region=R.ACHILLES)
    pain = [weekly(6, 4, R.ACHILLES), weekly(30, 4, R.ACHILLES), weekly(30, 4, R.SHIN)]
    found = evaluate_days(sparse({0: 5}), [snap, *pain], end=40)
    regions = {f.region for f in found if f.rule == "referral.rest_too_long"}
    assert regions == {R.SHIN}


@pytest.mark.parametrize(
    ("flags", "region", "expected"),
    [
        ([AthleteFlag.STATIN], R.ACHILLES, {"statin": 1}),
        (
            [AthleteFlag.FLUOROQUINOLONE, AthleteFlag.CORTICOSTEROID],
            R.ACHILLES,
            {"corticosteroid": 1, "fluoroquinolone": 1},
        ),
        ([AthleteFlag.STATIN], R.SHIN, None),  # not an Achilles episode
        ([AthleteFlag.PREVIOUS_ACHILLES_TENDINOPATHY], R.ACHILLES, None),  # no medicine
    ],
)
def test_rupture_risk_medication(flags, region, expected) -> None:
    checkins = [weekly(3, 2, region), weekly(5, 3, region)]
    found = rupture_risk_medication(inputs_for(checkins=checkins, end=6, flags=flags))
    assert [f.values for f in found] == ([expected] if expected else [])
    for finding in found:
        assert finding.date == day(3) and finding.severity.value == "info"
        assert "Tell your doctor and your physiotherapist" in finding.message.en


def test_rupture_risk_medication_names_the_medicines() -> None:
    flags = [AthleteFlag.CORTICOSTEROID, AthleteFlag.STATIN]
    (finding,) = rupture_risk_medication(
        inputs_for(checkins=[weekly(3, 2, R.ACHILLES)], end=3, flags=flags)
    )
    assert "while you use corticosteroids and a statin" in finding.message.en
    assert "terwijl je corticosteroïden en een statine gebruikt" in finding.message.nl


@pytest.mark.parametrize(("ill", "expected"), [(True, "info"), (False, None)])
def test_illness(ill, expected) -> None:
    inputs = inputs_for(checkins=[IllnessReport(day(2), ill)], end=3)
    assert fired(illness, inputs, 2) == expected
