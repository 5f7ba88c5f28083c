"""Advice thresholds as typed parameters: default, allowed range, who may change it, evidence.

One frozen dataclass per rule (DOMAIN §1.4); each field carries a :class:`ParamSpec` in its
metadata, so the default, the range (DOMAIN §9, or a product choice where §9 gives none) and the
evidence note live in one place. This module holds the load rules; the symptom rules are in
:mod:`service.training.policy_symptom_params`; :mod:`service.training.policy` validates overrides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from service.training.findings import LocalizedText as Text
from service.training.measures import MEASURES


class Role(StrEnum):
    """Who may change a parameter for an athlete (DOMAIN §9)."""

    COACH = "coach"
    PHYSIO = "physio"
    ADMIN = "admin"


COACH = frozenset({Role.COACH})
PHYSIO = frozenset({Role.PHYSIO})
COACH_PHYSIO = frozenset({Role.COACH, Role.PHYSIO})
ADMIN = frozenset({Role.ADMIN})


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """A parameter's contract: a number in ``low``..``high`` (inclusive), or one of ``choices``."""

    default: float | str
    unit: str
    changed_by: frozenset[Role]
    evidence: Text
    low: float = 0.0
    high: float = 0.0
    whole: bool = False
    choices: tuple[str, ...] = ()


def number(
    default: float,
    low: float,
    high: float,
    unit: str,
    changed_by: frozenset[Role],
    evidence: Text,
    *,
    whole: bool = False,
) -> Any:
    """A numeric dataclass field with its spec (``whole`` for counts of days, weeks, mornings)."""
    spec = ParamSpec(default, unit, changed_by, evidence, low, high, whole)
    return field(default=default, metadata={"spec": spec})


def measure_choice(evidence: Text) -> Any:
    """Which load measure a rule reads; running distance by default (DOMAIN §9)."""
    spec = ParamSpec("distance_km", "measure", COACH_PHYSIO, evidence, choices=MEASURES)
    return field(default="distance_km", metadata={"spec": spec})


DAMSTED = Text(
    "Weekly increases of 20–60 % went with more injuries early in a half-marathon block "
    "(Damsted et al. 2019); the 10 % rule showed no effect in a trial (Buist et al. 2008).",
    "Wekelijkse toenames van 20–60 % gingen vroeg in een halvemarathonschema samen met meer "
    "blessures (Damsted e.a. 2019); de 10 %-regel had in een trial geen effect (Buist e.a. 2008).",
)
SMALL_BASE = Text(
    "Below this base a percentage says little (1 → 2 km is +100 %); product choice.",
    "Onder deze basis zegt een percentage weinig (1 → 2 km is +100 %); productkeuze.",
)
ALLOWANCE = Text(
    "Increase allowed over a week below the base, in km (product choice, e.g. +5 km a week).",
    "Toegestane toename per week onder de basis, in km (productkeuze, bijv. +5 km per week).",
)
NIELSEN = Text(
    "Novices who progressed more than 30 % over two weeks seemed more vulnerable to "
    "distance-related injuries (Nielsen et al. 2014, JOSPT; weak evidence).",
    "Beginners die in twee weken meer dan 30 % opbouwden leken kwetsbaarder voor "
    "afstandsgerelateerde blessures (Nielsen e.a. 2014, JOSPT; zwak bewijs).",
)
FRANDSEN = Text(
    "Runs longer than the longest of the previous 30 days: hazard ratio 1.64 for 10–30 %, 1.52 "
    "for 30–100 % and 2.28 for more than double (Frandsen et al. 2025, 5,205 runners).",
    "Lopen langer dan de langste van de vorige 30 dagen: hazard ratio 1,64 bij 10–30 %, 1,52 bij "
    "30–100 % en 2,28 bij meer dan het dubbele (Frandsen e.a. 2025, 5205 lopers).",
)
JANDACKA = Text(
    "More running distance went with Achilles tendinopathy onset, OR 1.67 (Jandacka et al. "
    "2025); the athlete's own 90th percentile of about six months marks unusually high weeks.",
    "Meer hardloopkilometers hingen samen met het ontstaan van achillespeesklachten, OR 1,67 "
    "(Jandacka e.a. 2025); het eigen 90e percentiel over zes maanden markeert zware weken.",
)
TENDON_HISTORY = Text(
    "Days of history needed before a percentile of the athlete's weeks means anything.",
    "Aantal dagen historie voordat een percentiel van de eigen weken iets betekent.",
)
CAP = Text(
    "A coach's own cap on 7-day running distance, in km; 0 means no cap.",
    "Een eigen maximum van de coach voor de loopafstand over 7 dagen, in km; 0 is geen maximum.",
)
GABBETT = Text(
    "Team-sport 'danger zone' of 1.5 (Gabbett 2016), or 1.8 uncoupled (Windt & Gabbett 2019); "
    "not validated for runners, so shown as context only (Impellizzeri et al. 2020).",
    "'Gevarenzone' van 1,5 uit teamsporten (Gabbett 2016), of 1,8 ontkoppeld (Windt & Gabbett "
    "2019); niet gevalideerd voor lopers, dus alleen als context (Impellizzeri e.a. 2020).",
)
MEASURE = Text(
    "Load measure the rule reads; running distance is the measure with runner evidence.",
    "Belastingsmaat die de regel leest; hardloopafstand is de maat met bewijs bij lopers.",
)
FOSTER = Text(
    "Monotony above 2.0 and strain above the athlete's own usual range went with illness "
    "(Foster 1998); the thresholds are individual.",
    "Monotonie boven 2,0 en strain boven het eigen gebruikelijke niveau gingen samen met ziekte "
    "(Foster 1998); de drempels zijn individueel.",
)
BREAK = Text(
    "After a break the ratios are dominated by the empty weeks (acwr break check), so return "
    "guidance replaces them.",
    "Na een pauze worden de verhoudingen bepaald door de lege weken (acwr-pauzecontrole); daarom "
    "komt er advies voor de terugkeer in de plaats.",
)
RETURN_DISCOUNT = Text(
    "In the weeks after a break, a run and a week are compared with the longest run and the "
    "weekly distance from before the break, lowered by this share for every whole week of the "
    "break (design choice; tendons lose load capacity during a break).",
    "In de weken na een pauze worden een loop en een week vergeleken met de langste loop en de "
    "weekafstand van voor de pauze, verlaagd met dit deel voor elke hele week pauze "
    "(ontwerpkeuze; pezen verliezen belastbaarheid tijdens een pauze).",
)
RETURN_WINDOW = Text(
    "Days after the first run back in which the pre-break references replace the usual "
    "comparisons.",
    "Aantal dagen na de eerste loop na een pauze waarin de referenties van voor de pauze de "
    "gewone vergelijkingen vervangen.",
)
SPIKE_HISTORY = Text(
    "Days of history needed before a run is compared with the longest of the past 30 days: "
    "earlier, the longest run is not yet known.",
    "Aantal dagen historie voordat een loop wordt vergeleken met de langste van de afgelopen 30 "
    "dagen: eerder is de langste loop nog niet bekend.",
)
STEADY = Text(
    "Monotony is news only when the past 7 days were also heavier than usual: the 7-day average "
    "above this multiple of the 28-day average (a steady runner's flat weeks are not news).",
    "Monotonie is pas nieuws als de afgelopen 7 dagen ook zwaarder waren dan gewoonlijk: het "
    "7-daagse gemiddelde boven dit veelvoud van het 28-daagse gemiddelde.",
)
STALE = Text(
    "Hours without a successful sync before load advice is held back (operations choice).",
    "Aantal uren zonder geslaagde synchronisatie voordat belastingsadvies wordt aangehouden.",
)


@dataclass(frozen=True, slots=True)
class WeeklyProgression:
    caution_pct: float = number(20, 10, 30, "%", COACH_PHYSIO, DAMSTED)
    min_base_km: float = number(10, 5, 20, "km", COACH, SMALL_BASE)
    allowance_km: float = number(5, 2, 10, "km", COACH, ALLOWANCE)
    two_week_pct: float = number(30, 20, 50, "%", COACH_PHYSIO, NIELSEN)
    two_week_min_base_km: float = number(20, 10, 40, "km", COACH, SMALL_BASE)


@dataclass(frozen=True, slots=True)
class SessionSpike:
    caution_pct: float = number(10, 5, 30, "%", COACH_PHYSIO, FRANDSEN)
    warning_pct: float = number(30, 15, 60, "%", COACH_PHYSIO, FRANDSEN)
    double_pct: float = number(100, 60, 150, "%", COACH_PHYSIO, FRANDSEN)
    min_history_days: int = number(28, 14, 56, "days", COACH, SPIKE_HISTORY, whole=True)


@dataclass(frozen=True, slots=True)
class HighForTendonRisk:
    percentile: float = number(90, 75, 95, "percentile", COACH_PHYSIO, JANDACKA)
    history_days: int = number(182, 84, 365, "days", COACH, JANDACKA, whole=True)
    min_history_days: int = number(56, 28, 112, "days", COACH, TENDON_HISTORY, whole=True)
    cap_km: float = number(0, 0, 300, "km", COACH_PHYSIO, CAP)


@dataclass(frozen=True, slots=True)
class AcwrContext:
    rolling_high: float = number(1.5, 1.2, 2.0, "ratio", COACH, GABBETT)
    uncoupled_high: float = number(1.8, 1.3, 3.0, "ratio", COACH, GABBETT)
    measure: str = measure_choice(MEASURE)


@dataclass(frozen=True, slots=True)
class MonotonyStrain:
    monotony_high: float = number(2.0, 1.5, 3.0, "ratio", COACH, FOSTER)
    strain_percentile: float = number(90, 75, 95, "percentile", COACH, FOSTER)
    strain_history_days: int = number(84, 56, 182, "days", COACH, FOSTER, whole=True)
    min_strain_values: int = number(28, 14, 56, "days", COACH, FOSTER, whole=True)
    measure: str = measure_choice(MEASURE)
    acute_over_chronic: float = number(1.1, 1.0, 1.5, "ratio", COACH, STEADY)


@dataclass(frozen=True, slots=True)
class ReturnFromBreak:
    break_days: int = number(14, 7, 28, "days", COACH, BREAK, whole=True)
    hide_ratio_days: int = number(28, 14, 42, "days", COACH, BREAK, whole=True)
    window_days: int = number(28, 14, 42, "days", COACH_PHYSIO, RETURN_WINDOW, whole=True)
    discount_per_week_pct: float = number(10, 0, 20, "%", COACH_PHYSIO, RETURN_DISCOUNT)


@dataclass(frozen=True, slots=True)
class SyncStale:
    stale_hours: float = number(72, 24, 168, "hours", ADMIN, STALE)
