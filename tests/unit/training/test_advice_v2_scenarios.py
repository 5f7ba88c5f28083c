"""The realistic weeks on which version 1 of the advice went wrong (DOMAIN §1.6), one per case.

Each runs through the advice check (:func:`parse_scenario` and :func:`run_scenario`, the code of
``loadwatch advice check``) and checks the advice §1.6 describes.
"""

from __future__ import annotations

from .advice_scenarios import (
    WEEK,
    checkin,
    findings,
    iso,
    rules,
    run,
    scenario,
    weeks_of,
)


def test_creeping_shin_pain_escalates() -> None:
    """Shin pain 2 → 6 over five weeks, one point a week, while running: a warning when it has
    crept up two points over two weeks, and the 21-day referral of the shin pathway."""
    answers = [checkin(6 + 7 * week, "shin", pain_week=2 + week) for week in range(5)]
    found = rules(findings(scenario(weeks_of(WEEK, 6), answers, start=0, end=41)))
    assert ("pain.weekly_trend", "warning", 20, "shin") in found  # 2 → 3 → 4
    assert ("referral.region_not_improving", "referral", 27, "shin") in found  # day 6 + 21


def test_heel_first_step_pain_every_morning_reaches_a_referral_by_its_timer() -> None:
    """6/10 every morning for five weeks never changes, so v1 never fired; the heel's 21-day
    not-improving timer refers."""
    mornings = [checkin(day, "heel_foot", morning_pain=6) for day in range(35)]
    found = findings(scenario(weeks_of(WEEK, 5), mornings, start=0, end=34))
    assert rules(found) == [("referral.region_not_improving", "referral", 21, "heel_foot")]
    (referral,) = found
    assert "Contact your physiotherapist" in referral.message.en
    assert "neem contact op met je fysiotherapeut" in referral.message.nl.lower()
    assert "kleinere stappen" in referral.message.nl and "bospad" in referral.message.nl


def test_a_run_five_weeks_after_an_achilles_snap_gets_the_rupture_warning() -> None:
    """Not "build up again gradually" and no spike caution: the rupture pathway instead."""
    snap = [checkin(41, "achilles", red_flags=["sudden_snap"])]
    back = [run(76, 8), run(78, 8), run(80, 14)]  # five weeks after the report, then longer
    found = rules(findings(scenario(weeks_of(WEEK, 5) + back, snap, start=35, end=90)))
    assert found == [
        ("red_flag.rupture", "urgent", 41, "achilles"),
        ("episode.rupture", "warning", 76, "achilles"),
        ("episode.rupture", "info", 83, "achilles"),
    ]


def test_cleared_to_run_ends_the_rupture_pathway() -> None:
    """A physio's record clears the athlete to run: the build-up advice comes back."""
    snap = [checkin(41, "achilles", red_flags=["sudden_snap"])]
    back = [run(76, 8), run(78, 8), run(80, 14)]
    record = {"region": "achilles", "opened": iso(41), "cleared_to_run": iso(70)}
    data = scenario(weeks_of(WEEK, 5) + back, snap, start=35, end=90, episodes=[record])
    found = {rule for rule, *_ in rules(findings(data))}
    assert "episode.rupture" not in found
    assert {"load.return_from_break", "volume.session_spike"} <= found


def test_a_hamstring_snap_is_a_muscle_injury_not_a_rupture() -> None:
    data = scenario(
        weeks_of(WEEK, 5), [checkin(36, "hamstring", red_flags=["sudden_snap"])], start=35, end=37
    )
    (finding,) = findings(data)
    assert (finding.rule, finding.severity.value) == ("acute.muscle_injury", "warning")
    assert "achilles" not in finding.message.en.lower()
    assert (
        "zweepslag" in finding.message.nl and "geen massage of warmte" in finding.message.nl.lower()
    )


def test_an_ankle_that_cannot_push_off_gets_no_rupture_text() -> None:
    data = scenario(
        weeks_of(WEEK, 5), [checkin(36, "ankle", red_flags=["cannot_push_off"])], start=35, end=37
    )
    assert "red_flag.rupture" not in {rule for rule, *_ in rules(findings(data))}


def test_a_sudden_hamstring_pain_is_not_make_your_next_session_shorter() -> None:
    answers = [checkin(36, "hamstring", pain_during=7, onset="sudden")]
    found = findings(scenario(weeks_of(WEEK, 5), answers, start=35, end=37))
    assert ("acute.muscle_injury", "warning", 36, "hamstring") in rules(found)
    for finding in found:
        assert "next session shorter" not in finding.message.en
        assert "first 2 days" in finding.message.en


FLU_BEFORE = [0, 8, 0, 8, 0, 16, 8]  # 40 km a week
FLU_BACK = [[0, 3, 0, 4, 0, 3, 0], [0, 5, 0, 5, 0, 8, 2], [0, 8, 0, 8, 0, 10, 4]]  # 10, 20, 30 km


def test_a_return_from_three_weeks_of_flu_is_compared_with_the_weeks_before_it() -> None:
    """Back at 10, 20 and 30 km a week after 40 km a week: v1 said "+171 %, reduce"; the
    return window compares with 40 km × 0.7 = 28 km a week (+20 % allowed), so nothing fires
    but the return guidance."""
    back = [
        run(63 + 7 * week + day, km)
        for week, kms in enumerate(FLU_BACK)
        for day, km in enumerate(kms)
        if km
    ]
    data = scenario(weeks_of(FLU_BEFORE, 6) + back, start=42, end=83)
    assert rules(findings(data)) == [("load.return_from_break", "info", 64, None)]


def test_feeling_ill_gets_the_illness_info() -> None:
    found = findings(
        scenario(weeks_of(FLU_BEFORE, 6), [checkin(44, feeling_ill=True)], start=42, end=45)
    )
    assert rules(found) == [("health.illness", "info", 44, None)]
    assert "grieperig" in found[0].message.nl


def test_twenty_km_first_run_after_five_weeks_off_is_a_real_warning() -> None:
    """Longest run before the break 14 km, five weeks off: 14 × 0.5 = 7 km is the reference."""
    data = scenario([*weeks_of([0, 6, 0, 8, 0, 14, 6], 6), run(77, 20)], start=70, end=77)
    found = {(rule, severity) for rule, severity, *_ in rules(findings(data))}
    assert ("volume.session_spike", "warning") in found
    spike = next(f for f in findings(data) if f.rule == "volume.session_spike")
    assert spike.values["reference_km"] == 7 and spike.values["pre_break_km"] == 14


def test_one_bad_morning_is_not_a_warning_to_train_less_this_week() -> None:
    mornings = [checkin(day, "achilles", morning_pain=1) for day in range(35, 42)]
    mornings.append(checkin(44, "achilles", morning_pain=6))
    found = findings(scenario(weeks_of(WEEK, 7), mornings, start=35, end=48))
    assert rules(found) == [("pain.next_morning", "caution", 44, "achilles")]
    assert "the median of your last 7 mornings" in found[0].message.en


def test_ostrc_on_sunday_and_again_on_monday_is_not_two_weeks_in_a_row() -> None:
    sets = [
        checkin(34, "knee_front", ostrc=[8, 17, 8, 8]),
        checkin(35, "knee_front", ostrc=[8, 17, 8, 8]),
    ]
    found = rules(findings(scenario(weeks_of(WEEK, 6), sets, start=30, end=40)))
    assert found == [("ostrc.substantial_problem", "warning", 34, "knee_front")]


def test_a_run_in_new_york_at_half_past_seven_belongs_to_its_own_day() -> None:
    """19:30 in New York is 01:30 the next day in Amsterdam: the next morning's pain is the
    morning after that run."""
    new_york = run(36, 8) | {"start": f"{iso(36)}T19:30:00-05:00"}
    mornings = [checkin(day, "achilles", morning_pain=1) for day in range(30, 36)]
    mornings.append(checkin(37, "achilles", morning_pain=3))
    found = rules(findings(scenario([*weeks_of(WEEK, 5), new_york], mornings, start=37, end=37)))
    assert found == [("pain.next_morning", "caution", 37, "achilles")]


def test_a_32_km_run_on_a_no_data_day_counts() -> None:
    data = scenario(
        [*weeks_of([0, 10, 0, 12, 0, 20, 10], 6), run(47, 32)],
        start=42,
        end=48,
        missing_days=[iso(47)],
    )
    (spike,) = findings(data)
    assert (spike.rule, spike.severity.value) == ("volume.session_spike", "warning")
    assert spike.values["session_km"] == 32


def test_treadmill_runs_without_distance_are_estimated_not_zero() -> None:
    """A week of treadmill runs without distance, then outside again: v1 counted the treadmill
    week as 0 km and read the next week as a big rise."""
    treadmill = [
        run(day, None, minutes=minutes) for day, minutes in ((29, 36), (31, 48), (33, 72), (34, 36))
    ]
    activities = weeks_of(WEEK, 4) + treadmill + weeks_of(WEEK, 1, first=35)
    assert findings(scenario(activities, start=28, end=41)) == []


def test_a_marathon_is_followed_by_recovery_not_lengthen_your_long_run() -> None:
    race = run(46, 42.2, race=True)
    activities = [*weeks_of([0, 10, 0, 12, 0, 32, 8], 5), run(40, 10), run(42, 8), race]
    found = findings(scenario(activities, start=35, end=52))
    spike = next(f for f in found if f.rule == "volume.session_spike")
    assert spike.severity.value == "info"
    assert "recover" in spike.message.en and "herstel" in spike.message.nl
    assert "lengthen" not in spike.message.en
    assert all(f.severity.value == "info" for f in found)
