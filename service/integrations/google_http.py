"""HTTP plumbing shared by the Google OAuth and Google Health API clients.

Turns transport failures and HTTP statuses into our own error tree (``base.py``) so that nothing
above ``integrations`` sees httpx or Google's error envelope::

    network error, timeout, 5xx, unreadable body  -> Unavailable
    429                                           -> RateLimited(retry_after_s from Retry-After)
    401                                           -> AuthExpired
    400 (INVALID_ARGUMENT, FAILED_PRECONDITION)   -> Refused: the same request fails again
"""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from service.clock import utcnow
from service.integrations.base import AuthExpired, RateLimited, Refused, Unavailable

#: Explicit timeouts: a slow Google must not hold a worker for minutes (seconds).
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)


def new_http_client() -> httpx.Client:
    """One client per process is the intent; this builds it with our timeouts."""
    return httpx.Client(timeout=DEFAULT_TIMEOUT, follow_redirects=False)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date, RFC 9110 §10.2.3).

    Returns ``None`` when the header is absent or unreadable; never a negative number.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    reference = now or utcnow()
    return max(0.0, (when - reference).total_seconds())


def send(http: httpx.Client, request: httpx.Request) -> httpx.Response:
    """Send one request; a transport failure becomes ``Unavailable``."""
    try:
        return http.send(request)
    except httpx.TransportError as exc:
        raise Unavailable(f"Google could not be reached: {type(exc).__name__}") from exc


def raise_for_status(response: httpx.Response) -> None:
    """Map a non-2xx answer onto our error tree; 2xx passes through."""
    status = response.status_code
    if status < 300:
        return
    summary = describe_error(response)
    if status == 401:
        raise AuthExpired(f"Google rejected the credentials (401): {summary}")
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        raise RateLimited(f"Google asked us to slow down (429): {summary}", retry_after)
    if status >= 500:
        raise Unavailable(f"Google answered {status}: {summary}")
    if status == 400:
        raise Refused(f"Google refused the request (400): {summary}")
    raise Unavailable(f"Google refused the request ({status}): {summary}")


def describe_error(response: httpx.Response) -> str:
    """A short reason from Google's error bodies, never the whole body.

    The API uses ``{"error": {"code", "message", "status"}}``; the token endpoint uses
    ``{"error": "invalid_grant", "error_description": ...}``.
    """
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return response.reason_phrase or "no reason given"
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        parts = [str(error[key]) for key in ("status", "message") if error.get(key)]
        return (": ".join(parts) or "no reason given")[:200]
    if isinstance(error, str):
        return error[:200]
    return "no reason given"


def json_object(response: httpx.Response) -> dict[str, Any]:
    """The response body as a JSON object, or ``Unavailable`` when it is something else."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Unavailable("Google answered with a body that is not JSON") from exc
    if not isinstance(body, dict):
        raise Unavailable("Google answered with JSON that is not an object")
    return body
