"""Library exceptions → our provider errors, and the Retry-After reader."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from types import SimpleNamespace

import pytest
import requests
from garminconnect import (
    GarminConnectAuthenticationError,
    GarminConnectConnectionError,
    GarminConnectNotFoundError,
    GarminConnectTooManyRequestsError,
)
from hypothesis import given
from hypothesis import strategies as st
from requests.structures import CaseInsensitiveDict

from service.integrations.base import AuthExpired, ProviderError, RateLimited, Unavailable
from service.integrations.garmin import (
    MESSAGES,
    LoginFailed,
    MfaCodeRejected,
    NotFound,
    provider_error_for,
)
from service.integrations.garmin_errors import retry_after_seconds


def _http_error(status: int, retry_after: str | None = None) -> GarminConnectConnectionError:
    """What ``garminconnect`` raises for an HTTP failure: the response rides along."""
    error = GarminConnectConnectionError(f"API Error {status}")
    headers = CaseInsensitiveDict({"Retry-After": retry_after} if retry_after else {})
    error.response = SimpleNamespace(status_code=status, headers=headers)
    return error


def _wrapped(outer: Exception, inner: Exception) -> Exception:
    """``outer`` raised ``from inner``, as the library's error decorator does."""
    try:
        raise outer from inner
    except Exception as err:
        return err


CASES = [
    (_wrapped(GarminConnectTooManyRequestsError("Rate limit"), _http_error(429, "30")),
     RateLimited, 30.0),
    (_wrapped(GarminConnectTooManyRequestsError("Rate limit"), _http_error(429)),
     RateLimited, None),
    (GarminConnectTooManyRequestsError("All login strategies rate limited"), RateLimited, None),
    (_http_error(427, "120"), RateLimited, 120.0),
    (GarminConnectConnectionError("Download client error (429): API Error 429"), RateLimited, None),
    (GarminConnectAuthenticationError("Authentication failed"), AuthExpired, None),
    (_http_error(401), AuthExpired, None),
    (_wrapped(GarminConnectNotFoundError("client error (404)"), _http_error(404)), NotFound, None),
    (_http_error(403), Unavailable, None),
    (_http_error(503), Unavailable, None),
    (GarminConnectConnectionError("API call HTTP error: API Error 502"), Unavailable, None),
    (GarminConnectConnectionError("Connection error: refused"), Unavailable, None),
    (requests.ConnectionError("refused"), Unavailable, None),
    (TimeoutError("read timed out"), Unavailable, None),
]  # fmt: skip


@pytest.mark.parametrize(("error", "expected", "retry_after"), CASES)
def test_library_errors_become_provider_errors(error, expected, retry_after):
    translated = provider_error_for(error, rejected=AuthExpired)
    assert type(translated) is expected
    if isinstance(translated, RateLimited):
        assert translated.retry_after_s == retry_after


@pytest.mark.parametrize("rejected", [AuthExpired, LoginFailed, MfaCodeRejected])
def test_rejected_credentials_raise_the_error_the_caller_chose(rejected):
    for error in (GarminConnectAuthenticationError("no"), _http_error(401)):
        assert type(provider_error_for(error, rejected=rejected)) is rejected


def test_new_codes_are_stable_and_sit_in_the_provider_tree():
    assert (LoginFailed.code, MfaCodeRejected.code, NotFound.code) == (
        "provider_login_failed",
        "provider_mfa_code_rejected",
        "provider_not_found",
    )
    assert issubclass(MfaCodeRejected, LoginFailed)
    assert all(issubclass(cls, ProviderError) for cls in (LoginFailed, NotFound))


def test_every_new_code_has_an_english_and_a_dutch_text():
    for cls in (LoginFailed, MfaCodeRejected, NotFound):
        texts = MESSAGES[cls.code]
        assert set(texts) == {"en", "nl"}
        assert all(text.strip() for text in texts.values())
        assert texts["en"] != texts["nl"]


NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("30", 30.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        ("1.5", 1.5),
        ("-5", 0.0),
        ("Sun, 22 Nov 2026 12:00:45 GMT", 45.0),
        ("Sun, 22 Nov 2026 11:59:00 GMT", 0.0),
        ("", None),
        (None, None),
        ("soon", None),
        ("nan", None),
        ("inf", None),
    ],
)
def test_retry_after_header(header, seconds):
    assert retry_after_seconds(header, now=NOW) == seconds


@given(st.integers(min_value=0, max_value=10**7))
def test_delta_seconds_read_back_exactly(seconds):
    assert retry_after_seconds(str(seconds)) == seconds


@given(st.integers(min_value=0, max_value=10**6))
def test_http_dates_read_back_to_the_second(seconds):
    header = format_datetime(NOW + timedelta(seconds=seconds), usegmt=True)
    assert retry_after_seconds(header, now=NOW) == seconds
