"""What a physio (or the athlete) records about an injury episode (DOMAIN §1.6.2, §1.6.5).

A record names the episode of a region open on its ``opened`` day (or opens one then), and may
give its ``kind``, the day it was ``closed``, clear a suspected rupture (``not_a_rupture``) or
clear the athlete to run from a day (``cleared_to_run``). A record that contradicts itself is
refused with an :class:`InputError` naming the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from service.training.input_errors import InputError
from service.training.symptoms import Region


class EpisodeKind(StrEnum):
    TENDINOPATHY = "tendinopathy"
    RUPTURE = "rupture"
    PLANTAR_HEEL_PAIN = "plantar_heel_pain"
    SPRAIN = "sprain"
    MUSCLE_STRAIN = "muscle_strain"
    OTHER = "other"


def _one_of[E: StrEnum](name: str, value: object, choices: type[E]) -> E:
    try:
        return choices(str(value))
    except ValueError:
        listed = ", ".join(choice.value for choice in choices)
        raise InputError(name, f"must be one of {listed}", f"moet een van {listed} zijn") from None


def _not_before(name: str, day: dt.date | None, opened: dt.date) -> None:
    if day is not None and day < opened:
        raise InputError(name, "must not be before opened", "mag niet voor de startdatum liggen")


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    """What a physio (or the athlete) recorded about an episode: the episode of ``region`` open on
    ``opened`` (or one opening then), its ``kind``, the day it was ``closed``, a suspected rupture
    cleared (``not_a_rupture``) or the day the athlete was ``cleared_to_run``."""

    region: Region
    opened: dt.date
    closed: dt.date | None = None
    kind: EpisodeKind | None = None
    cleared_to_run: dt.date | None = None
    not_a_rupture: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "region", _one_of("region", self.region, Region))
        if self.kind is not None:
            object.__setattr__(self, "kind", _one_of("kind", self.kind, EpisodeKind))
        _not_before("closed", self.closed, self.opened)
        _not_before("cleared_to_run", self.cleared_to_run, self.opened)
        if self.not_a_rupture and self.kind is EpisodeKind.RUPTURE:
            raise InputError(
                "not_a_rupture", "contradicts kind rupture", "spreekt soort rupture tegen"
            )
