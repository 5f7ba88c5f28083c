"""Signed links in emails: they verify only as issued, only for this installation, only in time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr

from service.alerts.links import (
    InvalidLink,
    LinkClaim,
    finding_link,
    finding_url,
    sign,
    unsubscribe_link,
    verify,
)
from tests.integration.alerts.support import BASE_URL, alert_settings

SETTINGS = alert_settings()
SOON = datetime.now(UTC) + timedelta(days=1)


@given(
    action=st.sampled_from(["acknowledge", "snooze"]),
    user_id=st.integers(1, 2**40),
    finding_id=st.integers(1, 2**40),
)
def test_finding_links_round_trip(action: str, user_id: int, finding_id: int) -> None:
    claim = LinkClaim(action, user_id, finding_id=finding_id)  # type: ignore[arg-type]
    assert verify(SETTINGS, sign(SETTINGS, claim, SOON)) == claim


@pytest.mark.parametrize("topic", ["alerts", "digest", "reminders"])
def test_unsubscribe_links_round_trip(topic: str) -> None:
    url = unsubscribe_link(SETTINGS, 7, topic)  # type: ignore[arg-type]
    assert url.startswith(f"{BASE_URL}/alerts/links/")
    assert verify(SETTINGS, url.rsplit("/", 1)[1]) == LinkClaim("unsubscribe", 7, topic=topic)  # type: ignore[arg-type]


def _tamper(token: str, at: int) -> str:
    swapped = "A" if token[at] != "A" else "B"
    return token[:at] + swapped + token[at + 1 :]


@pytest.mark.parametrize(
    "forge",
    [
        lambda t: _tamper(t, 3),  # payload changed
        lambda t: _tamper(t, len(t) - 3),  # signature changed
        lambda t: t.split(".")[0],  # signature missing
        lambda t: "." + t.split(".")[1],  # payload missing
        lambda t: "not a token",
        lambda t: "",
        lambda t: "%%%.***",
    ],
)
def test_altered_tokens_are_refused(forge: object) -> None:
    token = finding_link(SETTINGS, "acknowledge", 3, 9).rsplit("/", 1)[1]
    with pytest.raises(InvalidLink):
        verify(SETTINGS, forge(token))  # type: ignore[operator]


def test_expired_and_foreign_tokens_are_refused() -> None:
    claim = LinkClaim("snooze", 3, finding_id=9)
    token = sign(SETTINGS, claim, SOON)
    with pytest.raises(InvalidLink, match="expired"):
        verify(SETTINGS, token, now=SOON + timedelta(seconds=1))
    other = SETTINGS.model_copy(
        update={"secret_key": SecretStr("another-installation-secret-" * 2)}
    )
    with pytest.raises(InvalidLink):
        verify(other, token)


@pytest.mark.parametrize(
    "claim",
    [
        LinkClaim("acknowledge", 1),  # no finding
        LinkClaim("unsubscribe", 1),  # no topic
        LinkClaim("snooze", 1, finding_id=2, topic="alerts"),  # both
    ],
)
def test_incomplete_claims_do_not_verify(claim: LinkClaim) -> None:
    with pytest.raises(InvalidLink):
        verify(SETTINGS, sign(SETTINGS, claim, SOON))


def test_finding_url_is_the_dashboard_page() -> None:
    assert finding_url(SETTINGS, 4, 12) == f"{BASE_URL}/athletes/4/findings/12"
