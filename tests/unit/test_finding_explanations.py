"""Every rule a finding can come from is explained on its page, in both languages: what fired it,
the next step, and a name for each number it carries."""

from __future__ import annotations

import pytest

from service.dashboard.explain import NEXT_STEPS, RULE_WORDS, VALUE_NAMES, explain
from service.dashboard.i18n import gettext
from service.training.policy import DEFAULT_POLICY
from service.training.rules import RULE_IDS

NEW_RULE_VALUES = {
    "referral.region_not_improving": {"start_pain": 2, "latest_pain": 6, "elapsed_days": 21,
                                      "timer_days": 21},
    "episode.rupture": {"days_since_days": 35, "brace_weeks": 6},
    "acute.muscle_injury": {"start_pain": 7, "min_pain": 5, "sudden_snap": 1},
    "health.illness": {"feeling_ill": 1},
    "red_flag.fracture": {"cannot_bear_weight": 1},
    "referral.call_physio_now": {"cannot_move": 1},
    "load.back_to_back_tendon": {"first_km": 14, "session_km": 12, "week_km": 40,
                                 "share_pct": 25},
    "episode.rupture_risk_medication": {"statin": 1},
    "data.outlier_day": {"day_km": 80, "reference_km": 20, "factor": 3},
}  # fmt: skip


@pytest.mark.parametrize("rule", RULE_IDS)
def test_every_rule_has_its_words_and_next_step(rule: str) -> None:
    assert rule in RULE_WORDS and rule in NEXT_STEPS


@pytest.mark.parametrize("rule", sorted(NEW_RULE_VALUES))
@pytest.mark.parametrize("locale", ["en", "nl"])
def test_the_pathway_findings_are_explained_with_named_numbers(rule: str, locale: str) -> None:
    values = NEW_RULE_VALUES[rule]
    shown = explain(rule, values, DEFAULT_POLICY, locale)
    assert shown.rule_words and shown.next_step
    assert "%(" not in shown.rule_words
    assert [label for label, _ in shown.numbers] == [
        gettext(locale, VALUE_NAMES[name]) for name in values
    ]
    if locale == "nl":
        assert shown.rule_words != explain(rule, values, DEFAULT_POLICY, "en").rule_words
