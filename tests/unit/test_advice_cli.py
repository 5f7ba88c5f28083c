"""``loadwatch advice check`` (DOMAIN §1.5): one scenario per rule id, and its errors."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from service.cli import app
from service.training.rules import RULE_IDS

from .rules.catalogue import CATALOGUE, DOMAIN_EXAMPLE
from .rules.support import day


def write(tmp_path: Path, scenario: Any, name: str = "scenario.json") -> Path:
    path = tmp_path / name
    text = scenario if isinstance(scenario, str) else json.dumps(scenario)
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["advice", "check", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_the_catalogue_covers_every_rule_the_engine_evaluates() -> None:
    assert set(CATALOGUE) == set(RULE_IDS) - {"data.sync_stale"}


@pytest.mark.parametrize("rule", CATALOGUE)
def test_a_scenario_for_each_rule(tmp_path: Path, rule: str) -> None:
    scenario, expected = CATALOGUE[rule]
    code, out, err = invoke("--input", str(write(tmp_path, scenario)))
    assert (code, err) == (0, "")
    findings = json.loads(out)["findings"]
    got = [(f["rule"], f["severity"], f["date"], f["region"]) for f in findings]
    assert got == [(r, s, day(offset).isoformat(), region) for r, s, offset, region in expected]
    for finding in findings:
        assert set(finding) == {
            "rule",
            "severity",
            "date",
            "region",
            "values",
            "message",
            "source",
            "period_key",
        }
        assert finding["message"]["en"] and finding["message"]["nl"]
        assert finding["period_key"] == finding["date"]
        assert all(isinstance(v, int | float) for v in finding["values"].values())


def test_the_domain_example(tmp_path: Path) -> None:
    code, out, _ = invoke("--input", str(write(tmp_path, DOMAIN_EXAMPLE)))
    assert code == 0
    findings = json.loads(out)["findings"]
    # §1.6.4: six weeks after the suspected rupture, one info with the seed's timeline
    assert [(f["rule"], f["severity"], f["date"]) for f in findings] == [
        ("red_flag.rupture", "urgent", "2026-03-09"),
        ("episode.rupture", "info", "2026-04-20"),
    ]
    assert "plots knappend gevoel" in findings[0]["message"]["nl"]


def test_reads_standard_input_and_keeps_date_order() -> None:
    scenario = copy.deepcopy(DOMAIN_EXAMPLE)
    scenario["checkins"].append({"date": "2026-03-03", "region": "shin", "pain_during": 8})
    code, out, _ = invoke("--input", "-", stdin=json.dumps(scenario))
    assert code == 0
    dates = [f["date"] for f in json.loads(out)["findings"]]
    # §1.6.3 adds the shin's referrals (rest and not-improving timers) after 21 days
    assert dates[:2] == ["2026-03-03", "2026-03-09"] and dates == sorted(dates)


def broken(path: str, value: Any) -> dict[str, Any]:
    """The domain example with one field replaced (path like ``checkins.1.ostrc``)."""
    scenario = copy.deepcopy(DOMAIN_EXAMPLE)
    *parents, last = path.split(".")
    target: Any = scenario
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(last) if last.isdigit() else last] = value
    return scenario


@pytest.mark.parametrize(
    ("scenario", "field"),
    [
        ("{not json", "input"),
        ([], "input"),
        (broken("checkins.1.ostrc", [8, 9, 8, 8]), "checkins[1].ostrc[1]"),
        (broken("checkins.0.date", "02-03-2026"), "checkins[0].date"),
        (broken("checkins.0.morning_pain", 11), "checkins[0].morning_pain"),
        (broken("checkins.2.red_flags", ["snap"]), "checkins[2].red_flags"),
        (
            broken("policy", {"volume.weekly_progression": {"caution_pct": 50}}),
            "policy.volume.weekly_progression.caution_pct",
        ),
        (broken("policy", {"volume.unknown": {}}), "policy.volume.unknown"),
        (
            broken("policy", {"load.monotony_strain": {"measure": "trimp"}})
            | {"athlete": {"timezone": "UTC"}},
            "policy.load.monotony_strain.measure",
        ),
        (broken("athlete.timezone", "Europe/Amsterdamm"), "athlete.timezone"),
        (broken("athlete.flags", ["novice"]), "athlete.flags[0]"),
        (broken("athlete.hr_max", 40), "athlete.hr_max"),
        (broken("activities.0.start", "2026-03-01T08:00:00"), "activities[0].start"),
        (broken("activities.0.sport", "runing"), "activities[0].sport"),
        (broken("activities.0.distance_m", -5), "activities[0].distance_m"),
        (broken("activities.0.rpe", 11), "activities[0].rpe"),
        (broken("activities.0.pace", 5), "activities[0].pace"),
        (broken("evaluate", {"from": "2026-04-30", "to": "2026-03-01"}), "evaluate.to"),
        (broken("evaluate", {"from": "2026-03-01"}), "evaluate.to"),
        ({k: v for k, v in DOMAIN_EXAMPLE.items() if k != "evaluate"}, "evaluate"),
        (broken("extra", 1), "extra"),
    ],
)
def test_invalid_input_is_one_line_naming_the_field(tmp_path: Path, scenario, field) -> None:
    code, out, err = invoke("--input", str(write(tmp_path, scenario)))
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {field}: ")
    assert err.count("\n") == 1


def test_errors_in_dutch(tmp_path: Path) -> None:
    path = write(tmp_path, broken("checkins.0.morning_pain", 11))
    code, out, err = invoke("--input", str(path), "--lang", "nl")
    assert (code, out) == (2, "")
    assert err == "fout: checkins[0].morning_pain: moet van 0 tot en met 10 zijn, maar is 11\n"
    code, _, err = invoke("--input", str(path), "--lang", "de")
    assert code == 2 and err.startswith("error: --lang: ")


def test_a_missing_file(tmp_path: Path) -> None:
    code, out, err = invoke("--input", str(tmp_path / "nope.json"))
    assert (code, out) == (2, "")
    assert err.startswith("error: input: cannot be read")


V2_EXAMPLE: dict[str, Any] = {
    "athlete": {"timezone": "Europe/Amsterdam", "flags": ["statin", "corticosteroid"]},
    "activities": [
        {"start": "2026-03-01T19:30:00-05:00", "sport": "running", "distance_m": 10000,
         "duration_s": 3000, "race": True},
        {"start": "2026-03-03T08:00:00+01:00", "sport": "treadmill_running", "duration_s": 2400},
    ],
    "checkins": [
        {"date": "2026-03-02", "region": "hamstring", "pain_during": 6, "onset": "sudden"},
        {"date": "2026-03-04", "feeling_ill": True},
        {"date": "2026-03-05", "region": "ankle", "red_flags": ["cannot_bear_weight"]},
        {"date": "2026-03-05", "region": "low_back", "red_flags": ["cannot_move"]},
    ],
    "episodes": [
        {"region": "achilles", "opened": "2026-02-15", "kind": "rupture",
         "cleared_to_run": "2026-08-01"},
        {"region": "calf", "opened": "2026-02-20", "not_a_rupture": True, "closed": "2026-02-25"},
    ],
    "confirmed_days": ["2026-03-01"],
    "evaluate": {"from": "2026-03-01", "to": "2026-03-31"},
}  # fmt: skip
"""Every field §1.6.5 adds to the scenario."""


def test_the_advice_v2_input_is_accepted(tmp_path: Path) -> None:
    code, out, err = invoke("--input", str(write(tmp_path, V2_EXAMPLE)))
    assert (code, err) == (0, "")
    found = {(f["rule"], f["date"]) for f in json.loads(out)["findings"]}
    assert {
        ("acute.muscle_injury", "2026-03-02"),
        ("health.illness", "2026-03-04"),
        ("red_flag.fracture", "2026-03-05"),
        ("referral.call_physio_now", "2026-03-05"),
    } <= found


def v2_broken(path: str, value: Any) -> dict[str, Any]:
    scenario = copy.deepcopy(V2_EXAMPLE)
    *parents, last = path.split(".")
    target: Any = scenario
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(last) if last.isdigit() else last] = value
    return scenario


@pytest.mark.parametrize(
    ("scenario", "field"),
    [
        (v2_broken("episodes.1.closed", "2026-02-19"), "episodes[1].closed"),
        (v2_broken("episodes.0.cleared_to_run", "2026-02-01"), "episodes[0].cleared_to_run"),
        (v2_broken("episodes.0.kind", "snap"), "episodes[0].kind"),
        (v2_broken("episodes.0.region", "knee"), "episodes[0].region"),
        (v2_broken("episodes.0.opened", "15-02-2026"), "episodes[0].opened"),
        (v2_broken("episodes.0.severity", 3), "episodes[0].severity"),
        (v2_broken("episodes.1.not_a_rupture", "yes"), "episodes[1].not_a_rupture"),
        (v2_broken("episodes.0.not_a_rupture", True), "episodes[0].not_a_rupture"),
        ({**V2_EXAMPLE, "episodes": [{"opened": "2026-02-15"}]}, "episodes[0].region"),
        ({**V2_EXAMPLE, "episodes": {"region": "calf"}}, "episodes"),
        (v2_broken("checkins.2.red_flags", ["cannot_walk"]), "checkins[2].red_flags"),
        (v2_broken("checkins.0.onset", "slow"), "checkins[0].onset"),
        ({**V2_EXAMPLE, "checkins": [{"date": "2026-03-02", "onset": "sudden", "pain_week": 2}]},
         "checkins[0].region"),
        ({**V2_EXAMPLE, "checkins": [{"date": "2026-03-02", "region": "calf",
                                      "onset": "sudden"}]}, "checkins[0]"),
        (v2_broken("checkins.1.feeling_ill", "yes"), "checkins[1].feeling_ill"),
        (v2_broken("activities.0.race", "yes"), "activities[0].race"),
        (v2_broken("activities.0.start", "2026-03-01T19:30:00+19:00"), "activities[0].start"),
        (v2_broken("athlete.flags", ["aspirin"]), "athlete.flags[0]"),
        (v2_broken("confirmed_days", ["1 March"]), "confirmed_days[0]"),
        (v2_broken("confirmed_days", "2026-03-01"), "confirmed_days"),
    ],
)  # fmt: skip
def test_invalid_advice_v2_input_is_one_line_naming_the_field(
    tmp_path: Path, scenario, field
) -> None:
    code, out, err = invoke("--input", str(write(tmp_path, scenario)))
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {field}: ")
    assert err.count("\n") == 1
