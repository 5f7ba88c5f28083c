"""referral.achilles_not_improving and referral.rest_too_long (Dutch physiotherapy timers)."""

from __future__ import annotations

import pytest

from service.training.rules.referral import achilles_not_improving, rest_too_long
from service.training.symptoms import DailyCheckin, Region, WeeklyCheckin

from .support import day, fired, inputs_for, on_day, runs, sparse

ACHILLES = Region.ACHILLES


def weekly(offset: int, pain: int, region=ACHILLES) -> WeeklyCheckin:
    return WeeklyCheckin(day(offset), region, pain_week=pain)


def morning(offset: int, pain: int, region=ACHILLES) -> DailyCheckin:
    return DailyCheckin(day(offset), region, morning_pain=pain)


@pytest.mark.parametrize(
    ("checkins", "check_day", "expected"),
    [
        ([weekly(0, 3), weekly(7, 3), weekly(14, 3)], 14, "referral"),  # 14 days, not lower
        ([weekly(0, 3), weekly(13, 4)], 13, None),  # 13 days: too early
        ([weekly(0, 3), weekly(14, 4)], 14, "referral"),  # worse
        ([weekly(0, 3), weekly(14, 2)], 14, None),  # lower: improving
        # §1.6.2: one pain-free check-in does not close the episode; it closes after 14 days
        # without pain holding two pain-free check-ins
        ([weekly(0, 3), weekly(7, 0), weekly(14, 3)], 14, "referral"),
        ([weekly(0, 3), weekly(1, 0), weekly(8, 0), weekly(15, 3)], 15, None),  # a new episode
        # §1.6.2: the episode's pain value of each day is compared, whatever question it answered
        ([morning(0, 3), weekly(14, 3)], 14, "referral"),
        ([weekly(0, 3, Region.SHIN), weekly(14, 3, Region.SHIN)], 14, None),  # not the Achilles
        ([weekly(0, 0), weekly(14, 0)], 14, None),  # no pain
    ],
)
def test_achilles_pain_not_falling_within_two_weeks(checkins, check_day, expected) -> None:
    inputs = inputs_for(checkins=checkins, end=check_day)
    assert fired(achilles_not_improving, inputs, check_day) == expected


def test_achilles_timer_follows_the_policy() -> None:
    checkins = [weekly(0, 3), weekly(10, 3)]
    policy = {"referral.achilles_not_improving": {"days": 10}}
    assert fired(achilles_not_improving, inputs_for(checkins=checkins, end=10, policy=policy), 10)
    assert fired(achilles_not_improving, inputs_for(checkins=checkins, end=10), 10) is None


def test_achilles_not_falling_wording() -> None:
    (finding,) = achilles_not_improving(inputs_for(checkins=[weekly(0, 3), weekly(16, 4)], end=16))
    assert finding.region is ACHILLES
    assert finding.values == {"start_pain": 3, "latest_pain": 4, "onset_days": 16, "limit_days": 14}
    assert "contact your physiotherapist" in finding.message.en.lower()
    assert "niet minder geworden binnen 14 dagen" in finding.message.nl
    assert "fysiotherapeut" in finding.message.nl and "fietsen of zwemmen" in finding.message.nl


# Runs on days 0–4, then 7 days without running (days 5–11), then running again on day 12.
RESUMED = [*runs([5.0] * 5), *runs([5.0] * 3, first=12)]


@pytest.mark.parametrize(
    ("activities", "checkins", "check_day", "expected"),
    [
        (RESUMED, [morning(10, 1), morning(14, 3)], 14, "referral"),
        (RESUMED, [morning(10, 1), morning(14, 1)], 14, None),  # not higher
        (RESUMED, [morning(10, 1), morning(20, 3)], 20, None),  # more than 7 days after
        (RESUMED, [morning(14, 3)], 14, None),  # nothing known from before
        # Only 6 days without running: not a resumption
        (
            [*runs([5.0] * 5), *runs([5.0] * 3, first=11)],
            [morning(10, 1), morning(13, 3)],
            13,
            None,
        ),
    ],
)
def test_achilles_pain_rising_when_running_resumes(activities, checkins, check_day, expected):
    inputs = inputs_for(activities, checkins, end=check_day)
    assert fired(achilles_not_improving, inputs, check_day) == expected


def test_resumption_wording() -> None:
    inputs = inputs_for(RESUMED, [morning(10, 1), morning(14, 3)], end=14)
    (finding,) = achilles_not_improving(inputs)
    assert finding.values == {"before_pain": 1, "latest_pain": 3, "pause_days": 7, "window_days": 7}
    assert "rose from 1/10 to 3/10" in finding.message.en
    assert "steeg van 1/10 naar 3/10" in finding.message.nl
    assert "hervatten van de training" in finding.message.nl


@pytest.mark.parametrize(
    ("region", "last_pain_day", "last_pain", "check_day", "expected"),
    [
        (Region.SHIN, 3, 4, 22, "referral"),  # 22 days without running, pain unchanged
        (Region.SHIN, 3, 4, 21, None),  # 21 days: the limit, not over it
        (Region.HEEL_FOOT, 15, 5, 22, "referral"),  # worse
        (Region.HEEL_FOOT, 15, 2, 22, None),  # lower than when the pause began
        (Region.SHIN, 15, 0, 22, None),  # no problem any more
        (Region.KNEE_FRONT, 3, 4, 15, "referral"),  # the knee: 14 days
        (Region.KNEE_OUTSIDE, 3, 4, 14, None),
        (Region.ACHILLES, 3, 4, 22, "referral"),  # §1.6.3: every region with a limit
        (Region.LOW_BACK, 3, 4, 30, None),  # the lower back has no relative-rest limit
    ],
)
def test_rest_too_long(region, last_pain_day, last_pain, check_day, expected) -> None:
    checkins = [weekly(0, 4, region), weekly(last_pain_day, last_pain, region)]
    inputs = inputs_for(sparse({0: 5}), checkins, end=check_day)
    assert fired(rest_too_long, inputs, check_day) == expected


def test_rest_too_long_first_day_and_policy() -> None:
    checkins = [weekly(2, 4, Region.SHIN)]
    found = rest_too_long(inputs_for(sparse({0: 5}), checkins, end=40))
    assert found[0].date == day(22) and found[0].values["rest_days"] == 22
    assert "22 days because of shin pain" in found[0].message.en
    assert "al 22 dagen niet vanwege pijn aan het scheenbeen" in found[0].message.nl
    policy = {"referral.rest_too_long": {"heel_shin_days": 28}}
    later = rest_too_long(inputs_for(sparse({0: 5}), checkins, end=40, policy=policy))
    assert later[0].date == day(29)


def test_a_run_ends_the_pause() -> None:
    checkins = [weekly(2, 4, Region.SHIN), weekly(12, 4, Region.SHIN)]
    inputs = inputs_for(sparse({0: 5, 10: 3}), checkins, end=31)
    assert on_day(rest_too_long(inputs), 22) == []
    assert fired(rest_too_long, inputs, 32 - 1) is None  # 21 days since day 10
    assert fired(rest_too_long, inputs_for(sparse({0: 5, 10: 3}), checkins, end=32), 32)
