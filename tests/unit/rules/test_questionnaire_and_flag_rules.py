"""ostrc.substantial_problem, visa_a.change, red_flag.*, and the data.sync_stale helper."""

from __future__ import annotations

import datetime as dt

import pytest

from service.training.policy import validate_overrides
from service.training.questionnaires import OstrcAnswers, VisaA
from service.training.rules import sync_stale_finding
from service.training.rules.questionnaires import ostrc_substantial, visa_a_change
from service.training.rules.red_flags import red_flags
from service.training.symptoms import RedFlag, RedFlagReport, Region, WeeklyCheckin

from .support import day, fired, inputs_for, on_day


def ostrc(offset: int, answers, region=Region.ACHILLES) -> WeeklyCheckin:
    return WeeklyCheckin(day(offset), region, ostrc=OstrcAnswers(*answers))


@pytest.mark.parametrize(
    ("checkins", "check_day", "expected"),
    [
        ([ostrc(0, (8, 17, 8, 8))], 0, "warning"),  # Q2 ≥ 17
        ([ostrc(0, (8, 8, 17, 0))], 0, "warning"),  # Q3 ≥ 17
        ([ostrc(0, (25, None, None, 17))], 0, "warning"),  # could not train
        ([ostrc(0, (8, 8, 8, 8))], 0, None),  # severity 32, not substantial
        ([ostrc(0, (0, None, None, None))], 0, None),
        ([ostrc(0, (8, 17, 8, 8)), ostrc(7, (17, 17, 8, 8))], 7, "referral"),  # 2 weeks in a row
        # Sunday, then Monday: one week of answers, not two in a row (§1.6.4)
        ([ostrc(6, (8, 17, 8, 8)), ostrc(7, (8, 17, 8, 8))], 7, "warning"),
        ([ostrc(0, (8, 17, 8, 8)), ostrc(14, (8, 17, 8, 8))], 14, "warning"),  # a week between
        ([ostrc(0, (8, 17, 8, 8)), ostrc(7, (8, 8, 8, 8))], 7, None),
        (
            [ostrc(0, (8, 17, 8, 8), Region.SHIN), ostrc(7, (8, 17, 8, 8))],
            7,
            "warning",  # another region
        ),
    ],
)
def test_ostrc_substantial_problem(checkins, check_day, expected) -> None:
    inputs = inputs_for(checkins=checkins, end=check_day)
    assert fired(ostrc_substantial, inputs, check_day) == expected


def test_ostrc_referral_weeks_policy_and_wording() -> None:
    checkins = [ostrc(0, (8, 17, 8, 8)), ostrc(7, (25, None, None, 25))]
    policy = {"ostrc.substantial_problem": {"referral_weeks": 3}}
    assert fired(ostrc_substantial, inputs_for(checkins=checkins, end=7, policy=policy), 7) == (
        "warning"
    )
    first, second = ostrc_substantial(inputs_for(checkins=checkins, end=7))
    assert first.values == {
        "q1": 8,
        "q2": 17,
        "q3": 8,
        "q4": 8,
        "severity_score": 41,
        "streak_weeks": 1,
    }
    assert "41/100" in first.message.en and "change your training" in first.message.en
    assert "aanzienlijk probleem" in first.message.nl and "de achillespees" in first.message.nl
    assert second.values["severity_score"] == 100 and second.severity.value == "referral"
    assert "2 weeks in a row" in second.message.en and "2 weken op rij" in second.message.nl


def visa(offset: int, total: int) -> WeeklyCheckin:
    return WeeklyCheckin(day(offset), Region.ACHILLES, visa_a=VisaA(total))


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([59, 69], "info"),  # +10: good news
        ([59, 68], None),
        ([80, 70], "warning"),  # −10 from the best
        ([80, 71], None),
        ([60, 75, 66], None),  # 9 below the best (75)
        ([60, 75, 65], "warning"),  # 10 below the best
        ([70], None),  # a baseline alone
    ],
)
def test_visa_a_change(scores, expected) -> None:
    checkins = [visa(14 * index, score) for index, score in enumerate(scores)]
    last = 14 * (len(scores) - 1)
    assert fired(visa_a_change, inputs_for(checkins=checkins, end=last), last) == expected


def test_visa_a_mcid_policy_and_wording() -> None:
    checkins = [visa(0, 80), visa(14, 73)]
    policy = {"visa_a.change": {"mcid": 6.5}}
    (finding,) = visa_a_change(inputs_for(checkins=checkins, end=14, policy=policy))
    assert finding.values == {"visa_a_score": 73, "best_score": 80, "change_points": 7, "mcid": 6.5}
    assert "7 points below your best of 80" in finding.message.en
    assert "daling van 6,5 punten" in finding.message.nl
    (good,) = visa_a_change(inputs_for(checkins=[visa(0, 59), visa(28, 69)], end=28))
    assert good.message.en.startswith("Good news") and good.message.nl.startswith("Goed nieuws")


@pytest.mark.parametrize(
    ("flags", "expected_rules"),
    [
        ({RedFlag.SUDDEN_SNAP}, ["red_flag.rupture"]),
        ({RedFlag.CANNOT_PUSH_OFF}, ["red_flag.rupture"]),
        ({RedFlag.SUDDEN_SNAP, RedFlag.CANNOT_PUSH_OFF}, ["red_flag.rupture"]),
        ({RedFlag.CALF_WARM_RED_SWOLLEN}, ["red_flag.thrombosis"]),
        # the three flags of §1.3 (§1.6.5 adds two more, tested with the region pathways)
        (
            {RedFlag.SUDDEN_SNAP, RedFlag.CANNOT_PUSH_OFF, RedFlag.CALF_WARM_RED_SWOLLEN},
            ["red_flag.rupture", "red_flag.thrombosis"],
        ),
    ],
)
def test_red_flags_are_urgent(flags, expected_rules) -> None:
    report = RedFlagReport(day(3), frozenset(flags))
    found = red_flags(inputs_for(checkins=[report], end=3))
    assert sorted(f.rule for f in found) == expected_rules
    assert {f.severity.value for f in found} == {"urgent"}
    assert all(f.date == day(3) for f in found)


def test_red_flag_wording_follows_the_seeds() -> None:
    both = RedFlagReport(
        day(1), frozenset({RedFlag.SUDDEN_SNAP, RedFlag.CANNOT_PUSH_OFF}), Region.CALF
    )
    clot = RedFlagReport(day(2), frozenset({RedFlag.CALF_WARM_RED_SWOLLEN}))
    found = red_flags(inputs_for(checkins=[both, clot], end=2))
    (rupture,) = on_day(found, 1)
    assert rupture.region is Region.CALF
    assert rupture.values == {"sudden_snap": 1, "cannot_push_off": 1}
    assert "plots knappend gevoel" in rupture.message.nl and "afzetten" in rupture.message.nl
    assert "zo snel mogelijk hulp" in rupture.message.nl
    assert "seek help as soon as possible" in rupture.message.en
    (thrombosis,) = on_day(found, 2)
    assert "direct naar de huisarts" in thrombosis.message.nl
    assert "warm" in thrombosis.message.nl and "trombose" in thrombosis.message.nl
    assert "GP straight away" in thrombosis.message.en


@pytest.mark.parametrize(
    ("hours", "reauth", "expected_text"),
    [
        (71.0, False, None),
        (72.0, False, None),  # 72 h is the limit, not over it
        (73.0, False, "73 hours"),
        (None, False, "not yet received any data"),
        (1.0, True, "sign in again"),
    ],
)
def test_sync_stale(hours, reauth, expected_text) -> None:
    finding = sync_stale_finding(dt.date(2026, 3, 4), "garmin", hours, reauth)
    if expected_text is None:
        assert finding is None
        return
    assert finding is not None
    assert finding.rule == "data.sync_stale" and finding.severity.value == "caution"
    assert expected_text in finding.message.en
    assert "Garmin Connect" in finding.message.en and "Garmin Connect" in finding.message.nl
    assert finding.period_key == "garmin:2026-W10"
    assert finding.region is None


def test_sync_stale_policy_and_period_per_source() -> None:
    policy = validate_overrides({"data.sync_stale": {"stale_hours": 24}})
    garmin = sync_stale_finding(dt.date(2026, 3, 8), "garmin", 30, False, policy)
    fitbit = sync_stale_finding(dt.date(2026, 3, 8), "fitbit", 30, False, policy)
    assert garmin is not None and fitbit is not None
    assert garmin.period_key != fitbit.period_key
    assert "30 uur" in fitbit.message.nl and "Fitbit" in fitbit.message.nl
    with pytest.raises(ValueError, match="negative"):
        sync_stale_finding(dt.date(2026, 3, 8), "garmin", -1, False)
