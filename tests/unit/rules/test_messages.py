"""Advice texts: both languages, the same placeholders, numbers written per language."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from service.findings.scenario import parse_scenario, run_scenario
from service.training.findings import LocalizedText
from service.training.messages import (
    care_texts,
    load_texts,
    placeholders,
    region_texts,
    render,
    symptom_texts,
)
from service.training.messages.formatting import format_value
from service.training.messages.staff_texts import staff_form
from service.training.policy import describe_policy
from service.training.rules import RULE_IDS

from .catalogue import CATALOGUE

TEMPLATES = [
    (f"{module.__name__.rsplit('.', 1)[1]}.{name}", value)
    for module in (load_texts, symptom_texts, care_texts)
    for name, value in vars(module).items()
    if isinstance(value, LocalizedText)
] + [
    (f"{table}.{key}", text)
    for table, values in (
        ("region_texts.SELF_CARE", region_texts.SELF_CARE),
        ("region_texts.NEXT_STEP", region_texts.NEXT_STEP),
        ("care_texts.SNAP_IN", care_texts.SNAP_IN),
        ("care_texts.TORN", care_texts.TORN),
        ("care_texts.MEDICINES", care_texts.MEDICINES),
    )
    for key, text in values.items()
]


@pytest.mark.parametrize(("name", "template"), TEMPLATES, ids=[n for n, _ in TEMPLATES])
def test_every_template_has_both_languages_with_the_same_placeholders(name, template) -> None:
    assert template.en.strip() and template.nl.strip()
    assert placeholders(template.en) == placeholders(template.nl)
    assert template.en != template.nl or not placeholders(template.en) - {"source"}


@pytest.mark.parametrize(
    ("name", "value", "en", "nl"),
    [
        ("session_km", 14.5, "14.5", "14,5"),
        ("session_km", 14.0, "14", "14"),
        ("session_km", 1234.56, "1,234.6", "1.234,6"),
        ("spike_pct", 36.36, "36%", "36%"),
        ("rated_pain", 2.5, "2.5", "2,5"),
        ("acwr_rolling_ratio", 1.5294, "1.53", "1,53"),
        ("rest_days", 22, "22", "22"),
        ("stiffness_min", 12.4, "12", "12"),
        ("strain", 395.6283, "395.63", "395,63"),
        ("mcid", 6.5, "6.5", "6,5"),
        ("start_date", dt.date(2026, 3, 3), "3 March", "3 maart"),
        ("region", "shin", "your shin", "het scheenbeen"),
        (
            "region_pain",
            "knee_front",
            "pain at the front of the knee",
            "pijn aan de voorkant van de knie",
        ),
        ("measure", "distance_km", "running distance", "loopafstand"),
        (
            "reason",
            LocalizedText("you could not train", "je kon niet trainen"),
            "you could not train",
            "je kon niet trainen",
        ),
    ],
)
def test_values_are_written_per_language(name, value, en, nl) -> None:
    assert format_value(name, value, "en") == en
    assert format_value(name, value, "nl") == nl


def test_render_joins_templates_and_needs_every_placeholder() -> None:
    text = render(load_texts.BREAK_FIRST_RUN, load_texts.BREAK_ACTION, break_days=15, hide_days=28)
    assert text.en.startswith("This is your first run after 15 days without running. Build up")
    assert text.nl.startswith("Dit is je eerste loop na 15 dagen zonder te lopen. Bouw")
    with pytest.raises(KeyError):
        render(load_texts.BREAK_FIRST_RUN)
    with pytest.raises(ValueError, match="language"):
        format_value("session_km", 1.0, "de")


# The numbers each rule's message must name (when the finding has them).
NAMED = {
    "volume.weekly_progression": ("this_7d_km", "previous_7d_km"),
    "volume.session_spike": ("session_km", "longest_30d_km"),
    "volume.high_for_tendon_risk": ("week_km", "cap_km"),
    "load.acwr_context": ("acwr_rolling_ratio",),
    "pain.during_or_after_run": ("pain_during",),
    "pain.next_morning": ("morning_pain", "baseline_pain"),
    "pain.weekly_trend": ("this_week_pain", "last_week_pain"),
    "referral.achilles_not_improving": ("start_pain", "latest_pain", "onset_days"),
    "referral.rest_too_long": ("rest_days", "start_pain", "latest_pain"),
    "ostrc.substantial_problem": ("severity_score",),
    "visa_a.change": ("visa_a_score", "best_score", "change_points"),
    "load.monotony_strain": (),
    "load.return_from_break": ("break_days",),
    "red_flag.rupture": (),
    "red_flag.thrombosis": (),
    "referral.region_not_improving": ("start_pain", "latest_pain", "timer_days"),
    "red_flag.fracture": (),
    "referral.call_physio_now": (),
    "acute.muscle_injury": ("start_pain",),
    "episode.rupture": ("days_since_days", "brace_weeks"),
    "load.back_to_back_tendon": ("first_km", "session_km", "week_km", "share_pct"),
    "health.illness": (),
    "episode.rupture_risk_medication": (),
    "data.outlier_day": ("day_km", "reference_km", "factor"),
}
NAMED_WHEN = {
    ("volume.weekly_progression", "warning"): ("last_14d_km", "previous_14d_km"),
    ("volume.session_spike", "caution"): ("session_km", "longest_30d_km", "spike_pct"),
}
ACTIONS_EN = ("make", "repeat", "reduce", "shorten", "contact", "seek", "go to", "build up", "keep",
              "alternate", "hold", "train less", "plan", "follow", "confirm", "tell")  # fmt: skip
ACTIONS_NL = ("herhaal", "loop volgende week minder", "verkort", "neem contact", "zoek", "ga ",
              "bouw", "houd", "wissel", "beperk", "train", "plan", "volg", "blijf", "loop minder",
              "maak", "bevestig", "vertel")  # fmt: skip


@pytest.mark.parametrize("rule", CATALOGUE)
def test_every_finding_names_its_numbers_and_offers_a_next_step(rule) -> None:
    scenario, _ = CATALOGUE[rule]
    findings = run_scenario(parse_scenario(scenario))
    assert findings
    for finding in findings:
        for lang in ("en", "nl"):
            text = getattr(finding.message, lang)
            assert text.strip()
            key = (finding.rule, finding.severity.value)
            for name in NAMED_WHEN.get(key, NAMED[finding.rule]):
                if name in finding.values:
                    assert format_value(name, finding.values[name], lang) in text, (name, text)
            actions = ACTIONS_EN if lang == "en" else ACTIONS_NL
            assert any(action in text.lower() for action in actions), text
            assert "%" not in text or "probab" not in text.lower()
        assert finding.source.strip()
        assert finding.message.en != finding.message.nl


RELATIVE_DAYS = re.compile(
    r"\b(today|tonight|this morning|this week|last week|yesterday|vandaag|vanochtend|"
    r"vanavond|deze week|vorige week|gisteren)\b",
    re.IGNORECASE,
)
INTERNAL = re.compile(r"DOMAIN|§|\bR\d{1,2}\b")


def _texts_people_read() -> list[str]:
    texts = [t for _, template in TEMPLATES for t in (template.en, template.nl)]
    for row in describe_policy():
        texts += [row["evidence"]["en"], row["evidence"]["nl"]]
    for scenario, _ in CATALOGUE.values():
        for finding in run_scenario(parse_scenario(scenario)):
            texts += [finding.message.en, finding.message.nl, finding.source]
    return texts


def test_texts_store_facts_not_relative_days_or_internal_references() -> None:
    """A finding is read on later days (dashboard, email), so it names dates, not "today";
    people never see rule ids or the contract's section numbers (DOMAIN §1.6.5)."""
    for text in _texts_people_read():
        assert not RELATIVE_DAYS.search(text), text
        assert not INTERNAL.search(text), text
        assert not any(rule in text for rule in RULE_IDS), text


@pytest.mark.parametrize("rule", RULE_IDS)
def test_every_rule_has_a_name_for_alert_subjects(rule) -> None:
    """An alert's subject names its rule; a person never reads the rule id."""
    from service.alerts.wording import rule_name

    assert rule_name(rule, "en") != rule and rule_name(rule, "nl") != rule


SECOND_PERSON_EN = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
SECOND_PERSON_NL = re.compile(r"\b(je|jij|jou|jouw|jezelf|u|uw)\b", re.IGNORECASE)


@pytest.mark.parametrize(("name", "template"), TEMPLATES, ids=[n for n, _ in TEMPLATES])
def test_every_template_has_a_staff_form_about_the_athlete(name, template) -> None:
    """A coach or physiotherapist reads the finding about the athlete ("Anna reported …"),
    never addressed as if they were the runner."""
    staff = staff_form(template)
    assert staff is not None, name
    assert placeholders(staff.en) == placeholders(staff.nl)
    assert placeholders(staff.en) <= placeholders(template.en) | {"athlete"}
    assert not SECOND_PERSON_EN.search(staff.en), staff.en
    assert not SECOND_PERSON_NL.search(staff.nl), staff.nl


@pytest.mark.parametrize("rule", CATALOGUE)
def test_every_finding_carries_its_staff_form(rule) -> None:
    scenario, _ = CATALOGUE[rule]
    for finding in run_scenario(parse_scenario(scenario)):
        staff = finding.message.staff
        assert staff is not None, finding.rule
        for lang, second_person in (("en", SECOND_PERSON_EN), ("nl", SECOND_PERSON_NL)):
            text = getattr(staff, lang)
            assert not second_person.search(text), text
            key = (finding.rule, finding.severity.value)
            for name in NAMED_WHEN.get(key, NAMED[finding.rule]):
                if name in finding.values:
                    assert format_value(name, finding.values[name], lang) in text, (name, text)
        assert "{athlete}" in staff.en + staff.nl


def test_a_red_flag_reads_about_the_athlete_for_staff() -> None:
    text = render(
        care_texts.RUPTURE,
        reported=render(
            care_texts.JOIN_AND,
            first=care_texts.SNAP_IN[None],
            second=care_texts.PUSH_OFF,
        ),
        torn=care_texts.TORN[None],
        day_date=dt.date(2026, 3, 3),
    )
    assert text.nl.startswith("Je meldde op 3 maart een plots knappend gevoel in je kuit")
    assert text.staff is not None
    assert text.staff.nl.startswith(
        "{athlete} meldde op 3 maart een plots knappend gevoel in de kuit of achillespees en "
        "niet meer te kunnen afzetten"
    )
    assert text.staff.en.startswith("On 3 March {athlete} reported a sudden snap in the calf")
    assert format_value("region", "shin", "en", staff=True) == "the shin"
