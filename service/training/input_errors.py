"""The one error the pure core raises for bad input, with its message in both languages.

::

    ValueError
    └── InputError            field + message_en + message_nl
        ├── CheckinError      a symptom check-in answer is out of range or inconsistent
        └── PolicyError       an advice-policy override is unknown or out of range
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad input, named by ``field`` (a dotted or indexed path such as ``checkins[2].ostrc[1]``)."""

    def __init__(self, field: str, message_en: str, message_nl: str) -> None:
        super().__init__(f"{field}: {message_en}")
        self.field = field
        self.message_en = message_en
        self.message_nl = message_nl

    def message(self, lang: str) -> str:
        """The one-line message in ``lang`` (``en`` or ``nl``), prefixed with the field."""
        text = self.message_nl if lang == "nl" else self.message_en
        return f"{self.field}: {text}"

    def within(self, prefix: str) -> InputError:
        """The same error with ``prefix`` in front of the field (``checkins[2]`` + ``date``)."""
        joined = f"{prefix}{self.field}" if self.field.startswith("[") else f"{prefix}.{self.field}"
        return type(self)(joined, self.message_en, self.message_nl)


class CheckinError(InputError):
    """A check-in answer is missing, out of range or inconsistent; nothing of it is kept."""


class PolicyError(InputError):
    """A policy override names an unknown rule or parameter, or is out of its allowed range."""
