"""Forms whose field names come from data: one block of answers per body region, one input per
policy parameter. A fixed schema cannot list such names, so these forms are read as text fields
and every name is checked against what the page offered.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from service.errors import BadRequest

MAX_FIELDS = 400
MAX_VALUE_LENGTH = 200


@dataclass(frozen=True)
class Fields:
    """The text fields of a posted form; a name sent several times (checkboxes) keeps each."""

    values: dict[str, list[str]]

    def get(self, name: str) -> str:
        """The last value sent under ``name``, stripped; empty when absent."""
        sent = self.values.get(name)
        return sent[-1].strip() if sent else ""

    def all(self, name: str) -> list[str]:
        return [value.strip() for value in self.values.get(name, [])]

    def names(self) -> set[str]:
        return set(self.values) - {"csrf_token"}

    def only(self, allowed: Collection[str]) -> None:
        """Refuse a form with a field the page did not offer (as ``extra="forbid"`` does)."""
        unknown = self.names() - set(allowed)
        if unknown:
            raise BadRequest("unknown_field", f"unknown form field: {sorted(unknown)[0]}")


async def _fields(request: Request) -> Fields:
    form = await request.form()
    values: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if not isinstance(value, str) or len(value) > MAX_VALUE_LENGTH:
            raise BadRequest("invalid_form", f"the field {name} is not a short text")
        values.setdefault(name, []).append(value)
    if len(values) > MAX_FIELDS:
        raise BadRequest("invalid_form", "too many fields")
    return Fields(values)


FormFields = Annotated[Fields, Depends(_fields)]


def parse_number(text: str) -> float | None:
    """``""`` → None; ``"2,5"`` and ``"2.5"`` → 2.5 (Dutch and English decimals); anything else
    (words, infinity, not-a-number) raises ValueError."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text!r}")
    return value
