"""Red flags: ``red_flag.rupture``, ``red_flag.thrombosis``, ``red_flag.fracture`` and
``referral.call_physio_now`` (DOMAIN §1.3, §1.6.3, §1.6.4).

Wording follows the Dutch physiotherapy material: a sudden snap in the calf or Achilles, or being
unable to push off or stand on the toes, is a reason to seek help as soon as possible (TopFysio
Leeuwarden, achillespeesruptuur); a warm, red, swollen calf some days after a calf tear means going
to the GP straight away (Dijkstra Fysiotherapie, zweepslag); doubt about a fracture after an ankle
injury means going straight to the emergency department, and a lower back that blocks all
movement means calling the physiotherapist at once (idem). Every report raises its finding: an
urgent finding is never held back by a cooldown. A snap in the hamstring is a muscle injury, not a
rupture (:mod:`.episode_rules`).
"""

from __future__ import annotations

from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import care_texts as texts
from service.training.messages import region_care, render
from service.training.rules.common import make_finding
from service.training.rules.inputs import RuleInputs
from service.training.symptoms import RedFlag, RedFlagReport, Region

RUPTURE_SOURCE = "Dutch physiotherapy advice (TopFysio Leeuwarden, achillespeesruptuur)"
THROMBOSIS_SOURCE = "Dutch physiotherapy advice (Dijkstra Fysiotherapie, zweepslag)"
FRACTURE_SOURCE = "Dutch physiotherapy advice (Dijkstra Fysiotherapie, enkelverstuiking)"
BACK_SOURCE = "Dutch physiotherapy advice (Dijkstra Fysiotherapie, lage rug)"
RUPTURE_REGIONS = frozenset({Region.ACHILLES, Region.CALF})
FRACTURE_REGIONS = frozenset({Region.ANKLE, Region.HEEL_FOOT, Region.SHIN})


def red_flags(inputs: RuleInputs) -> list[Finding]:
    """Urgent, on the day reported: rupture signs (Achilles, calf or no region), thrombosis signs,
    a possible fracture (ankle, heel or foot, shin, or no region); a referral to call the
    physiotherapist now when the lower back (or no region) blocks all movement."""
    findings: list[Finding] = []
    for report in inputs.red_flags:
        findings.extend(_report_findings(report))
    return findings


def _report_findings(report: RedFlagReport) -> list[Finding]:
    found = []
    region = report.region
    if report.flags & {RedFlag.SUDDEN_SNAP, RedFlag.CANNOT_PUSH_OFF} and (
        region is None or region in RUPTURE_REGIONS
    ):
        found.append(_rupture(report))
    if RedFlag.CALF_WARM_RED_SWOLLEN in report.flags:
        message = render(texts.THROMBOSIS, day_date=report.day)
        found.append(
            _urgent(
                "red_flag.thrombosis", report, message, THROMBOSIS_SOURCE, "calf_warm_red_swollen"
            )
        )
    if RedFlag.CANNOT_BEAR_WEIGHT in report.flags and (
        region is None or region in FRACTURE_REGIONS
    ):
        lead = texts.FRACTURE if region is not None else texts.FRACTURE_NO_REGION
        message = render(lead, day_date=report.day, region_pain=region)
        found.append(
            _urgent("red_flag.fracture", report, message, FRACTURE_SOURCE, "cannot_bear_weight")
        )
    if RedFlag.CANNOT_MOVE in report.flags and region in (None, Region.LOW_BACK):
        message = render(texts.CALL_PHYSIO, *region_care(Region.LOW_BACK), day_date=report.day)
        found.append(
            make_finding(
                "referral.call_physio_now",
                Severity.REFERRAL,
                report.day,
                message,
                BACK_SOURCE,
                {"cannot_move": 1},
                region,
            )
        )
    return found


def _urgent(
    rule: str, report: RedFlagReport, message: LocalizedText, source: str, flag: str
) -> Finding:
    return make_finding(
        rule, Severity.URGENT, report.day, message, source, {flag: 1}, report.region
    )


def _rupture(report: RedFlagReport) -> Finding:
    snap = RedFlag.SUDDEN_SNAP in report.flags
    push_off = RedFlag.CANNOT_PUSH_OFF in report.flags
    values = {"sudden_snap": int(snap), "cannot_push_off": int(push_off)}
    snap_text = texts.SNAP_IN[report.region]
    if snap and push_off:
        reported = render(texts.JOIN_AND, first=snap_text, second=texts.PUSH_OFF)
    else:
        reported = snap_text if snap else texts.PUSH_OFF
    message = render(
        texts.RUPTURE, reported=reported, torn=texts.TORN[report.region], day_date=report.day
    )
    return make_finding(
        "red_flag.rupture",
        Severity.URGENT,
        report.day,
        message,
        RUPTURE_SOURCE,
        values,
        report.region,
    )
