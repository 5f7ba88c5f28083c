"""The one consent rule for findings (``service.athletes.access``): its three forms agree, the
core says which rules read symptom data, and no other module decides it on its own.

Every place that shows or sends a finding is checked against a coach with and one without
symptom sharing in ``tests/security/test_symptom_consent.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from service.athletes.access import hidden_rules, may_see_finding, shows_finding
from service.models import CoachLink, Finding
from service.training.rules import RULE_IDS, is_symptom_rule
from tests.support.source import syntax_tree

SERVICE = Path(__file__).resolve().parents[2] / "service"
THE_RULE = SERVICE / "athletes" / "access.py"
CORE = SERVICE / "training"
CORE_FACTS = frozenset({"is_symptom_rule", "SYMPTOM_RULE_PREFIXES"})


def test_the_symptom_rules_are_the_rule_families_that_read_check_ins() -> None:
    assert {rule for rule in RULE_IDS if is_symptom_rule(rule)} == {
        "pain.during_or_after_run",
        "pain.next_morning",
        "pain.weekly_trend",
        "referral.achilles_not_improving",
        "referral.rest_too_long",
        "ostrc.substantial_problem",
        "visa_a.change",
        "red_flag.rupture",
        "red_flag.thrombosis",
        # DOMAIN §1.6.4: the rules that read check-ins, red flags or injury episodes
        "referral.region_not_improving",
        "red_flag.fracture",
        "referral.call_physio_now",
        "acute.muscle_injury",
        "episode.rupture",
        "load.back_to_back_tendon",
        "health.illness",
        "episode.rupture_risk_medication",
    }


@pytest.mark.parametrize("rule", [*RULE_IDS, "pain.morning_rising", "painless.rule"])
@pytest.mark.parametrize("sees_symptoms", [True, False])
def test_the_query_form_and_the_predicate_agree(rule: str, sees_symptoms: bool) -> None:
    shown = shows_finding(rule, sees_symptoms)
    assert shown is (not rule.startswith(hidden_rules(sees_symptoms)))
    assert shown is (sees_symptoms or not is_symptom_rule(rule))


@pytest.mark.parametrize(
    ("rule", "reader", "link", "seen"),
    [
        ("pain.next_morning", "athlete", None, True),
        ("pain.next_morning", "staff", None, False),
        ("pain.next_morning", "staff", "shared", True),
        ("pain.next_morning", "staff", "not shared", False),
        ("volume.session_spike", "staff", None, False),
        ("volume.session_spike", "staff", "not shared", True),
    ],
)
def test_who_may_see_a_finding(rule: str, reader: str, link: str | None, seen: bool) -> None:
    athlete_id, staff_id = 7, 8
    finding = Finding(athlete_id=athlete_id, rule=rule)
    coach_link = (
        None
        if link is None
        else CoachLink(athlete_id=athlete_id, staff_id=staff_id, share_symptoms=link == "shared")
    )
    reader_id = athlete_id if reader == "athlete" else staff_id
    assert may_see_finding(reader_id, finding, coach_link) is seen


def _names(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.add(node.asname or node.name.rpartition(".")[2])
    return found


def test_no_other_module_decides_who_sees_a_symptom_finding() -> None:
    """Which rules are symptom rules is a fact of the core; only the consent module turns it
    into who may see what. A module that reads the fact itself is writing the rule again."""
    writers = sorted(
        str(path.relative_to(SERVICE.parent))
        for path in SERVICE.rglob("*.py")
        if path != THE_RULE and CORE not in path.parents and _names(syntax_tree(path)) & CORE_FACTS
    )
    assert writers == []
