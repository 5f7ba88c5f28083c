"""What the generated requests found, kept as plain cases: each of these once answered 500, or
accepted data that breaks the schema (a day written `0`, a flag written `0.0`)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.security.world import World

NUL = "a\x00b"


@pytest.mark.parametrize(
    ("method", "path", "who", "body", "status"),
    [
        ("get", "/api/v1/athletes/2147483648", "victim", None, 422),  # beyond PostgreSQL integer
        ("delete", "/api/v1/me/tokens/99999999999", "victim", None, 422),
        ("post", "/api/v1/links/2147483648/decline", "coach", None, 422),
        (
            "post",
            "/api/v1/auth/signup",
            None,
            {"email": "n@example.com", "password": "long-enough-1", "display_name": NUL},
            422,
        ),
        ("patch", "/api/v1/me", "victim", {"display_name": NUL}, 422),
        ("put", "/api/v1/athletes/{victim}/policy", "coach", {"overrides": {NUL: {}}}, 422),
        ("post", "/api/v1/me/apprise-targets", "victim", {"label": NUL, "url": "ntfy://t"}, 422),
        (
            "put",
            "/api/v1/me/notifications",
            "victim",
            {"quiet_hours": {"start": "22:00Z", "end": "07:00"}},
            422,
        ),
        ("get", "/api/v1/athletes/{victim}/metrics?end=0001-01-01", "victim", None, 422),
        ("put", "/api/v1/athletes/{victim}/missing-days/0", "victim", None, 422),
        ("post", "/api/v1/links", "victim", {"email": "c@example.com", "share_symptoms": 0}, 422),
        ("put", "/api/v1/me/notifications", "victim", {"weekly_digest": 0.0}, 422),
    ],
)
def test_refused_with_a_4xx_not_a_500(
    client: TestClient,
    world: World,
    method: str,
    path: str,
    who: str | None,
    body: dict[str, Any] | None,
    status: int,
) -> None:
    headers = world.person(who).headers if who else {}
    url = path.format(victim=world.victim.id)
    answer = client.request(method.upper(), url, json=body, headers=headers)
    assert answer.status_code == status, answer.text


def test_quiet_hours_come_back_as_the_wall_clock_times_sent(
    client: TestClient, world: World
) -> None:
    body = {"quiet_hours": {"start": "22:00", "end": "07:00:30"}}
    answer = client.put("/api/v1/me/notifications", json=body, headers=world.victim.headers)
    assert answer.json()["quiet_hours"] == {"start": "22:00:00", "end": "07:00:30"}


def test_a_coach_cannot_decline_their_own_invite_link_but_can_withdraw_it(
    client: TestClient, world: World
) -> None:
    headers = world.coach.headers
    link_id = client.post("/api/v1/links/invite", headers=headers).json()["link"]["id"]

    declined = client.post(f"/api/v1/links/{link_id}/decline", headers=headers)
    withdrawn = client.post(f"/api/v1/links/{link_id}/revoke", headers=headers)

    assert (declined.status_code, declined.json()["error"]) == (409, "link_invited_by_you")
    assert withdrawn.status_code == 204
    assert link_id not in {
        link["id"] for link in client.get("/api/v1/links", headers=headers).json()
    }


def test_the_invited_side_still_declines(client: TestClient, world: World) -> None:
    link_id = world.ids["pending_link"]
    answer = client.post(f"/api/v1/links/{link_id}/decline", headers=world.pending_coach.headers)
    assert (answer.status_code, answer.json()["status"]) == (200, "declined")


def test_an_uploaded_file_name_with_a_nul_is_not_a_500(client: TestClient, world: World) -> None:
    files = [("files", ("run\x00.fit", b"not a fit file", "application/octet-stream"))]
    url = f"/api/v1/athletes/{world.victim.id}/activities/files"
    answer = client.post(url, files=files, headers=world.victim.headers)
    assert 400 <= answer.status_code < 500, answer.text
