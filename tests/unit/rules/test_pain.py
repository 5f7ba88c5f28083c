"""pain.during_or_after_run, pain.next_morning, pain.weekly_trend (Silbernagel pain monitoring)."""

from __future__ import annotations

import pytest

from service.training.rules.pain import during_or_after_run, next_morning, weekly_trend
from service.training.symptoms import DailyCheckin, PostRunCheckin, Region, WeeklyCheckin

from .support import day, fired, inputs_for, on_day, sparse

ACHILLES = Region.ACHILLES


def post_run(offset: int, during: int | None = None, after: int | None = None, region=ACHILLES):
    return PostRunCheckin(day(offset), region, pain_during=during, pain_after=after)


def morning(offset: int, pain: int | None = None, stiffness: float | None = None, region=ACHILLES):
    return DailyCheckin(day(offset), region, morning_pain=pain, morning_stiffness_min=stiffness)


@pytest.mark.parametrize(
    ("during", "after", "policy", "expected"),
    [
        (5, None, {}, None),  # 5/10 is allowed
        (6, None, {}, "warning"),
        (None, 6, {}, "warning"),
        (3, 5, {}, None),
        (4, None, {"pain.during_or_after_run": {"ceiling": 3}}, "warning"),
        (3, 3, {"pain.during_or_after_run": {"ceiling": 3}}, None),
    ],
)
def test_pain_during_or_after_a_run(during, after, policy, expected) -> None:
    inputs = inputs_for(checkins=[post_run(2, during, after)], end=2, policy=policy)
    assert fired(during_or_after_run, inputs, 2) == expected


def test_pain_during_or_after_a_run_wording() -> None:
    checkins = [post_run(2, during=7, region=Region.SHIN), post_run(3, during=2, after=6)]
    shin, achilles = during_or_after_run(inputs_for(checkins=checkins, end=3))
    assert shin.region is Region.SHIN and shin.values == {"pain_during": 7, "ceiling_pain": 5}
    assert "shin pain reached 7/10 during the run" in shin.message.en
    assert "pijn aan het scheenbeen was 7/10 tijdens het lopen" in shin.message.nl
    assert "after the run" in achilles.message.en and "na het lopen" in achilles.message.nl


BASELINE = [morning(offset, pain=1, stiffness=10) for offset in range(4)]  # days 0–3


@pytest.mark.parametrize(
    ("mornings", "run_days", "check_day", "expected"),
    [
        ([*BASELINE, morning(4, pain=2)], {3: 5}, 4, "caution"),  # the morning after a run
        ([*BASELINE, morning(4, pain=2)], {2: 5}, 4, None),  # no run the day before
        ([*BASELINE, morning(4, pain=1)], {3: 5}, 4, None),  # at the baseline, not above
        ([*BASELINE, morning(4, stiffness=15)], {3: 5}, 4, "caution"),
        ([*BASELINE, morning(4, stiffness=10)], {3: 5}, 4, None),
        ([*BASELINE[2:], morning(4, pain=5)], {3: 5}, 4, None),  # 2 mornings: no baseline yet
        ([*BASELINE, morning(4, pain=2), morning(5, pain=2)], {3: 5}, 5, "warning"),
        ([*BASELINE, morning(4, pain=2), morning(6, pain=2)], {3: 5, 5: 5}, 6, "caution"),
        ([*BASELINE, morning(4, pain=2), morning(5, pain=1)], {3: 5}, 5, None),
    ],
)
def test_next_morning(mornings, run_days, check_day, expected) -> None:
    inputs = inputs_for(sparse(run_days), mornings, end=check_day, history_start=0)
    assert fired(next_morning, inputs, check_day) == expected


def test_next_morning_baseline_is_the_median_of_the_last_mornings() -> None:
    mornings = [morning(o, pain=p) for o, p in enumerate([5, 5, 5, 1, 1, 1, 2, 2])]
    mornings.append(morning(9, pain=3))
    inputs = inputs_for(sparse({8: 5}), mornings, end=9, history_start=0)
    (finding,) = on_day(next_morning(inputs), 9)
    # The last 7 recorded mornings before day 9 are 5, 5, 1, 1, 1, 2, 2: median 2.
    assert finding.values == {"morning_pain": 3, "baseline_pain": 2}
    assert "3/10, above your usual 2/10" in finding.message.en
    assert "3/10, hoger dan je gebruikelijke 2/10" in finding.message.nl
    assert "pijn aan de achillespees" in finding.message.nl


def test_next_morning_regions_are_separate() -> None:
    mornings = [*BASELINE, morning(4, pain=2, region=Region.KNEE_FRONT)]
    inputs = inputs_for(sparse({3: 5}), mornings, end=4, history_start=0)
    assert next_morning(inputs) == []  # the knee has no baseline of its own


def test_next_morning_stiffness_wording() -> None:
    inputs = inputs_for(sparse({3: 5}), [*BASELINE, morning(4, stiffness=25)], end=4)
    (finding,) = next_morning(inputs)
    assert finding.values == {"stiffness_min": 25.0, "baseline_min": 10.0}
    assert "stiff for 25 minutes" in finding.message.en
    assert "25 minuten stijf" in finding.message.nl


def weekly(offset: int, pain: int, region=ACHILLES) -> WeeklyCheckin:
    return WeeklyCheckin(day(offset), region, pain_week=pain)


@pytest.mark.parametrize(
    ("checkins", "check_day", "expected"),
    [
        ([weekly(0, 2), weekly(7, 3)], 7, None),  # +1: not more than 1
        ([weekly(0, 2), weekly(7, 4)], 7, "caution"),  # §1.6.4: +2 is a caution, > +2 a warning
        ([weekly(0, 2), weekly(14, 5)], 14, None),  # not consecutive weeks
        ([weekly(0, 2), weekly(7, 5, region=Region.SHIN)], 7, None),
        ([weekly(6, 2), weekly(7, 4)], 7, "caution"),  # Sunday, then Monday: ISO weeks
        ([weekly(0, 2), weekly(2, 2), weekly(7, 4)], 7, "caution"),
        # Morning pain when there is no weekly answer: means 1.33 and 2.33 (not above + 1)
        (
            [
                morning(0, 1),
                morning(1, 1),
                morning(2, 2),
                morning(7, 3),
                morning(8, 2),
                morning(9, 2),
            ],
            9,
            None,
        ),
        (
            [
                morning(0, 1),
                morning(1, 1),
                morning(2, 2),
                morning(7, 3),
                morning(8, 3),
                morning(9, 2),
            ],
            9,
            "caution",  # 1.33 → 2.67: more than 1 point, not more than 2 (§1.6.4)
        ),
    ],
)
def test_weekly_trend(checkins, check_day, expected) -> None:
    inputs = inputs_for(checkins=checkins, end=check_day)
    assert fired(weekly_trend, inputs, check_day) == expected


def test_weekly_trend_policy_and_wording() -> None:
    checkins = [weekly(0, 2), weekly(7, 4)]
    policy = {"pain.weekly_trend": {"rise_points": 2}}
    assert weekly_trend(inputs_for(checkins=checkins, end=7, policy=policy)) == []
    (finding,) = weekly_trend(
        inputs_for(checkins=[weekly(0, 2), morning(1, 0), weekly(7, 5)], end=7)
    )
    assert finding.values == {"this_week_pain": 5.0, "last_week_pain": 2.0}
    assert "5/10, up from 2/10" in finding.message.en
    assert "5/10, tegenover 2/10 de week ervoor" in finding.message.nl  # §1.6.5 wording
