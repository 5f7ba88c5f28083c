"""The cooldown: at most once per rule, region and 7 days unless the severity rises."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from service.training.findings import LocalizedText, Severity
from service.training.rules import apply_cooldown
from service.training.rules.common import make_finding
from service.training.symptoms import Region

from .support import day

TEXT = LocalizedText("text", "tekst")
SEVERITY = {s.value[0]: s for s in Severity}  # i, c, w, r, u


def candidate(offset: int, severity: str = "c", rule: str = "volume.session_spike", region=None):
    return make_finding(rule, SEVERITY[severity], day(offset), TEXT, "test", {}, region)


def kept(candidates) -> list[tuple[int, str]]:
    return [((f.date - day(0)).days, f.severity.value[0]) for f in apply_cooldown(candidates)]


def test_once_per_seven_days() -> None:
    days = [0, 1, 6, 7, 8, 13, 14, 30]
    assert kept([candidate(d) for d in days]) == [(0, "c"), (7, "c"), (14, "c"), (30, "c")]


def test_a_rising_severity_breaks_through_and_opens_a_window() -> None:
    series = [candidate(0, "c"), candidate(2, "w"), candidate(5, "c"), candidate(8, "w")]
    series += [candidate(9, "c"), candidate(9, "u"), candidate(16, "i")]
    assert kept(series) == [(0, "c"), (2, "w"), (9, "u"), (16, "i")]


def test_the_same_day_keeps_the_most_severe() -> None:
    assert kept([candidate(3, "c"), candidate(3, "w"), candidate(3, "c")]) == [(3, "w")]


def test_rules_and_regions_cool_down_separately() -> None:
    findings = apply_cooldown(
        [
            candidate(0, region=Region.SHIN, rule="pain.weekly_trend"),
            candidate(1, region=Region.ACHILLES, rule="pain.weekly_trend"),
            candidate(2, region=Region.SHIN, rule="pain.weekly_trend"),
            candidate(2, rule="volume.weekly_progression"),
        ]
    )
    assert [(f.rule, f.region, f.date) for f in findings] == [
        ("pain.weekly_trend", Region.SHIN, day(0)),
        ("pain.weekly_trend", Region.ACHILLES, day(1)),
        ("volume.weekly_progression", None, day(2)),
    ]


def test_urgent_findings_are_never_held_back_but_come_once_a_day() -> None:
    """DOMAIN §1.6.4: every red-flag report raises its finding, at most one a day."""
    series = [candidate(0, "u"), candidate(0, "u"), candidate(2, "u"), candidate(3, "c")]
    assert kept(series) == [(0, "u"), (2, "u")]


def test_episode_findings_are_not_held_back() -> None:
    """``episode.*`` findings come once per episode from their rule: the cooldown keeps them."""
    rule = "episode.rupture"
    series = [candidate(0, "w", rule=rule), candidate(3, "i", rule=rule)]
    assert kept(series) == [(0, "w"), (3, "i")]


def test_period_key_is_the_day_the_window_opened() -> None:
    assert [f.period_key for f in apply_cooldown([candidate(0), candidate(3), candidate(9)])] == [
        "2026-01-05",
        "2026-01-14",
    ]


candidates = st.lists(
    st.builds(
        candidate,
        st.integers(0, 60),
        st.sampled_from("icwru"),
        st.sampled_from(["volume.session_spike", "pain.next_morning"]),
        st.sampled_from([None, Region.ACHILLES]),
    ),
    max_size=40,
)


@given(candidates)
def test_cooldown_invariants(found) -> None:
    result = apply_cooldown(found)
    assert all(f in found for f in result)
    assert apply_cooldown(result) == result  # applying it twice changes nothing
    assert result == sorted(result, key=lambda f: f.order_key)
    by_key: dict = {}
    for finding in result:
        by_key.setdefault((finding.rule, finding.region), []).append(finding)
    for group in by_key.values():
        for earlier, later in itertools.pairwise(group):
            within = (later.date - earlier.date).days < 7
            urgent = later.severity is Severity.URGENT and later.date != earlier.date
            assert not within or urgent or later.severity.rank > earlier.severity.rank
    # Every dropped candidate is covered by a kept one at least as severe within 7 days before.
    for dropped in (f for f in found if f not in result):
        assert any(
            k.rule == dropped.rule
            and k.region == dropped.region
            and 0 <= (dropped.date - k.date).days < 7
            and k.severity.rank >= dropped.severity.rank
            for k in result
        )
