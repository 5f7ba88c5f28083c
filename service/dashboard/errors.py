"""Errors on pages: an HTML page in the reader's language; the JSON envelope stays the API's.

The API's handlers are wrapped, not replaced: requests under ``/api/``, ``/healthz`` and
``/static/`` get exactly what they got before. A page that needs a signed-in user sends a
visitor to the sign-in page and back.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Final
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.dashboard.i18n import N_, request_locale
from service.dashboard.page import Page
from service.dashboard.render import render, see_other
from service.errors import AppError

log = logging.getLogger(__name__)

Handler = Callable[[Request, Exception], Awaitable[Response] | Response]
NOT_PAGES: Final = ("/api/", "/healthz", "/static/")

MESSAGES: Final = {
    400: N_("This request could not be handled. Go back and check what you entered."),
    403: N_("You may not open this page with this account."),
    404: N_("This page does not exist, or it is not yours to see."),
    405: N_("This page does not accept that kind of request."),
    409: N_("This would duplicate something that already exists."),
    422: N_("This request could not be handled. Go back and check what you entered."),
    429: N_("Too many attempts. Wait a few minutes and try again."),
    503: N_("A service loadwatch depends on did not answer. Try again in a moment."),
    500: N_("Something went wrong on our side. Try again; if it keeps happening, tell us."),
}
CSRF_MESSAGE: Final = N_(
    "This form expired or came from another site. Reload the page and try again."
)


def is_page_request(request: Request) -> bool:
    return not request.url.path.startswith(NOT_PAGES)


def install_page_errors(app: FastAPI) -> None:
    """Call after ``install_error_handlers``: wraps each of its handlers."""
    for kind in (AppError, StarletteHTTPException, RequestValidationError, Exception):
        api_handler = app.exception_handlers.get(kind)
        if api_handler is not None:
            app.add_exception_handler(kind, _for_pages(api_handler))


def _for_pages(api_handler: Handler) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        if not is_page_request(request):
            result = api_handler(request, exc)
            return await result if isinstance(result, Awaitable) else result
        return page_error(request, exc)

    return handle


def _status_of(exc: Exception) -> int:
    if isinstance(exc, AppError | StarletteHTTPException):
        return exc.status_code
    if isinstance(exc, RequestValidationError):
        return 422
    return 500


def page_error(request: Request, exc: Exception) -> Response:
    status = _status_of(exc)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        destination = f"/sign-in?next={quote(target, safe='')}"
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": destination})
        return see_other(destination)
    if status >= 500:
        log.error("page.failed", extra={"path": request.url.path}, exc_info=exc)
    code = exc.code if isinstance(exc, AppError) else ""
    message = CSRF_MESSAGE if code == "csrf_failed" else MESSAGES.get(status, MESSAGES[400])
    page = Page(request, request_locale(request, None), None, "")
    return render(page, "error.html", status_code=status, status=status, message=message)
