"""Numbers, dates and names as each language writes them (``14,5 km`` and ``3 maart`` in Dutch).

A placeholder's name says how its value is written, by its suffix (units in names, STYLE rule 11):

| suffix / name | written as | example en / nl |
| --- | --- | --- |
| ``_km`` | up to 1 decimal | ``14.5`` / ``14,5`` |
| ``_pct`` | whole percent with ``%`` | ``36%`` |
| ``_pain`` | up to 1 decimal, out of 10 | ``2.5`` / ``2,5`` |
| ``_ratio`` | 2 decimals | ``1.62`` / ``1,62`` |
| ``_days`` ``_weeks`` ``_hours`` ``_mornings`` ``_min`` ``_score`` ``_points`` | whole | ``14`` |
| ``_date`` | day and month | ``3 March`` / ``3 maart`` |
| ``region``, ``region_pain``, ``measure`` | the name in that language | ``het scheenbeen`` |
| ``unit`` (a measure) | the measure's unit | ``km`` |
| a LocalizedText value | its text in that language | ``you could not train`` |
| anything else | up to 2 decimals | ``395.63`` / ``395,63`` |
"""

from __future__ import annotations

import datetime as dt

from service.training.findings import LocalizedText

LANGUAGES = ("en", "nl")

REGION_NAMES: dict[str, tuple[str, str]] = {
    "achilles": ("your Achilles tendon", "de achillespees"),
    "heel_foot": ("your heel or foot", "de hiel of voet"),
    "ankle": ("your ankle", "de enkel"),
    "shin": ("your shin", "het scheenbeen"),
    "calf": ("your calf", "de kuit"),
    "knee_front": ("the front of your knee", "de voorkant van de knie"),
    "knee_outside": ("the outside of your knee", "de buitenkant van de knie"),
    "hamstring": ("your hamstring", "de hamstring"),
    "groin": ("your groin", "de lies"),
    "low_back": ("your lower back", "de onderrug"),
}
"""A region as the object of a sentence, in en and nl."""

STAFF_REGION_NAMES: dict[str, str] = {
    "achilles": "the Achilles tendon",
    "heel_foot": "the heel or foot",
    "ankle": "the ankle",
    "shin": "the shin",
    "calf": "the calf",
    "knee_front": "the front of the knee",
    "knee_outside": "the outside of the knee",
    "hamstring": "the hamstring",
    "groin": "the groin",
    "low_back": "the lower back",
}
"""A region as the object of a sentence about the athlete, in English (the Dutch names above
already read that way)."""

REGION_PAIN: dict[str, tuple[str, str]] = {
    "achilles": ("Achilles pain", "pijn aan de achillespees"),
    "heel_foot": ("heel or foot pain", "pijn aan de hiel of voet"),
    "ankle": ("ankle pain", "pijn aan de enkel"),
    "shin": ("shin pain", "pijn aan het scheenbeen"),
    "calf": ("calf pain", "pijn aan de kuit"),
    "knee_front": ("pain at the front of the knee", "pijn aan de voorkant van de knie"),
    "knee_outside": ("pain on the outside of the knee", "pijn aan de buitenkant van de knie"),
    "hamstring": ("hamstring pain", "pijn aan de hamstring"),
    "groin": ("groin pain", "pijn in de lies"),
    "low_back": ("lower-back pain", "pijn in de onderrug"),
}
"""Pain in a region, in en and nl."""

MEASURE_NAMES: dict[str, tuple[str, str]] = {
    "distance_km": ("running distance", "loopafstand"),
    "duration_min": ("training time", "trainingstijd"),
    "srpe": ("session-RPE load", "sessie-RPE-belasting"),
    "trimp": ("heart-rate load (TRIMP)", "hartslagbelasting (TRIMP)"),
}

MEASURE_UNITS: dict[str, tuple[str, str]] = {
    "distance_km": ("km", "km"),
    "duration_min": ("min", "min"),
    "srpe": ("AU", "AU"),
    "trimp": ("AU", "AU"),
}
"""The unit of each measure's load (AU: arbitrary units, as the literature writes them)."""

_WHOLE_SUFFIXES = ("_days", "_weeks", "_hours", "_mornings", "_min", "_score", "_points")


MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
}  # fmt: skip


_DUTCH_MARKS = str.maketrans(",.", ".,")


def _decimal(value: float, decimals: int, lang: str, *, trim: bool) -> str:
    """``value`` with ``decimals`` places (trailing zeros dropped when ``trim``), grouped by
    thousands: ``1,234.5`` in English, ``1.234,5`` in Dutch.
    """
    number = round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = f"{number:,.{decimals}f}"
    if trim and decimals:
        text = text.rstrip("0").rstrip(".")
    if lang == "nl":
        text = text.translate(_DUTCH_MARKS)
    return text


def _named(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    en, nl = table[key]
    return nl if lang == "nl" else en


def format_value(name: str, value: object, lang: str, *, staff: bool = False) -> str:
    """``value`` written for placeholder ``name`` in ``lang`` (see the module table); ``staff``:
    in a text about the athlete, where a region is "the shin" rather than "your shin"."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    if staff and name == "region" and lang == "en":
        return STAFF_REGION_NAMES[str(value)]
    if name in ("region", "region_pain", "measure", "unit"):
        table = {
            "region": REGION_NAMES,
            "region_pain": REGION_PAIN,
            "measure": MEASURE_NAMES,
            "unit": MEASURE_UNITS,
        }
        return _named(table[name], str(value), lang)
    if isinstance(value, LocalizedText):
        return value.nl if lang == "nl" else value.en
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[lang][value.month - 1]}"
    if isinstance(value, str):
        return value
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(f"placeholder {name} needs a number, got {value!r}")
    return _format_number(name, round(float(value), 2), lang)


def _format_number(name: str, value: float, lang: str) -> str:
    """Written from the value rounded to two decimals, as the finding stores it, so the text and
    the stored number always agree.
    """
    if name.endswith("_pct"):
        return _decimal(value, 0, lang, trim=False) + "%"
    if name.endswith(("_km", "_pain")):
        return _decimal(value, 1, lang, trim=True)
    if name.endswith("_ratio"):
        return _decimal(value, 2, lang, trim=False)
    if name.endswith(_WHOLE_SUFFIXES):
        return _decimal(value, 0, lang, trim=False)
    return _decimal(value, 2, lang, trim=True)
