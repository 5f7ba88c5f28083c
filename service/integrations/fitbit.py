"""The Fitbit connector: the Google Health API v4, the only code that talks to it.

The legacy Fitbit Web API was switched off on 2026-11-02; Fitbit data is read from
``https://health.googleapis.com/v4`` (developers.google.com/health). Calls used here:

* ``GET users/me/identity`` → ``{"name", "legacyUserId", "healthUserId"}``; ``healthUserId`` is
  the stable id webhook notifications carry.
* ``GET users/me/dataTypes/exercise/dataPoints?filter=…&pageSize=25&pageToken=…`` →
  ``{"dataPoints": [...], "nextPageToken"}``, newest first; exercise pages hold at most 25 points.
  ``exercise`` is a *session* data type: the only filter field the discovery document's ``filter``
  description allows for it is ``exercise.interval.civil_start_time`` (the wall-clock time where
  the workout happened, ``YYYY-MM-DD[THH:mm:ss]``, no offset), with ``>=``, ``<`` and ``AND``.
  ``exercise.interval.start_time`` is for *interval* data types; Google answers 400 "Member
  'exercise.interval.start_time' is not supported for filtering".

Errors (``base.py``): 401 → ``AuthExpired`` (after one refresh when ``on_unauthorized`` is given),
429 → ``RateLimited`` with ``Retry-After``, 400 → ``Refused`` (Google will refuse the same
request again: not retried), 5xx/network/unreadable → ``Unavailable``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import httpx

from service.integrations import google_http
from service.integrations.base import ActivityData, RateLimited, Unavailable
from service.integrations.fitbit_exercise import MalformedExerciseError, exercise_to_activity
from service.integrations.google_oauth import GOOGLE_HEALTH_API_BASE
from service.integrations.google_rate_limit import RequestLimiter
from service.integrations.google_webhook_keys import (
    WEBHOOK_KEYSET_URL,
    WebhookKeyset,
    load_tink_keyset,
)

log = logging.getLogger(__name__)

EXERCISE_PAGE_SIZE = 25
MAX_PAGES = 400

#: Given the access token Google just refused, return a fresh one or raise ``AuthExpired``.
#: The service implements it under its per-connection lock: reload the stored tokens; if another
#: worker already replaced the refused token use theirs, else ``google_oauth.refresh`` and persist.
RefreshAccessToken = Callable[[str], str]


class GoogleHealthClient:
    """One connection's view of the Google Health API; reuse the process's ``httpx.Client``."""

    def __init__(
        self,
        access_token: str,
        *,
        api_base: str = GOOGLE_HEALTH_API_BASE,
        http: httpx.Client | None = None,
        on_unauthorized: RefreshAccessToken | None = None,
        limiter: RequestLimiter | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        max_limiter_wait_s: float = 30.0,
    ) -> None:
        self._access_token = access_token
        self._api_base = api_base.rstrip("/")
        self._http = http or google_http.new_http_client()
        self._owns_http = http is None
        self._on_unauthorized = on_unauthorized
        self._limiter = limiter
        self._clock = clock
        self._sleep = sleep
        self._max_limiter_wait_s = max_limiter_wait_s

    @property
    def access_token(self) -> str:
        """The token in use: after a refresh, the new one."""
        return self._access_token

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> GoogleHealthClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def identity(self) -> str:
        """The user's ``healthUserId``."""
        body = self._get("users/me/identity", {})
        health_user_id = body.get("healthUserId")
        if not isinstance(health_user_id, str) or not health_user_id:
            raise Unavailable("Google's identity answer has no healthUserId")
        return health_user_id

    def list_exercises(self, start: date, end: date) -> list[ActivityData]:
        """Workouts whose civil (local wall-clock) start lies in ``[start, end)``, every page.

        A ``date`` means its midnight; a ``datetime`` counts by its own wall clock (an aware one
        in its own zone), since Google compares with the time where the workout happened.
        """
        query: dict[str, str] = {
            "filter": exercise_filter(start, end),
            "pageSize": str(EXERCISE_PAGE_SIZE),
        }
        activities: list[ActivityData] = []
        seen_tokens: set[str] = set()
        for _ in range(MAX_PAGES):
            body = self._get("users/me/dataTypes/exercise/dataPoints", query)
            activities.extend(_activities(body))
            token = body.get("nextPageToken")
            if not isinstance(token, str) or not token:
                return activities
            if token in seen_tokens:
                raise Unavailable("Google repeated a page token; the listing would never end")
            seen_tokens.add(token)
            query = {**query, "pageToken": token}
        raise Unavailable(f"more than {MAX_PAGES} pages of exercises; narrow the window")

    def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        response = self._send(path, params)
        if response.status_code == 401 and self._on_unauthorized is not None:
            self._access_token = self._on_unauthorized(self._access_token)
            response = self._send(path, params)
        google_http.raise_for_status(response)
        return google_http.json_object(response)

    def _send(self, path: str, params: dict[str, str]) -> httpx.Response:
        self._wait_for_limiter()
        request = self._http.build_request(
            "GET",
            f"{self._api_base}/{path}",
            params=params,
            headers={"Authorization": f"Bearer {self._access_token}"},
        )
        return google_http.send(self._http, request)

    def _wait_for_limiter(self) -> None:
        if self._limiter is None:
            return
        while (wait_s := self._limiter.acquire(self._clock())) > 0:
            if wait_s > self._max_limiter_wait_s:
                raise RateLimited("our own per-user request budget is spent", wait_s)
            self._sleep(wait_s)


def exercise_filter(start: date, end: date) -> str:
    """The AIP-160 filter Google documents for session data types: civil start time."""
    return (
        f'exercise.interval.civil_start_time >= "{civil_time(start)}" AND '
        f'exercise.interval.civil_start_time < "{civil_time(end)}"'
    )


def civil_time(moment: date) -> str:
    """``YYYY-MM-DDTHH:mm:ss`` on the wall clock: a date at midnight, a datetime in its own zone."""
    if not isinstance(moment, datetime):
        return f"{moment.isoformat()}T00:00:00"
    return moment.replace(tzinfo=None, microsecond=0).isoformat()


def fetch_webhook_keyset(
    url: str = WEBHOOK_KEYSET_URL, *, http: httpx.Client | None = None
) -> WebhookKeyset:
    """Download Google's public keyset for webhook signatures (cache it; it rotates slowly)."""
    session = http or google_http.new_http_client()
    try:
        response = google_http.send(session, session.build_request("GET", url))
    finally:
        if http is None:
            session.close()
    if response.status_code != 200:
        raise Unavailable(f"the webhook keyset answered {response.status_code}")
    return load_tink_keyset(response.content)


def _activities(body: dict[str, Any]) -> list[ActivityData]:
    points = body.get("dataPoints", [])
    if not isinstance(points, list):
        raise Unavailable("Google's dataPoints is not a list")
    activities = []
    for point in points:
        try:
            activities.append(exercise_to_activity(point if isinstance(point, dict) else {}))
        except MalformedExerciseError as exc:
            name = point.get("name") if isinstance(point, dict) else None
            log.warning("fitbit.exercise.skipped", extra={"data_point": name, "reason": str(exc)})
    return activities
