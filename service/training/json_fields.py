"""Reading typed fields out of parsed JSON, with errors that name the field (``checkins[2].date``).

Every reader raises :class:`ScenarioError` with the full path of the field and the message in
English and Dutch; nothing is half-read.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping
from typing import Any

from service.training.input_errors import InputError


class ScenarioError(InputError):
    """A scenario or check-in record is not what the advice check expects."""


def require_object(path: str, value: object, allowed: Collection[str]) -> Mapping[str, Any]:
    """``value`` as a JSON object whose keys are all in ``allowed``."""
    if not isinstance(value, Mapping):
        raise ScenarioError(path or "input", "must be a JSON object", "moet een JSON-object zijn")
    for key in value:
        if key not in allowed:
            listed = ", ".join(sorted(allowed))
            raise ScenarioError(
                join(path, str(key)),
                f"is not a known field; known: {listed}",
                f"is geen bekend veld; wel: {listed}",
            )
    return value


def require_list(path: str, value: object) -> list[Any]:
    if not isinstance(value, list):
        raise ScenarioError(path, "must be a JSON list", "moet een JSON-lijst zijn")
    return value


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def require_text(path: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(path, "must be a non-empty text", "moet een niet-lege tekst zijn")
    return value


def optional_number(path: str, value: object, low: float, high: float) -> float | None:
    """A finite number in ``low..high``, or None when absent (JSON null)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(path, "must be a number", "moet een getal zijn")
    if not low <= value <= high:
        raise ScenarioError(
            path,
            f"must be from {low:g} to {high:g}, got {value:g}",
            f"moet van {low:g} tot en met {high:g} zijn, maar is {value:g}",
        )
    return float(value)


def require_day(path: str, value: object) -> dt.date:
    """A calendar day written ``YYYY-MM-DD``."""
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ScenarioError(
            path, "must be a date written YYYY-MM-DD", "moet een datum zijn in de vorm JJJJ-MM-DD"
        ) from None


def require_instant(path: str, value: object) -> dt.datetime:
    """An ISO 8601 date and time with its UTC offset (``2026-03-01T08:00:00+01:00``)."""
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        instant = dt.datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise ScenarioError(
            path,
            "must be a date and time with its UTC offset, e.g. 2026-03-01T08:00:00+01:00",
            "moet een datum en tijd met UTC-verschil zijn, bijv. 2026-03-01T08:00:00+01:00",
        )
    return instant
