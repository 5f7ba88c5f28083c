"""Request shapes every feature shares: ``Input`` (refuses unknown fields and NUL characters),
``Day`` (a calendar day written ``YYYY-MM-DD``) and ``Flag`` (a strict yes/no)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StrictBool,
    model_validator,
)


def without_nul(value: Any) -> Any:
    """``value`` unchanged, unless some text in it holds a NUL character: PostgreSQL cannot
    store one, so it is refused with the other field errors (422), not at the database (500)."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("text may not contain the NUL character")
    if isinstance(value, dict):
        for key, item in value.items():
            without_nul(key)
            without_nul(item)
    elif isinstance(value, list | tuple):
        for item in value:
            without_nul(item)
    return value


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


def _iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` text names a day (pydantic alone reads ``0`` as 1970-01-01)."""
    if isinstance(value, date) or (isinstance(value, str) and ISO_DAY.match(value)):
        return value
    raise ValueError("a day as YYYY-MM-DD")


def _plausible_day(value: date) -> date:
    """Days far from now only overflow date arithmetic (a range before year 1)."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"a day from {FIRST_DAY} to {LAST_DAY}")
    return value


#: A calendar day in a request: path, query or JSON, ``YYYY-MM-DD`` from 1900 to 2199.
Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_plausible_day)]
#: A yes/no in a JSON body: ``true`` or ``false``, not ``0`` or ``"yes"``.
Flag = StrictBool


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        return without_nul(data)
