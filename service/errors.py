"""Expected failures and the one error envelope ``{"error": code, "detail": ...}``.

::

    AppError                 500  internal_error (never raised on purpose)
    ├── BadRequest           400
    ├── Unauthorized         401  not signed in, or a bad token
    ├── Forbidden            403  signed in, but this role may not do this
    ├── NotFound             404  missing, or not yours to see (ids do not leak)
    ├── Conflict             409  would duplicate something that exists
    ├── Unprocessable        422  well-formed but not acceptable
    ├── TooManyRequests      429
    └── UpstreamUnavailable  503  a provider or the broker did not answer

Each subclass owns its status; each raise names a stable snake_case ``code``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.training.input_errors import InputError

log = logging.getLogger(__name__)


class AppError(Exception):
    status_code = 500
    default_code = "internal_error"

    def __init__(self, code: str | None = None, detail: Any = None) -> None:
        self.code = code or self.default_code
        self.detail = detail
        super().__init__(f"{self.code}: {detail}" if detail is not None else self.code)


class BadRequest(AppError):
    status_code = 400
    default_code = "bad_request"


class Unauthorized(AppError):
    status_code = 401
    default_code = "not_authenticated"


class Forbidden(AppError):
    status_code = 403
    default_code = "forbidden"


class NotFound(AppError):
    status_code = 404
    default_code = "not_found"


class Conflict(AppError):
    status_code = 409
    default_code = "conflict"


class Unprocessable(AppError):
    status_code = 422
    default_code = "unprocessable"


def refused(error: InputError, code: str) -> Unprocessable:
    """Input the pure core refused, as the 422 ``{"error": code, "detail": {"field": ...,
    "message": {"en": ..., "nl": ...}}}``."""
    message = {"en": error.message_en, "nl": error.message_nl}
    return Unprocessable(code, {"field": error.field, "message": message})


class TooManyRequests(AppError):
    status_code = 429
    default_code = "too_many_requests"


class UpstreamUnavailable(AppError):
    status_code = 503
    default_code = "upstream_unavailable"


class ErrorOut(BaseModel):
    """The error envelope, as the OpenAPI schema documents it for every API route."""

    error: str = Field(description="A stable snake_case code, e.g. `athlete_not_found`.")
    detail: Any = Field(default=None, description="A message, field errors, or null.")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": description}
    for status, description in (
        (400, "Malformed request"),
        (401, "Not signed in, or an unknown or revoked token"),
        (403, "Signed in, but not allowed (role, CSRF)"),
        (404, "Missing, or not yours to see"),
        (409, "Conflicts with what is stored"),
        (413, "Body too large"),
        (422, "Well-formed but not acceptable (field errors under `detail`)"),
        (429, "Too many attempts; try again later"),
        (503, "A provider or the queue did not answer"),
    )
}


def envelope(code: str, detail: Any = None, status_code: int = 400) -> JSONResponse:
    return JSONResponse({"error": code, "detail": detail}, status_code=status_code)


HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Field errors without echoing the submitted values (they may be passwords)."""
    return [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(_request: Request, exc: AppError) -> JSONResponse:
        return envelope(exc.code, exc.detail, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return envelope("validation_error", _validation_detail(exc), 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        detail = None if exc.detail in (None, "Not Found", "Method Not Allowed") else exc.detail
        return envelope(code, detail, exc.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("request.failed", extra={"path": request.url.path})
        return envelope("internal_error", None, 500)
