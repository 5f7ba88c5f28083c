"""What a rule produces: a Finding, its severity scale and its message in two languages (§1.4)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from service.training.symptoms import Region


class Severity(StrEnum):
    """``info`` < ``caution`` < ``warning`` < ``referral`` < ``urgent``; compare with ``rank``."""

    INFO = "info"
    CAUTION = "caution"
    WARNING = "warning"
    REFERRAL = "referral"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = tuple(Severity)


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """One text a person reads, in English and Dutch; both are always present.

    ``staff`` is the same text as a coach or physiotherapist reads it: about the athlete, who is
    named by the placeholder ``{athlete}``, rather than addressed. A rendered message carries it
    when every part of it has one (:func:`service.training.messages.render`).
    """

    en: str
    nl: str
    staff: LocalizedText | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.en.strip() or not self.nl.strip():
            raise ValueError("a message needs both an English and a Dutch text")

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "nl": self.nl}


FindingValue = float | int
"""Values are named numbers; floats are rounded to two decimals when the finding is built."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of advice for one athlete on one local day.

    ``period_key`` identifies the cooldown window the finding opened (the ISO date it opened), so
    storage can keep one row per athlete + rule + region + period and a repeat changes nothing.
    ``values`` holds the numbers that fired the rule, by name; ``source`` is a short citation.
    """

    rule: str
    severity: Severity
    date: dt.date
    region: Region | None
    values: Mapping[str, FindingValue] = field(hash=False)
    message: LocalizedText
    source: str
    period_key: str

    def to_json(self) -> dict[str, Any]:
        """The finding as the API, the CLI and the exports show it."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "date": self.date.isoformat(),
            "region": self.region.value if self.region is not None else None,
            "values": dict(self.values),
            "message": self.message.as_dict(),
            "source": self.source,
            "period_key": self.period_key,
        }

    @property
    def order_key(self) -> tuple[dt.date, str, str]:
        """Date order, then rule id, then region (no region first): stable across runs."""
        return (self.date, self.rule, self.region or "")


def rounded_values(values: Mapping[str, float | int | None]) -> dict[str, FindingValue]:
    """Named numbers for a finding: ``None`` dropped, floats rounded to two decimals.

    A value that is not finite would not survive JSON, so it is refused rather than stored.
    """
    kept: dict[str, FindingValue] = {}
    for name, value in values.items():
        if value is None:
            continue
        if not math.isfinite(value):
            raise ValueError(f"finding value {name} is not a finite number: {value}")
        kept[name] = value if isinstance(value, int) else round(float(value), 2)
    return kept
