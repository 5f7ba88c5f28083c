"""Red flags: ``red_flag.rupture`` and ``red_flag.thrombosis`` (DOMAIN §1.3, §1.4).

Wording follows the Dutch physiotherapy material: a sudden snap in the calf or Achilles, or being
unable to push off or stand on the toes, is a reason to seek help as soon as possible (TopFysio
Leeuwarden, achillespeesruptuur); a warm, red, swollen calf some days after a calf tear means going
to the GP straight away (Dijkstra Fysiotherapie, zweepslag).
"""

from __future__ import annotations

from service.training.findings import Finding, Severity
from service.training.messages import render
from service.training.messages import symptom_texts as texts
from service.training.rules.common import make_finding
from service.training.rules.inputs import RuleInputs
from service.training.symptoms import RedFlag

RUPTURE_SOURCE = "Dutch physiotherapy advice (TopFysio Leeuwarden, achillespeesruptuur)"
THROMBOSIS_SOURCE = "Dutch physiotherapy advice (Dijkstra Fysiotherapie, zweepslag)"


def red_flags(inputs: RuleInputs) -> list[Finding]:
    """Urgent, on the day reported: rupture signs, and signs of thrombosis after a calf tear."""
    findings = []
    for report in inputs.red_flags:
        snap = RedFlag.SUDDEN_SNAP in report.flags
        push_off = RedFlag.CANNOT_PUSH_OFF in report.flags
        if snap or push_off:
            values = {"sudden_snap": int(snap), "cannot_push_off": int(push_off)}
            if snap and push_off:
                reported = render(
                    texts.JOIN_AND, first=texts.RUPTURE_SNAP, second=texts.RUPTURE_PUSH_OFF
                )
            else:
                reported = texts.RUPTURE_SNAP if snap else texts.RUPTURE_PUSH_OFF
            message = render(texts.RUPTURE, reported=reported)
            findings.append(
                make_finding(
                    "red_flag.rupture",
                    Severity.URGENT,
                    report.day,
                    message,
                    RUPTURE_SOURCE,
                    values,
                    report.region,
                )
            )
        if RedFlag.CALF_WARM_RED_SWOLLEN in report.flags:
            findings.append(
                make_finding(
                    "red_flag.thrombosis",
                    Severity.URGENT,
                    report.day,
                    render(texts.THROMBOSIS),
                    THROMBOSIS_SOURCE,
                    {"calf_warm_red_swollen": 1},
                    report.region,
                )
            )
    return findings
