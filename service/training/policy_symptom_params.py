"""Thresholds of the symptom, questionnaire and referral rules (see :mod:`policy_params`)."""

from __future__ import annotations

from dataclasses import dataclass

from service.training.findings import LocalizedText as Text
from service.training.policy_params import PHYSIO, number

SILBERNAGEL_CEILING = Text(
    "Pain-monitoring model (Silbernagel et al. 2007): pain during or after running may reach "
    "5/10, no more; a physio may set 3 to 5.",
    "Pijnmonitoringsmodel (Silbernagel e.a. 2007): pijn tijdens of na het lopen mag tot 5/10, "
    "niet hoger; een fysiotherapeut kan 3 tot 5 instellen.",
)
SILBERNAGEL_MORNING = Text(
    "Morning pain and stiffness must not rise (Silbernagel et al. 2007); the baseline is the "
    "median of the last recorded mornings.",
    "Ochtendpijn en -stijfheid mogen niet toenemen (Silbernagel e.a. 2007); de basislijn is de "
    "mediaan van de laatst geregistreerde ochtenden.",
)
MIN_MORNINGS = Text(
    "With fewer recorded mornings than this there is no baseline yet (product choice).",
    "Met minder geregistreerde ochtenden dan dit is er nog geen basislijn (productkeuze).",
)
SILBERNAGEL_WEEK = Text(
    "Pain must not increase from week to week (Silbernagel et al. 2007).",
    "Pijn mag niet van week tot week toenemen (Silbernagel e.a. 2007).",
)
CREEPING = Text(
    "Pain that creeps up by a point a week never jumps, but adds up: a rise over two or three "
    "weeks counts as well (design choice after Silbernagel et al. 2007).",
    "Pijn die elke week een punt oploopt, springt nooit, maar telt wel op: ook een stijging over "
    "twee of drie weken telt (ontwerpkeuze naar Silbernagel e.a. 2007).",
)
WEEK_VALUES = Text(
    "Without a weekly pain answer, a week's pain is the mean of its morning and after-run "
    "answers when at least this many exist (one bad morning is not a week).",
    "Zonder wekelijks pijnantwoord is de pijn van een week het gemiddelde van de ochtend- en "
    "na-het-lopen-antwoorden als er minstens zoveel zijn (één slechte ochtend is geen week).",
)
ACHILLES_TWO_WEEKS = Text(
    "Dutch physiotherapy advice: contact your physio when Achilles pain does not fall within "
    "two weeks.",
    "Advies uit de fysiotherapie: neem contact op met je fysiotherapeut als de pijn aan de "
    "achillespees niet binnen twee weken minder wordt.",
)
ACHILLES_RESUME = Text(
    "Dutch physiotherapy advice: contact your physio when Achilles pain rises as soon as "
    "training resumes.",
    "Advies uit de fysiotherapie: neem contact op als de pijn direct toeneemt bij het hervatten "
    "van de training.",
)
REST_HEEL_SHIN = Text(
    "Dutch physiotherapy advice: rest heel and shin complaints at most three weeks, then consult "
    "rather than rest longer.",
    "Advies uit de fysiotherapie: geef hiel- en scheenbeenklachten maximaal drie weken rust en "
    "neem daarna contact op in plaats van langer te rusten.",
)
REST_KNEE = Text(
    "Dutch physiotherapy advice: rest the knee at most two weeks, then consult.",
    "Advies uit de fysiotherapie: geef de knie maximaal twee weken rust en neem daarna contact op.",
)
REST_REGION = Text(
    "Dutch physiotherapy advice: relative rest of one to three weeks (Achilles, ankle, outside "
    "of the knee, groin) or the first days after a muscle tear (calf, hamstring), then build up "
    "or consult rather than rest longer.",
    "Advies uit de fysiotherapie: een tot drie weken relatieve rust (achillespees, enkel, "
    "buitenkant knie, lies) of de eerste dagen na een spierscheur (kuit, hamstring), daarna "
    "opbouwen of contact opnemen in plaats van langer te rusten.",
)
OSTRC = Text(
    "A substantial problem (OSTRC-O2, Clarsen et al. 2013/2020) in consecutive weeks calls for "
    "a physio's assessment.",
    "Een aanzienlijk probleem (OSTRC-O2, Clarsen e.a. 2013/2020) in opeenvolgende weken vraagt "
    "om beoordeling door een fysiotherapeut.",
)
OSTRC_RISING = Text(
    "A severity score (OSTRC-O2) that rises with every weekly questionnaire over this many "
    "questionnaires in a row also calls for a physio's assessment (Clarsen et al. 2020).",
    "Een ernstscore (OSTRC-O2) die bij elke wekelijkse vragenlijst stijgt, over zoveel "
    "vragenlijsten op rij, vraagt ook om beoordeling door een fysiotherapeut (Clarsen e.a. 2020).",
)
VISA_A_MCID = Text(
    "Smallest change in VISA-A that matters: 14 points over 12 weeks and 7 over 24 weeks in a "
    "Dutch cohort (JOSPT 2021); 10 by default.",
    "Kleinste relevante verandering van de VISA-A: 14 punten over 12 weken en 7 over 24 weken "
    "in een Nederlands cohort (JOSPT 2021); standaard 10.",
)
VISA_A_BUILD_UP = Text(
    "Below this VISA-A score, or within a few days of a warning about the tendon, good news "
    "does not mean building up yet (design choice; 100 = no symptoms).",
    "Onder deze VISA-A-score, of binnen enkele dagen na een waarschuwing over de pees, betekent "
    "goed nieuws nog niet verder opbouwen (ontwerpkeuze; 100 = geen klachten).",
)


@dataclass(frozen=True, slots=True)
class DuringOrAfterRun:
    ceiling: float = number(5, 3, 5, "pain 0–10", PHYSIO, SILBERNAGEL_CEILING)


@dataclass(frozen=True, slots=True)
class NextMorning:
    baseline_mornings: int = number(7, 3, 14, "mornings", PHYSIO, SILBERNAGEL_MORNING, whole=True)
    min_mornings: int = number(3, 2, 7, "mornings", PHYSIO, MIN_MORNINGS, whole=True)


@dataclass(frozen=True, slots=True)
class WeeklyTrend:
    rise_points: float = number(1, 0.5, 2, "pain points", PHYSIO, SILBERNAGEL_WEEK)
    warning_rise_points: float = number(2, 2, 5, "pain points", PHYSIO, SILBERNAGEL_WEEK)
    creep_points: float = number(2, 1, 4, "pain points", PHYSIO, CREEPING)
    three_week_points: float = number(3, 2, 6, "pain points", PHYSIO, CREEPING)
    min_values: int = number(3, 2, 7, "answers", PHYSIO, WEEK_VALUES, whole=True)


@dataclass(frozen=True, slots=True)
class AchillesNotImproving:
    days: int = number(14, 7, 42, "days", PHYSIO, ACHILLES_TWO_WEEKS, whole=True)
    pause_days: int = number(7, 3, 21, "days", PHYSIO, ACHILLES_RESUME, whole=True)
    resume_window_days: int = number(7, 3, 14, "days", PHYSIO, ACHILLES_RESUME, whole=True)


@dataclass(frozen=True, slots=True)
class RestTooLong:
    """Longest relative rest per region (DOMAIN §1.6.3); ``knee_days`` is the front of the knee,
    ``heel_shin_days`` the heel or foot and the shin; the lower back has no limit."""

    heel_shin_days: int = number(21, 14, 42, "days", PHYSIO, REST_HEEL_SHIN, whole=True)
    knee_days: int = number(14, 7, 28, "days", PHYSIO, REST_KNEE, whole=True)
    achilles_days: int = number(21, 14, 42, "days", PHYSIO, REST_REGION, whole=True)
    ankle_days: int = number(21, 14, 42, "days", PHYSIO, REST_REGION, whole=True)
    calf_days: int = number(14, 7, 28, "days", PHYSIO, REST_REGION, whole=True)
    knee_outside_days: int = number(21, 14, 42, "days", PHYSIO, REST_REGION, whole=True)
    hamstring_days: int = number(14, 7, 28, "days", PHYSIO, REST_REGION, whole=True)
    groin_days: int = number(21, 14, 42, "days", PHYSIO, REST_REGION, whole=True)


@dataclass(frozen=True, slots=True)
class OstrcSubstantial:
    referral_weeks: int = number(2, 2, 4, "weeks", PHYSIO, OSTRC, whole=True)
    rising_sets: int = number(3, 3, 5, "questionnaires", PHYSIO, OSTRC_RISING, whole=True)


@dataclass(frozen=True, slots=True)
class VisaAChange:
    mcid: float = number(10, 6.5, 15, "points", PHYSIO, VISA_A_MCID)
    build_up_score: float = number(80, 60, 95, "points", PHYSIO, VISA_A_BUILD_UP)
    recent_days: int = number(7, 3, 14, "days", PHYSIO, VISA_A_BUILD_UP, whole=True)
