"""Advice texts in English and Dutch, rendered with the numbers that fired a rule.

A template is a :class:`LocalizedText` whose two texts hold the same ``{placeholders}``; a message
is one or more templates rendered with named values and joined by a space, each value written the
way its language writes it (:mod:`.formatting`).
"""

from __future__ import annotations

import string

from service.training.findings import LocalizedText
from service.training.messages.formatting import LANGUAGES, format_value
from service.training.messages.region_texts import CONTACT, NEXT_STEP, SELF_CARE
from service.training.symptoms import Region

__all__ = ["placeholders", "region_care", "render"]


def placeholders(text: str) -> set[str]:
    """The placeholder names in ``text``."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def render(*templates: LocalizedText, **values: object) -> LocalizedText:
    """The templates rendered in both languages with ``values`` and joined by spaces.

    Every placeholder needs a value (KeyError otherwise); values no template names are ignored,
    so a rule can pass all its numbers to whichever sentences it picks.
    """
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        parts = []
        for template in templates:
            text = getattr(template, lang)
            written = {name: format_value(name, values[name], lang) for name in placeholders(text)}
            parts.append(text.format_map(written))
        texts[lang] = " ".join(parts)
    return LocalizedText(en=texts["en"], nl=texts["nl"])


def region_care(
    region: Region | None, *, contact: bool = False, next_step: bool = False
) -> tuple[LocalizedText, ...]:
    """The sentences a finding about ``region`` ends with: "contact your physiotherapist" for a
    referral (``contact``), the region's self-care line, and its next step (``next_step``)."""
    parts: list[LocalizedText] = [CONTACT] if contact else []
    if region is not None:
        parts.append(SELF_CARE[region])
        if next_step:
            parts.append(NEXT_STEP[region])
    return tuple(parts)
