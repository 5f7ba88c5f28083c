"""Invariants of the advice v2 rules on random check-ins: a window of days sees exactly the
findings a full evaluation gives on those days (no rule looks ahead, so stored findings and their
period keys do not change when later data arrives), and every finding is well formed."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.training.episodes import EpisodeRecord
from service.training.rules import RULE_IDS
from service.training.symptoms import (
    DailyCheckin,
    IllnessReport,
    Onset,
    PostRunCheckin,
    RedFlag,
    RedFlagReport,
    Region,
    WeeklyCheckin,
)
from tests.unit.rules.support import day, evaluate_days, runs

REGIONS = st.sampled_from([Region.ACHILLES, Region.SHIN, Region.CALF, Region.KNEE_FRONT])
DAYS = st.integers(0, 70)
PAIN = st.integers(0, 8)
ONSET = st.sampled_from([None, Onset.SUDDEN, Onset.GRADUAL])

checkins = st.lists(
    st.one_of(
        st.builds(lambda d, r, p, o: WeeklyCheckin(day(d), r, pain_week=p, onset=o),
                  DAYS, REGIONS, PAIN, ONSET),
        st.builds(lambda d, r, p: DailyCheckin(day(d), r, morning_pain=p), DAYS, REGIONS, PAIN),
        st.builds(lambda d, r, p: PostRunCheckin(day(d), r, pain_during=p), DAYS, REGIONS, PAIN),
        st.builds(lambda d, r, f: RedFlagReport(day(d), frozenset({f}), r), DAYS,
                  st.one_of(st.none(), REGIONS), st.sampled_from(list(RedFlag))),
        st.builds(lambda d: IllnessReport(day(d), True), DAYS),
    ),
    max_size=25,
)  # fmt: skip
BLOCK = runs([0, 6, 0, 8, 0, 14, 6] * 6 + [0] * 20 + [0, 8, 0, 8, 0, 20, 6])
RECORDS = [EpisodeRecord(Region.SHIN, day(30), cleared_to_run=day(50))]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(checkins, st.integers(0, 75), st.integers(0, 75))
def test_a_window_sees_exactly_the_full_findings_of_its_days(found_checkins, a, b) -> None:
    start, end = min(a, b), max(a, b)
    full = evaluate_days(BLOCK, found_checkins, end=75, episodes=RECORDS, flags=["statin"])
    window = evaluate_days(
        BLOCK, found_checkins, start=start, end=end, episodes=RECORDS, flags=["statin"]
    )
    assert window == [f for f in full if day(start) <= f.date <= day(end)]
    for finding in full:
        assert finding.rule in RULE_IDS
        assert finding.message.en.strip() and finding.message.nl.strip()
        assert finding.message.en != finding.message.nl
        assert isinstance(finding.date, dt.date)
