"""The Fitbit connector: the Google Health API v4, the only code that talks to it.

The legacy Fitbit Web API was switched off on 2026-11-02; Fitbit data is read from
``https://health.googleapis.com/v4`` (developers.google.com/health). Calls used here:

* ``GET users/me/identity`` → ``{"name", "legacyUserId", "healthUserId"}``; ``healthUserId`` is
  the stable id webhook notifications carry.
* ``GET users/me/dataTypes/exercise/dataPoints?filter=…&pageSize=25&pageToken=…`` →
  ``{"dataPoints": [...], "nextPageToken"}``; exercise pages hold at most 25 points, and the filter
  is ``exercise.interval.start_time >= "<RFC 3339>" AND exercise.interval.start_time < "…"``.

Errors (``base.py``): 401 → ``AuthExpired`` (after one refresh when ``on_unauthorized`` is given),
429 → ``RateLimited`` with ``Retry-After``, 5xx/network/unreadable → ``Unavailable``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
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

    def list_exercises(self, start: datetime, end: datetime) -> list[ActivityData]:
        """Workouts that started in ``[start, end)``, following every page."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("start and end must be timezone-aware")
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


def exercise_filter(start: datetime, end: datetime) -> str:
    """The AIP-160 filter on physical start time Google documents for interval data types."""
    return (
        f'exercise.interval.start_time >= "{_rfc3339(start)}" AND '
        f'exercise.interval.start_time < "{_rfc3339(end)}"'
    )


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


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


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
