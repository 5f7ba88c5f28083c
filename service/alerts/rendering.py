"""Jinja templates of the emails and link pages; every text comes from :mod:`wording`."""

from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service.alerts.wording import rule_name, say

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, locale: str, **context: Any) -> str:
    """Render ``template`` with ``t(key, **values)`` and ``rule(id)`` in ``locale``."""
    page = environment().get_template(template)
    return page.render(
        locale=locale, t=partial(_say, locale), rule=partial(_rule, locale), **context
    )


def _say(locale: str, key: str, **values: object) -> str:
    return say(key, locale, **values)


def _rule(locale: str, rule: str) -> str:
    return rule_name(rule, locale)
