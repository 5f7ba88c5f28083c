"""Garmin Connect connector on the unofficial ``garminconnect`` library (pinned to 0.3.20).

This is the only module of the project that imports ``garminconnect``. It hands out our own
objects (``ActivityData``, ``DailyWellness``) and raises only our own errors::

    ProviderError
    ├── AuthExpired          the stored tokens were rejected (revoked, refresh token burnt)
    ├── RateLimited          HTTP 429, or Garmin's non-standard 427 "blocked"; Retry-After parsed
    ├── Unavailable          network failure, 5xx after the library's retries, 403, unreadable data
    │   └── LoginFlowFailed  every login strategy failed, not on the credentials (kept: each
    │                        strategy's error in ``attempts``; a 401 here is not "wrong password")
    ├── LoginFailed          wrong email or password at login
    │   └── MfaCodeRejected  the MFA code was wrong, or the pending login expired at Garmin
    ├── LoginUnusable        signed in, but Garmin handed out no DI tokens (its exchange failed and
    │                        the library fell back to a cookie session): nothing may be stored
    └── NotFound             the activity no longer exists at Garmin

Operating rules (research/integrations.md §1): a credential login deliberately sleeps 2–20 s per
strategy, so run it in a worker, never in a request. Refresh tokens rotate on every refresh, and
the library keeps the rotated one in memory only: save ``GarminSession.token_blob()`` after every
session. Hold one session per user at a time. Tokens, passwords and the MFA client state are never
logged.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Self

import requests
from garminconnect import (
    Garmin,
    GarminConnectAuthenticationError,
    GarminConnectConnectionError,
    GarminConnectNotFoundError,
    GarminConnectTooManyRequestsError,
)

from service.integrations.base import (
    ActivityData,
    AuthExpired,
    DailyWellness,
    ProviderError,
    RateLimited,
    Sport,
    Unavailable,
)
from service.integrations.garmin_errors import (
    MESSAGES,
    LoginFailed,
    LoginFlowFailed,
    LoginUnusable,
    MfaCodeRejected,
    NotFound,
    http_status,
    retry_after_of,
)
from service.integrations.garmin_mapping import (
    UnmappableActivity,
    activity_from_detail,
    activity_from_list_entry,
    is_multisport_parent,
    multisport_child_ids,
    resting_hr_days,
)
from service.integrations.garmin_original import fit_from_original_zip

__all__ = [
    "GARMIN_COM",
    "MESSAGES",
    "GarminEndpoints",
    "GarminSession",
    "LoginFailed",
    "LoginFlowFailed",
    "LoginOk",
    "LoginUnusable",
    "MfaCodeRejected",
    "MfaRequired",
    "NotFound",
    "provider_error_for",
    "resume_login",
    "start_login",
]

_log = logging.getLogger(__name__)

LIBRARY_CLIENT_ATTRIBUTES = (
    "_connectapi",
    "_sso",
    "_di_token_url",
    "_api_session",
    "_mfa_session",
    "_ios_service_url",
    "_mobile_sso_service_url",
    "_portal_service_url",
    "di_token",
    "di_refresh_token",
)
"""Private attributes of ``garminconnect.client.Client`` this module sets or uses."""

_SOCIAL_PROFILE_PATH = "/userprofile-service/socialProfile"
_RETRY_ATTEMPTS = 3
_MAX_WELLNESS_SPAN = timedelta(days=365)
_RATE_LIMIT_STATUSES = frozenset({427, 429})
_TOKEN_FIELDS = ("di_token", "di_refresh_token", "di_client_id")
_CREDENTIAL_REFUSALS = ("invalid username or password", "widget authentication failed")
"""The only texts with which ``garminconnect`` reports refused credentials (sso.py); its other
authentication errors during a login are about tokens or the flow, not the password."""
_LIBRARY_LOGGER = "garminconnect"
_ATTEMPTS_KEPT = 12
_ATTEMPT_CHARS = 300


@dataclass(frozen=True, slots=True)
class GarminEndpoints:
    """Where to talk to; the defaults are Garmin's real hosts, tests point all three at a fake."""

    connectapi: str = "https://connectapi.garmin.com"
    sso: str = "https://sso.garmin.com"
    di_token_url: str = "https://diauth.garmin.com/di-oauth2-service/oauth/token"  # noqa: S105 - a URL
    service_root: str | None = None
    """Where the SSO service URLs (``/gcm/ios``, ``/gcm/android``, ``/app``) live; ``None`` keeps
    Garmin's own. The fake sets it so that the library's JWT_WEB fallback stays on loopback."""

    def __post_init__(self) -> None:
        for url in (self.connectapi, self.sso, self.di_token_url, self.service_root):
            if url is not None and not url.startswith(("https://", "http://")):
                raise ValueError(f"not an http(s) URL: {url!r}")


GARMIN_COM = GarminEndpoints()


@dataclass(frozen=True, slots=True)
class LoginOk:
    """Tokens to store (encrypted); ``display_name`` is Garmin's user handle if it was readable."""

    token_blob: str
    display_name: str | None


@dataclass(frozen=True, slots=True)
class MfaRequired:
    """Garmin sent a code. ``client_state`` (JSON, holds SSO cookies) must be stored encrypted."""

    client_state: str


def start_login(
    email: str, password: str, endpoints: GarminEndpoints = GARMIN_COM
) -> LoginOk | MfaRequired:
    """Log in with credentials once; slow on purpose (the library's anti-bot pauses)."""
    garmin = _new_garmin(endpoints)
    try:
        with _login_errors(rejected=LoginFailed) as attempts:
            status, state = garmin.client.login(email, password, return_on_mfa=True)
        if status == "needs_mfa":
            _log.info("garmin.login.mfa_required")
            return MfaRequired(client_state=json.dumps(state))
        ok = _login_ok(garmin, attempts)
        _log.info("garmin.login.succeeded")
        return ok
    finally:
        _close(garmin)


def resume_login(client_state: str, code: str, endpoints: GarminEndpoints = GARMIN_COM) -> LoginOk:
    """Finish an MFA login from the state ``start_login`` returned, in any process."""
    try:
        state = json.loads(client_state)
    except json.JSONDecodeError as err:
        raise LoginFailed("the pending Garmin login could not be read; start again") from err
    if not isinstance(state, dict):
        raise LoginFailed("the pending Garmin login could not be read; start again")
    garmin = _new_garmin(endpoints)
    try:
        with _login_errors(rejected=MfaCodeRejected) as attempts:
            garmin.client.resume_login(state, code.strip())
        ok = _login_ok(garmin, attempts)
        _log.info("garmin.login.succeeded", extra={"mfa": True})
        return ok
    finally:
        _close(garmin)


class GarminSession:
    """One authenticated session from a stored token blob; use it as a context manager.

    The library refreshes the access token itself (15 minutes before ``exp``, and once on a
    401), which rotates the refresh token: read ``token_blob()`` at the end and save it.
    """

    def __init__(self, token_blob: str, endpoints: GarminEndpoints = GARMIN_COM) -> None:
        self.replaced_parents: list[str] = []
        """Multisport parents ``list_activities`` replaced by their legs, in this session."""
        self._garmin = _new_garmin(endpoints)
        try:
            self._garmin.client.loads(token_blob)
        except GarminConnectConnectionError:
            _close(self._garmin)
            raise AuthExpired("the stored Garmin tokens are unreadable") from None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        _close(self._garmin)

    def token_blob(self) -> str:
        """The current tokens (JSON with ``di_token``, ``di_refresh_token``, ``di_client_id``)."""
        return str(self._garmin.client.dumps())

    def list_activities(self, start: date, end: date) -> list[ActivityData]:
        """Activities whose local start day lies in ``start..end``, oldest first, pages of 20;
        a multisport parent is replaced by its legs (one detail request per parent and leg)."""
        _check_range(start, end)
        with _provider_errors(rejected=AuthExpired):
            entries = self._garmin.get_activities_by_date(
                start.isoformat(), end.isoformat(), sortorder="asc"
            )
        activities: dict[str, ActivityData] = {}
        for entry in entries if isinstance(entries, list) else []:
            activity = _mapped_or_none(entry)
            if activity is None:
                continue
            legs = self._legs(activity) if is_multisport_parent(entry) else None
            if legs:
                self.replaced_parents.append(activity.external_id)
            for item in legs or [activity]:
                activities.setdefault(item.external_id, item)
        return sorted(activities.values(), key=lambda activity: activity.start_utc)

    def _legs(self, parent: ActivityData) -> list[ActivityData] | None:
        """The sport legs of a multisport parent (a triathlon: swim, bike, run), each from its own
        detail; transitions are left out, as in a multisport FIT file.

        Garmin's list holds only the parent (``multi_sport``, typeId 89); the legs are reachable
        through the parent detail's ``metadataDTO.childIds``. ``None`` keeps the parent as it is
        when its detail names no legs (or is gone), so nothing is lost.
        """
        try:
            detail = self._detail(parent.external_id)
        except NotFound:
            return None
        legs: list[ActivityData] = []
        for child_id in multisport_child_ids(detail):
            try:
                leg = activity_from_detail(self._detail(child_id))
            except NotFound:
                continue
            except UnmappableActivity:
                _log.warning("garmin.activity.unmappable", extra={"activity_id": child_id})
                continue
            if leg.sport is not Sport.TRANSITION:
                legs.append(replace(leg, raw={**leg.raw, "multisportParentId": parent.external_id}))
        _log.info(
            "garmin.multisport.legs",
            extra={"activity_id": parent.external_id, "legs": len(legs)},
        )
        return legs or None

    def _detail(self, activity_id: str) -> dict[str, Any]:
        with _provider_errors(rejected=AuthExpired):
            detail = self._garmin.get_activity(activity_id)
        if not isinstance(detail, dict):
            raise Unavailable(f"Garmin sent no readable detail for activity {activity_id}")
        return detail

    def get_activity(self, activity_id: str) -> ActivityData:
        """One activity from the detail endpoint, which names its IANA time zone."""
        detail = self._detail(activity_id)
        try:
            return activity_from_detail(detail)
        except UnmappableActivity as err:
            raise Unavailable(f"Garmin sent an unreadable activity {activity_id}") from err

    def download_original(self, activity_id: str) -> bytes | None:
        """The FIT file inside the ORIGINAL zip; ``None`` if Garmin has none (manual, GPX…)."""
        original = Garmin.ActivityDownloadFormat.ORIGINAL
        try:
            with _provider_errors(rejected=AuthExpired):
                blob = self._garmin.download_activity(activity_id, dl_fmt=original)
        except NotFound:
            return None
        try:
            return fit_from_original_zip(bytes(blob))
        except ValueError as err:
            raise Unavailable(f"the original file of activity {activity_id} is damaged") from err

    def daily_wellness(self, start: date, end: date) -> list[DailyWellness]:
        """Resting heart rate per local day (days without a value are left out).

        One request per year of range. Garmin's own acute/chronic load would cost one request per
        day (training-status endpoint), so it is not fetched here.
        """
        _check_range(start, end)
        self._ensure_display_name()
        days: list[DailyWellness] = []
        for chunk_start, chunk_end in _chunks(start, end, _MAX_WELLNESS_SPAN):
            with _provider_errors(rejected=AuthExpired):
                rows = self._garmin.get_rhr_daily(chunk_start.isoformat(), chunk_end.isoformat())
            days.extend(resting_hr_days(rows if isinstance(rows, list) else []))
        return days

    def _ensure_display_name(self) -> None:
        """Load the display name through the error-mapped path (the library's own swallows 429s)."""
        if self._garmin.display_name:
            return
        name = _display_name(self._garmin)
        if name is None:
            raise Unavailable("Garmin's profile has no display name")
        self._garmin.display_name = name


def provider_error_for(err: Exception, rejected: type[ProviderError]) -> ProviderError:
    """Our error for one raised by ``garminconnect`` (or by the HTTP stack beneath it)."""
    if isinstance(err, GarminConnectTooManyRequestsError):
        return RateLimited("Garmin asked us to slow down", retry_after_s=retry_after_of(err))
    if isinstance(err, GarminConnectAuthenticationError):
        return rejected("Garmin rejected the credentials")
    if isinstance(err, GarminConnectNotFoundError):
        return NotFound("Garmin has no such resource")
    status = http_status(err)
    if status in _RATE_LIMIT_STATUSES:
        return RateLimited(f"Garmin answered {status}", retry_after_s=retry_after_of(err))
    if status == 401:
        return rejected("Garmin rejected the credentials")
    if status is not None:
        return Unavailable(f"Garmin answered {status}")
    return Unavailable("Garmin could not be reached")


@contextmanager
def _provider_errors(*, rejected: type[ProviderError]) -> Iterator[None]:
    try:
        yield
    except (
        GarminConnectTooManyRequestsError,
        GarminConnectAuthenticationError,
        GarminConnectConnectionError,
        requests.RequestException,
        OSError,
    ) as err:
        translated = provider_error_for(err, rejected)
        _log.info("garmin.request.failed", extra={"code": translated.code})
        raise translated from err


class _AttemptRecorder(logging.Handler):
    """What ``garminconnect`` warns about during one login in this thread (each failed strategy,
    a failed DI exchange): the library raises only the last error, these keep the others."""

    def __init__(self, attempts: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.attempts = attempts
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread or len(self.attempts) >= _ATTEMPTS_KEPT:
            return
        try:
            text = record.getMessage()
        except (TypeError, ValueError):
            text = str(record.msg)
        self.attempts.append(text[:_ATTEMPT_CHARS])


@contextmanager
def _login_errors(*, rejected: type[LoginFailed]) -> Iterator[list[str]]:
    """Our error for a failed login, telling refused credentials apart from everything else.

    Only ``garminconnect``'s own credential refusals become ``rejected``; a 401 somewhere in a
    flow Garmin changed is ``LoginFlowFailed``, a token exchange that left no DI tokens
    ``LoginUnusable``. Every strategy's error is kept (``attempts``) and logged.
    """
    attempts: list[str] = []
    recorder = _AttemptRecorder(attempts)
    library = logging.getLogger(_LIBRARY_LOGGER)
    library.addHandler(recorder)
    try:
        yield attempts
    except GarminConnectAuthenticationError as err:
        final = (*attempts, _attempt_text(err))
        if rejected is MfaCodeRejected or _refused_credentials(err):
            raise _logged(rejected("Garmin rejected the credentials"), final) from err
        raise _logged(LoginUnusable("Garmin issued no usable tokens", final), final) from err
    except (
        GarminConnectTooManyRequestsError,
        GarminConnectConnectionError,
        requests.RequestException,
        OSError,
    ) as err:
        final = (*attempts, _attempt_text(err))
        translated = provider_error_for(err, rejected)
        if not isinstance(translated, RateLimited) and _garmin_answered(err, final):
            translated = LoginFlowFailed("every Garmin login strategy failed", final)
        raise _logged(translated, final) from err
    finally:
        library.removeHandler(recorder)


def _refused_credentials(err: BaseException) -> bool:
    text = str(err).lower()
    return any(marker in text for marker in _CREDENTIAL_REFUSALS)


def _garmin_answered(err: BaseException, attempts: tuple[str, ...]) -> bool:
    """Did Garmin answer at all (an HTTP status anywhere), or was it simply unreachable?"""
    if http_status(err) is not None:
        return True
    return any(http_status(Exception(text)) is not None for text in attempts)


def _attempt_text(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"[:_ATTEMPT_CHARS]


def _logged(err: ProviderError, attempts: tuple[str, ...]) -> ProviderError:
    _log.warning("garmin.login.failed", extra={"code": err.code, "attempts": list(attempts)})
    return err


def _new_garmin(endpoints: GarminEndpoints) -> Garmin:
    garmin = Garmin(retry_attempts=_RETRY_ATTEMPTS)
    client = garmin.client
    client._connectapi = endpoints.connectapi.rstrip("/")
    client._sso = endpoints.sso.rstrip("/")
    client._di_token_url = endpoints.di_token_url
    if endpoints.service_root is not None:
        root = endpoints.service_root.rstrip("/")
        client._ios_service_url = f"{root}/gcm/ios"
        client._mobile_sso_service_url = f"{root}/gcm/android"
        client._portal_service_url = f"{root}/app"
    return garmin


def _close(garmin: Garmin) -> None:
    """Close the HTTP sessions, including a pending MFA one (its state was already exported)."""
    garmin.client.cs.close()
    garmin.client._api_session.close()
    mfa_session = garmin.client._mfa_session
    if mfa_session is not None:
        mfa_session.close()


def _display_name(garmin: Garmin) -> str | None:
    with _provider_errors(rejected=AuthExpired):
        profile = garmin.connectapi(_SOCIAL_PROFILE_PATH)
    name = profile.get("displayName") if isinstance(profile, dict) else None
    return name if isinstance(name, str) and name.strip() else None


def _login_ok(garmin: Garmin, attempts: list[str]) -> LoginOk:
    """Tokens read after the profile call, which may itself have refreshed (and rotated) them.

    ``LoginUnusable`` when the blob lacks a DI field: the library signs in on a JWT_WEB cookie
    when Garmin's DI token exchange fails, and ``dumps()`` then writes nulls that would fail the
    first sync.
    """
    display_name = _best_effort_name(garmin) if _has_di_tokens(garmin) else None
    blob = str(garmin.client.dumps())
    try:
        fields = json.loads(blob)
    except json.JSONDecodeError:
        fields = None
    missing = [
        name
        for name in _TOKEN_FIELDS
        if not isinstance(fields, dict) or not isinstance(fields.get(name), str) or not fields[name]
    ]
    if missing:
        final = (*attempts, f"token blob without {', '.join(missing)}")
        raise _logged(LoginUnusable("Garmin issued no DI tokens", final), final)
    return LoginOk(token_blob=blob, display_name=display_name)


def _has_di_tokens(garmin: Garmin) -> bool:
    return bool(garmin.client.di_token and garmin.client.di_refresh_token)


def _best_effort_name(garmin: Garmin) -> str | None:
    """The tokens are already won; a failing profile call must not throw them away."""
    try:
        return _display_name(garmin)
    except ProviderError as err:
        _log.warning("garmin.login.profile_unavailable", extra={"code": err.code})
        return None


def _mapped_or_none(entry: Any) -> ActivityData | None:
    if not isinstance(entry, dict):
        return None
    try:
        return activity_from_list_entry(entry)
    except UnmappableActivity:
        _log.warning("garmin.activity.unmappable", extra={"activity_id": entry.get("activityId")})
        return None


def _check_range(start: date, end: date) -> None:
    if start > end:
        raise ValueError(f"start {start} is after end {end}")


def _chunks(start: date, end: date, span: timedelta) -> Iterator[tuple[date, date]]:
    chunk_start = start
    while chunk_start <= end:
        chunk_end = min(end, chunk_start + span - timedelta(days=1))
        yield chunk_start, chunk_end
        chunk_start = chunk_end + timedelta(days=1)
