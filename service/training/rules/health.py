"""``health.illness`` and ``episode.rupture_risk_medication`` (DOMAIN §1.6.4).

Being ill ("grieperig") lowers load tolerance (Dijkstra Fysiotherapie, zweepslag); corticosteroids,
fluoroquinolone antibiotics and long-term statins can make tendons more vulnerable and raise the
risk of an Achilles rupture (TopFysio Leeuwarden, achillespeesruptuur).
"""

from __future__ import annotations

from service.training.findings import Finding, LocalizedText, Severity
from service.training.messages import care_texts as texts
from service.training.messages import region_care, render
from service.training.messages.staff_texts import staff_form
from service.training.rules.common import make_finding
from service.training.rules.inputs import AthleteFlag, RuleInputs
from service.training.symptoms import Region

ILLNESS_SOURCE = "Dutch physiotherapy advice (Dijkstra Fysiotherapie, zweepslag: 'grieperig')"
MEDICATION_SOURCE = "Dutch physiotherapy advice (TopFysio Leeuwarden, achillespeesruptuur)"
MEDICATION_FLAGS = (AthleteFlag.CORTICOSTEROID, AthleteFlag.FLUOROQUINOLONE, AthleteFlag.STATIN)


def illness(inputs: RuleInputs) -> list[Finding]:
    """Info on each day the athlete reported feeling ill."""
    return [
        make_finding(
            "health.illness",
            Severity.INFO,
            report.day,
            render(texts.ILLNESS, day_date=report.day),
            ILLNESS_SOURCE,
            {"feeling_ill": 1},
        )
        for report in inputs.illness
        if report.feeling_ill
    ]


def listed(items: list[LocalizedText]) -> LocalizedText:
    """``a``, ``a and b``, ``a, b and c`` in both languages."""
    if len(items) == 1:
        return items[0]
    head = _joined(items[:-1])
    return render(texts.JOIN_AND, first=head, second=items[-1])


def _joined(items: list[LocalizedText]) -> LocalizedText:
    """``a, b`` in both languages, with its staff form when each item has one."""
    en, nl = ", ".join(item.en for item in items), ", ".join(item.nl for item in items)
    forms = [staff_form(item) for item in items]
    staff = None
    if all(form is not None for form in forms):
        kept = [form for form in forms if form is not None]
        staff = LocalizedText(", ".join(f.en for f in kept), ", ".join(f.nl for f in kept))
    return LocalizedText(en, nl, staff=staff)


def rupture_risk_medication(inputs: RuleInputs) -> list[Finding]:
    """Info, once per episode, when an Achilles episode opens while the athlete is flagged as
    using a corticosteroid, a fluoroquinolone or a statin."""
    used = [flag for flag in MEDICATION_FLAGS if flag in inputs.flags]
    if not used:
        return []
    medicines = listed([texts.MEDICINES[flag.value] for flag in used])
    values = {flag.value: 1 for flag in used}
    return [
        make_finding(
            "episode.rupture_risk_medication",
            Severity.INFO,
            episode.opened,
            render(
                texts.RUPTURE_RISK,
                *region_care(Region.ACHILLES),
                day_date=episode.opened,
                medicines=medicines,
            ),
            MEDICATION_SOURCE,
            values,
            Region.ACHILLES,
        )
        for episode in inputs.episodes
        if episode.region is Region.ACHILLES
    ]
