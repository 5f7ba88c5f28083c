"""Advice texts in English and Dutch, rendered with the numbers that fired a rule.

A template is a :class:`LocalizedText` whose two texts hold the same ``{placeholders}``; a message
is one or more templates rendered with named values and joined by a space, each value written the
way its language writes it (:mod:`.formatting`).
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence

from service.training.findings import LocalizedText
from service.training.messages.formatting import LANGUAGES, format_value
from service.training.messages.region_texts import CONTACT, NEXT_STEP, SELF_CARE
from service.training.messages.staff_texts import ATHLETE, staff_form
from service.training.symptoms import Region

__all__ = ["ATHLETE", "placeholders", "region_care", "render"]


def placeholders(text: str) -> set[str]:
    """The placeholder names in ``text``."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def render(*templates: LocalizedText, **values: object) -> LocalizedText:
    """The templates rendered in both languages with ``values`` and joined by spaces.

    Every placeholder needs a value (KeyError otherwise); values no template names are ignored,
    so a rule can pass all its numbers to whichever sentences it picks. The result carries its
    staff form (:mod:`.staff_texts`) when every template and every text value has one.
    """
    message = _rendered(templates, values, staff=False)
    staff_templates = [staff_form(template) for template in templates]
    text_values = {
        name: staff_form(value)
        for name, value in values.items()
        if isinstance(value, LocalizedText)
    }
    if None in staff_templates or None in text_values.values():
        return message
    staff_values = {**values, **text_values}
    staff_values["athlete"] = ATHLETE
    staff = _rendered([t for t in staff_templates if t is not None], staff_values, staff=True)
    return LocalizedText(en=message.en, nl=message.nl, staff=staff)


def _rendered(
    templates: Sequence[LocalizedText], values: Mapping[str, object], *, staff: bool
) -> LocalizedText:
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        parts = []
        for template in templates:
            text = getattr(template, lang)
            written = {
                name: format_value(name, values[name], lang, staff=staff)
                for name in placeholders(text)
            }
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
