"""Jinja2 rendering: one environment per language, locale-bound filters, safe response headers."""

from __future__ import annotations

import hashlib
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Final, cast

from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service.alerts.reading import finding_message
from service.config import get_settings
from service.dashboard import formats, labels
from service.dashboard.day_input import day_hint, input_day
from service.dashboard.i18n import LOCALES, translations
from service.dashboard.page import Page
from service.dashboard.sparklines import sparkline_svg

TEMPLATE_DIR: Final = Path(__file__).parent / "templates"
STATIC_DIR: Final = Path(__file__).parent / "static"
FORM_COOKIE: Final = "lw_form"

# Every script and style is served by loadwatch itself; ECharts and htmx set inline styles.
CONTENT_SECURITY_POLICY: Final = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PAGE_HEADERS: Final = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@lru_cache(maxsize=256)
def static_url(path: str) -> str:
    """``/static/<path>?v=<content hash>``: browsers cache it until the file changes."""
    digest = hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]
    return f"/static/{path}?v={digest}"


@lru_cache(maxsize=len(LOCALES))
def environment(locale: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates change with a new release, not while serving: asking the disk whether they
        # did costs every page a few system calls (kept only for development).
        auto_reload=get_settings().environment == "development",
    )
    # The i18n extension adds this method at run time.
    cast(Any, env).install_gettext_translations(translations(locale), newstyle=True)
    env.filters.update(formats.filters(locale))
    env.globals["static"] = static_url
    env.globals["locales"] = LOCALES
    env.globals["labels"] = labels
    env.globals["sparkline"] = sparkline_svg
    env.globals["finding_message"] = finding_message
    env.globals["day_hint"] = day_hint(locale)
    env.filters["input_day"] = partial(input_day, locale=locale)
    return env


def render(page: Page, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    html = environment(page.locale).get_template(template).render(page=page, **values)
    response = HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)
    if page.new_form_token:
        response.set_cookie(
            FORM_COOKIE,
            page.csrf_token,
            httponly=True,
            secure=get_settings().secure_cookies,
            samesite="lax",
            path="/",
        )
    return response


def see_other(url: str) -> RedirectResponse:
    """After a form post: the browser follows with a GET, so reloading does not post again."""
    return RedirectResponse(url, status_code=303)
