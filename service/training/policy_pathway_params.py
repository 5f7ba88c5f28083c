"""Thresholds of the region pathways, the episode rules and the data-quality rule (DOMAIN §1.6).

Same shape as :mod:`policy_params`: one frozen dataclass per rule, each field with its
:class:`~service.training.policy_params.ParamSpec` (default, range, roles, evidence).
"""

from __future__ import annotations

from dataclasses import dataclass

from service.training.findings import LocalizedText as Text
from service.training.policy_params import COACH, COACH_PHYSIO, PHYSIO, number

NOT_IMPROVING = Text(
    "Dutch physiotherapy advice: contact your physio when heel, shin, knee or groin pain has not "
    "gone down after relative rest of up to three weeks (the front of the knee two, the lower "
    "back two).",
    "Advies uit de fysiotherapie: neem contact op met je fysiotherapeut als pijn aan hiel, "
    "scheenbeen, knie of lies na relatieve rust van maximaal drie weken niet minder is (voorkant "
    "knie twee, onderrug twee).",
)
AFTER_TWO_DAYS = Text(
    "Dutch physiotherapy advice: when a calf or hamstring is still painful two days after a "
    "sudden injury and you cannot walk normally, see your physio; after a sprain, a few days "
    "tell whether the pain goes down.",
    "Advies uit de fysiotherapie: is de kuit of hamstring twee dagen na een plotselinge blessure "
    "nog pijnlijk en loop je niet normaal, ga dan naar je fysiotherapeut; na een verzwikking "
    "laten een paar dagen zien of de pijn afneemt.",
)
MUSCLE_TEAR = Text(
    "A sudden pain at least this high in the calf or hamstring is treated as a possible muscle "
    "tear ('zweepslag'): the first two days of rest, ice, compression and elevation.",
    "Een plotselinge pijn van minstens deze hoogte in de kuit of hamstring wordt behandeld als "
    "mogelijke spierscheur (zweepslag): de eerste twee dagen rust, ijs, compressie en hoog "
    "leggen.",
)
BRACE = Text(
    "After an Achilles rupture the first six weeks are spent in a brace; active rehabilitation "
    "starts after that (TopFysio Leeuwarden).",
    "Na een achillespeesruptuur loop je de eerste zes weken in een brace; daarna begint de "
    "actieve revalidatie (TopFysio Leeuwarden).",
)
COLLAGEN = Text(
    "Tendon collagen synthesis peaks about a day after loading and stays raised for about three "
    "days (Magnusson et al. 2010): two long runs in a row give the tendon no time in between.",
    "De aanmaak van collageen in de pees piekt ongeveer een dag na belasting en blijft zo'n drie "
    "dagen verhoogd (Magnusson e.a. 2010): twee lange lopen achter elkaar geven de pees geen tijd.",
)
OUTLIER = Text(
    "A day far above the athlete's usual training days is more often a unit mix-up or a watch "
    "left running than training; it is confirmed before rules use it.",
    "Een dag ver boven de gebruikelijke trainingsdagen is vaker een verwisselde eenheid of een "
    "doorgelopen horloge dan training; eerst bevestigen.",
)


@dataclass(frozen=True, slots=True)
class RegionNotImproving:
    """Days from an episode's first day before pain that has not gone down leads to a referral
    (DOMAIN §1.6.3); ``*_sudden_days`` apply to an episode with a sudden onset."""

    heel_foot_days: int = number(21, 14, 42, "days", PHYSIO, NOT_IMPROVING, whole=True)
    ankle_days: int = number(21, 14, 42, "days", PHYSIO, NOT_IMPROVING, whole=True)
    ankle_sudden_days: int = number(3, 1, 7, "days", PHYSIO, AFTER_TWO_DAYS, whole=True)
    shin_days: int = number(21, 14, 42, "days", PHYSIO, NOT_IMPROVING, whole=True)
    calf_days: int = number(21, 14, 42, "days", PHYSIO, NOT_IMPROVING, whole=True)
    calf_sudden_days: int = number(2, 1, 7, "days", PHYSIO, AFTER_TWO_DAYS, whole=True)
    knee_front_days: int = number(14, 7, 28, "days", PHYSIO, NOT_IMPROVING, whole=True)
    knee_outside_days: int = number(21, 14, 42, "days", PHYSIO, NOT_IMPROVING, whole=True)
    hamstring_days: int = number(21, 14, 42, "days", PHYSIO, NOT_IMPROVING, whole=True)
    hamstring_sudden_days: int = number(2, 1, 7, "days", PHYSIO, AFTER_TWO_DAYS, whole=True)
    groin_days: int = number(21, 14, 42, "days", PHYSIO, NOT_IMPROVING, whole=True)
    low_back_days: int = number(14, 7, 28, "days", PHYSIO, NOT_IMPROVING, whole=True)


@dataclass(frozen=True, slots=True)
class AcuteMuscleInjury:
    min_pain: float = number(5, 3, 8, "pain 0–10", PHYSIO, MUSCLE_TEAR)


@dataclass(frozen=True, slots=True)
class EpisodeRupture:
    brace_weeks: int = number(6, 4, 12, "weeks", PHYSIO, BRACE, whole=True)


@dataclass(frozen=True, slots=True)
class BackToBackTendon:
    share_pct: float = number(25, 15, 50, "%", COACH_PHYSIO, COLLAGEN)


@dataclass(frozen=True, slots=True)
class OutlierDay:
    factor: float = number(3, 2, 5, "ratio", COACH, OUTLIER)
    percentile: float = number(95, 90, 99, "percentile", COACH, OUTLIER)
    history_days: int = number(182, 84, 365, "days", COACH, OUTLIER, whole=True)
    min_training_days: int = number(28, 14, 56, "days", COACH, OUTLIER, whole=True)
