"""Rules that DOMAIN §1.6.4 changed or added on the load side, at and around each threshold:
``pain.weekly_trend``, ``ostrc.substantial_problem``, ``volume.session_spike``,
``volume.weekly_progression``, ``load.monotony_strain``, ``load.back_to_back_tendon``,
``visa_a.change`` and ``data.outlier_day`` (and the morning baseline's wording)."""

from __future__ import annotations

import dataclasses

import pytest

from service.training.questionnaires import OstrcAnswers, VisaA
from service.training.rules.data_quality import outlier_day
from service.training.rules.load import monotony_strain
from service.training.rules.pain import next_morning
from service.training.rules.questionnaires import ostrc_substantial, visa_a_change
from service.training.rules.tendon import back_to_back_tendon
from service.training.rules.volume import session_spike, weekly_progression
from service.training.rules.weekly_pain import weekly_trend
from service.training.symptoms import (
    AnyCheckin,
    DailyCheckin,
    PostRunCheckin,
    Region,
    WeeklyCheckin,
)
from tests.unit.rules.support import (
    day,
    evaluate_days,
    fired,
    inputs_for,
    on_day,
    runs,
    session,
    sparse,
)

R = Region


def week(offset: int, pain: int, region: Region = R.SHIN) -> WeeklyCheckin:
    return WeeklyCheckin(day(offset), region, pain_week=pain)


@pytest.mark.parametrize(
    ("pains", "expected"),
    [
        ((2, 3), None),  # +1
        ((2, 4), "caution"),  # +2: more than 1, not more than 2
        ((2, 5), "warning"),  # +3
        ((2, 3, 4), "warning"),  # creeping: +2 over two weeks, rising each week
        ((2, 3, 3), None),
        ((2, 2, 4), "caution"),  # +2 in one week, not rising in each
        ((3, 2, 4), "caution"),
        ((2, 3, 3, 5), "warning"),  # +3 over three weeks
        ((2, 3, 3, 4), None),  # +2 over three weeks, +1 this week
        ((4, 3, 2, 2), None),
    ],
)
def test_weekly_trend_thresholds(pains, expected) -> None:
    checkins = [week(7 * index, pain) for index, pain in enumerate(pains)]
    last = 7 * (len(pains) - 1)
    assert fired(weekly_trend, inputs_for(checkins=checkins, end=last), last) == expected


@pytest.mark.parametrize(
    ("this_week", "expected"),
    [
        ([4], None),  # one morning is not a week
        ([4, 5], None),  # two answers are not a week either
        ([4, 5, 4], "warning"),  # 4.33 against 1: + 3.33
        ([2, 3, 2], "caution"),  # 2.33 against 1: + 1.33
    ],
)
def test_weekly_trend_needs_three_daily_answers_without_a_weekly_one(this_week, expected) -> None:
    earlier = [DailyCheckin(day(d), R.SHIN, morning_pain=1) for d in range(3)]
    now = [DailyCheckin(day(7 + d), R.SHIN, morning_pain=p) for d, p in enumerate(this_week)]
    last = 7 + len(this_week) - 1
    assert fired(weekly_trend, inputs_for(checkins=[*earlier, *now], end=last), last) == expected


def test_weekly_trend_counts_after_run_answers_and_prefers_the_weekly_answer() -> None:
    earlier = [week(0, 1)]
    now: list[AnyCheckin] = [
        PostRunCheckin(day(7), R.SHIN, pain_during=3, pain_after=4),
        DailyCheckin(day(8), R.SHIN, morning_pain=3),  # three values: mean 3.33
    ]
    (finding,) = on_day(weekly_trend(inputs_for(checkins=[*earlier, *now], end=8)), 8)
    assert finding.severity.value == "warning"
    assert finding.values["this_week_pain"] == 3.33
    both = [*earlier, *now, week(9, 2)]  # the weekly answer wins: 2 against 1
    assert fired(weekly_trend, inputs_for(checkins=both, end=9), 9) is None


def test_weekly_trend_wording() -> None:
    checkins = [week(0, 2), week(7, 3), week(14, 4)]
    (finding,) = weekly_trend(inputs_for(checkins=checkins, end=14))
    assert finding.values == {"this_week_pain": 4, "last_week_pain": 3, "two_weeks_before_pain": 2}
    assert "2/10, then 3/10, then 4/10 in the week of 19 January" in finding.message.en
    assert "in de week van 19 januari" in finding.message.nl and "train" in finding.message.nl
    assert "Cool the sore spot with ice" in finding.message.en  # the shin's self-care


def ostrc(offset: int, answers: tuple, region: Region = R.KNEE_FRONT) -> WeeklyCheckin:
    return WeeklyCheckin(day(offset), region, ostrc=OstrcAnswers(*answers))


SUB = (8, 17, 8, 8)  # substantial, severity 41


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ((0, 5), "warning"),  # 5 days apart: the second replaces the first
        ((0, 6), "referral"),  # 6 days: two weeks in a row
        ((0, 13), "referral"),
        ((0, 14), "warning"),  # a week between them
        ((0, 3, 9), "referral"),  # day 3 replaced day 0; day 9 is 6 days after it
        ((0, 3, 8), "warning"),  # 5 days after the counted set of day 3
    ],
)
def test_ostrc_counts_one_answer_set_a_week(days, expected) -> None:
    checkins = [ostrc(d, SUB) for d in days]
    assert fired(ostrc_substantial, inputs_for(checkins=checkins, end=days[-1]), days[-1]) == (
        expected
    )


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        (((8, 0, 0, 8), (8, 8, 0, 8), (8, 8, 8, 8)), "referral"),  # 16 → 24 → 32
        (((8, 0, 0, 8), (8, 8, 0, 8), (8, 8, 0, 8)), None),  # 16 → 24 → 24
        (((8, 8, 0, 8), (8, 0, 0, 8), (8, 8, 8, 8)), None),  # 24 → 16 → 32
        (((8, 0, 0, 8), (8, 8, 8, 8)), None),  # two sets only
    ],
)
def test_ostrc_severity_rising_over_three_weeks_refers(sets, expected) -> None:
    checkins = [ostrc(7 * index, answers) for index, answers in enumerate(sets)]
    last = 7 * (len(sets) - 1)
    found = on_day(ostrc_substantial(inputs_for(checkins=checkins, end=last)), last)
    assert (found[0].severity.value if found else None) == expected
    if found:
        assert "16/100, 24/100, 32/100" in found[0].message.en
        assert found[0].values["rising_sets"] == 3


def test_ostrc_rising_sets_must_be_a_week_apart() -> None:
    sets = [ostrc(0, (8, 0, 0, 8)), ostrc(7, (8, 8, 0, 8)), ostrc(21, (8, 8, 8, 8))]
    assert ostrc_substantial(inputs_for(checkins=sets, end=21)) == []


# --- volume and load ------------------------------------------------------------------------


@pytest.mark.parametrize(("history_days", "expected"), [(27, None), (28, "caution")])
def test_session_spike_is_silent_before_28_days_of_history(history_days, expected) -> None:
    spike_day = history_days - 1
    inputs = inputs_for(sparse({0: 10, spike_day: 12}), end=spike_day, history_start=0)
    assert fired(session_spike, inputs, spike_day) == expected


@pytest.mark.parametrize(
    ("break_days", "today_km", "expected", "reference"),
    [
        (13, 11.1, "caution", None),  # no break: longest of 30 days (10 km), +11 %
        (14, 11.1, "caution", None),  # the 30 days still hold the 10 km, above 10 × 0.8
        (30, 6.6, None, 6.0),  # 4 weeks off: 10 × 0.6 = 6 km; +10 %
        (30, 6.7, "caution", 6.0),
        (34, 6.7, "caution", 6.0),  # 34 days: still 4 whole weeks
        (35, 6.7, "warning", 5.0),  # 5 weeks: 5 km; +34 %
        (35, 20.0, "warning", 5.0),  # "more than double"
    ],
)
def test_session_spike_in_the_return_window(break_days, today_km, expected, reference) -> None:
    back = 20 + break_days + 1  # runs on days 0..20, then the break
    activities = [*runs([0, 6, 0, 6, 0, 10, 6] * 3), *sparse({back: today_km})]
    found = on_day(session_spike(inputs_for(activities, end=back)), back)
    assert (found[0].severity.value if found else None) == expected
    if found and reference is not None:
        assert found[0].values["reference_km"] == reference
        assert found[0].values["pre_break_km"] == 10


def test_session_spike_reference_is_floored_at_zero_after_ten_weeks() -> None:
    activities = [*runs([0, 6, 0, 6, 0, 10, 6] * 3), *sparse({20 + 71: 3})]
    assert session_spike(inputs_for(activities, end=91)) == []  # 10 × (1 − 1.0) = 0: no reference


def test_session_spike_reference_is_the_larger_of_the_two() -> None:
    """After a two-week break with a long run just before it, the 30-day longest run (14 km)
    is above the discounted pre-break longest run (14 × 0.8 = 11.2 km) and is used."""
    activities = [*runs([0, 6, 0, 6, 0, 10, 6] * 3), *sparse({20: 14, 35: 16})]
    (finding,) = session_spike(inputs_for(activities, end=35))
    assert finding.values == {"session_km": 16, "longest_30d_km": 14, "spike_pct": 14.29}


@pytest.mark.parametrize(("race", "expected"), [(False, "warning"), (True, "info")])
def test_session_spike_on_a_race_day(race, expected) -> None:
    long_run = dataclasses.replace(session(33, 42.2), race=race)
    activities = [*runs([0, 10, 0, 12, 0, 32, 8] * 4), long_run]
    (finding,) = on_day(session_spike(inputs_for(activities, end=33)), 33)
    assert finding.severity.value == expected
    assert ("lengthen it in small steps" in finding.message.en) is not race
    assert ("It was a race: recover first" in finding.message.en) is race


BEFORE = [0, 8, 0, 8, 0, 16, 8]  # 40 km a week


@pytest.mark.parametrize(
    ("week_km", "expected"),
    [
        (33.6, None),  # 40 × 0.7 = 28 km a week; 28 × 1.2 = 33.6: not above
        (33.7, "caution"),
        (10.0, None),
    ],
)
def test_weekly_progression_in_the_return_window(week_km, expected) -> None:
    back = 41 + 22  # 21 days without running after six weeks of 40 km (last run on day 41)
    third = week_km / 3
    activities = [*runs(BEFORE * 6), *sparse({back: third, back + 2: third, back + 4: third})]
    inputs = inputs_for(activities, end=back + 4)
    found = on_day(weekly_progression(inputs), back + 4)
    assert (found[0].severity.value if found else None) == expected
    if found:
        assert found[0].values["reference_km"] == 28
        assert "28 km a week" in found[0].message.en


def test_weekly_progression_in_the_return_window_on_a_small_base() -> None:
    """Before the break 10 km a week: 7 km after three weeks off, below the 10 km base, so the
    5 km allowance applies: 12 km is allowed, 12.1 km is not."""
    before = [0, 5, 0, 0, 0, 5, 0] * 6
    back = 41 + 21
    for km, expected in ((12.0, None), (12.1, "caution")):
        activities = [*runs(before), *sparse({back: km / 2, back + 3: km / 2})]
        found = on_day(weekly_progression(inputs_for(activities, end=back + 3)), back + 3)
        assert (found[0].severity.value if found else None) == expected


@pytest.mark.parametrize(
    ("days_after_race", "km", "expected"),
    # +15 % on the 7 days before (capped at info); a week later the two-week rule warns
    [(6, 13, "info"), (7, 34, "warning")],
)
def test_weekly_progression_after_a_race_is_at_most_info(days_after_race, km, expected) -> None:
    race = dataclasses.replace(session(28, 10), race=True)
    check = 28 + days_after_race
    activities = [*runs([0, 5, 0, 5, 0, 10, 0] * 4), race, session(check, km)]
    inputs = inputs_for(
        activities, end=check, policy={"volume.weekly_progression": {"caution_pct": 10}}
    )
    found = on_day(weekly_progression(inputs), check)
    assert found and found[0].severity.value == expected


@pytest.mark.parametrize(("last_week_km", "expected"), [(7.6, None), (7.8, "info")])
def test_monotony_info_needs_a_heavier_week(last_week_km, expected) -> None:
    """Four weeks of 7 km a day, then a week at ``last_week_km`` a day (monotony infinite
    throughout): 7.6 against a 28-day average of 7.15 is 1.063 ×, 7.8 against 7.2 is 1.083 ×;
    with the threshold set to 1.08 only the second is a heavier week."""
    kms = [7.0] * 28 + [last_week_km] * 7
    inputs = inputs_for(
        runs(kms), end=34, policy={"load.monotony_strain": {"acute_over_chronic": 1.08}}
    )
    assert fired(monotony_strain, inputs, 34) == expected


def test_a_steady_runners_flat_weeks_are_not_news() -> None:
    inputs = inputs_for(runs([7.0] * 70), end=69)
    assert [f for f in monotony_strain(inputs) if f.severity.value == "info"] == []


@pytest.mark.parametrize(
    ("first_km", "second_km", "expected"),
    [
        (5.0, 5.0, None),  # 5 of 20 km: 25 %, not above
        (5.1, 5.1, "caution"),
        (5.1, 4.0, None),
    ],
)
def test_back_to_back_tendon_at_25_percent(first_km, second_km, expected) -> None:
    rest = 20 - first_km - second_km
    activities = sparse({0: rest / 2, 2: rest / 2, 5: first_km, 6: second_km})
    checkins = [week(0, 2, R.ACHILLES)]
    assert fired(back_to_back_tendon, inputs_for(activities, checkins, end=6), 6) == expected


@pytest.mark.parametrize(
    ("region", "kind", "expected"),
    [
        (R.ACHILLES, None, "caution"),
        (R.HEEL_FOOT, None, "caution"),
        (R.KNEE_FRONT, None, "caution"),
        (R.GROIN, None, "caution"),
        (R.CALF, None, None),  # not a tendon region
        (R.CALF, "tendinopathy", "caution"),  # unless the physio says so
    ],
)
def test_back_to_back_tendon_regions(region, kind, expected) -> None:
    from service.training.episodes import EpisodeKind, EpisodeRecord

    activities = sparse({0: 3, 5: 10, 6: 10})
    records = [] if kind is None else [EpisodeRecord(region, day(0), kind=EpisodeKind(kind))]
    found = evaluate_days(activities, [week(0, 2, region)], end=6, episodes=records)
    got = [f.severity.value for f in found if f.rule == "load.back_to_back_tendon"]
    assert got == ([expected] if expected else [])


def visa(offset: int, score: int) -> WeeklyCheckin:
    return WeeklyCheckin(day(offset), R.ACHILLES, visa_a=VisaA(score))


@pytest.mark.parametrize(
    ("score", "warning_day", "building_up"),
    [
        (80, None, True),
        (79, None, False),  # below 80: keep going as you are
        (85, 22, False),  # a warning about the region 6 days before
        (85, 21, True),  # 7 days before: no longer recent
    ],
)
def test_visa_a_good_news_wording(score, warning_day, building_up) -> None:
    checkins: list[AnyCheckin] = [visa(0, score - 10), visa(28, score)]
    if warning_day is not None:
        checkins.append(PostRunCheckin(day(warning_day), R.ACHILLES, pain_during=7))
    found = evaluate_days(checkins=checkins, end=28)
    (good,) = [f for f in found if f.rule == "visa_a.change"]
    assert good.severity.value == "info" and good.message.en.startswith("Good news")
    assert ("Keep building up" in good.message.en) is building_up
    assert ("Keep going as you are" in good.message.en) is not building_up
    assert ("Ga zo door" in good.message.nl) is not building_up
    assert visa_a_change(inputs_for(checkins=checkins, end=28))  # also callable on its own


@pytest.mark.parametrize(
    ("day_km", "training_days", "expected"),
    [
        (15.0, 28, None),  # 3 × 5 km: not above
        (15.1, 28, "info"),
        (15.1, 27, None),  # too few training days to know the usual
    ],
)
def test_outlier_day(day_km, training_days, expected) -> None:
    kms = [5.0] * training_days + [day_km]
    inputs = inputs_for(runs(kms), end=training_days)
    assert fired(outlier_day, inputs, training_days) == expected


def test_the_volume_rules_wait_for_an_outlier_day_to_be_confirmed() -> None:
    kms = [0, 5, 0, 5, 0, 5, 5] * 8 + [0, 20]  # 28+ training days of 5 km, then 20 km
    activities = runs(kms)
    waiting = evaluate_days(activities, end=57, start=57)
    assert [(f.rule, f.severity.value) for f in waiting] == [("data.outlier_day", "info")]
    assert "Is this right?" in waiting[0].message.en and "Klopt dit?" in waiting[0].message.nl
    confirmed = evaluate_days(activities, end=57, start=57, confirmed_days=[day(57)])
    assert "volume.session_spike" in {f.rule for f in confirmed}
    assert "data.outlier_day" not in {f.rule for f in confirmed}


def test_the_morning_baseline_names_how_many_mornings_it_rests_on() -> None:
    mornings = [DailyCheckin(day(d), R.ACHILLES, morning_pain=1) for d in range(3)]
    mornings.append(DailyCheckin(day(4), R.ACHILLES, morning_pain=3))
    (finding,) = next_morning(inputs_for(sparse({3: 5}), mornings, end=4))
    assert "the median of your last 3 mornings" in finding.message.en
    assert "de mediaan van je laatste 3 ochtenden" in finding.message.nl
    assert "On the morning of 9 January" in finding.message.en
