"""Coach–athlete consent: nothing is visible until accepted, revocation is immediate."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import AuditEntry
from tests.api.conftest import Api


def roster(client: TestClient, headers: dict[str, str]) -> list[int]:
    response = client.get("/api/v1/athletes", headers=headers)
    assert response.status_code == 200
    return [a["id"] for a in response.json()]


def test_athlete_invites_coach_by_email(api: Api, client: TestClient, db_session: Session) -> None:
    ann, ann_h = api.user("ann@example.com")
    coach, coach_h = api.user("coach@example.com", "coach")
    _, other_h = api.user("other-coach@example.com", "coach")
    link = client.post("/api/v1/links", json={"email": "coach@example.com"}, headers=ann_h).json()
    assert link["status"] == "pending"
    assert roster(client, coach_h) == []
    assert client.get(f"/api/v1/athletes/{ann['id']}", headers=coach_h).status_code == 404

    accepted = client.post(f"/api/v1/links/{link['id']}/accept", headers=coach_h)
    assert accepted.json()["status"] == "active"
    assert roster(client, coach_h) == [ann["id"]]
    detail = client.get(f"/api/v1/athletes/{ann['id']}", headers=coach_h)
    assert detail.status_code == 200 and detail.json()["share_symptoms"] is False
    audit = db_session.scalars(select(AuditEntry)).all()
    assert [(a.actor_id, a.athlete_id, a.resource) for a in audit] == [
        (coach["id"], ann["id"], f"/api/v1/athletes/{ann['id']}")
    ]

    assert client.get(f"/api/v1/athletes/{ann['id']}", headers=other_h).status_code == 404
    assert client.get(f"/api/v1/athletes/{ann['id']}").status_code == 401

    assert client.post(f"/api/v1/links/{link['id']}/revoke", headers=ann_h).status_code == 204
    gone = client.get(f"/api/v1/athletes/{ann['id']}", headers=coach_h)
    assert gone.status_code == 404 and gone.json()["error"] == "athlete_not_found"
    assert roster(client, coach_h) == []


def test_coach_invites_athlete_with_a_link(api: Api, client: TestClient) -> None:
    ann, ann_h = api.user("ann@example.com")
    _, coach_h = api.user("physio@example.com", "physio")
    invite = client.post("/api/v1/links/invite", headers=coach_h).json()
    assert invite["invite_url"].endswith(invite["token"])
    assert roster(client, coach_h) == []
    body = {"token": invite["token"], "share_symptoms": True}
    accepted = client.post("/api/v1/links/accept-invite", json=body, headers=ann_h)
    assert accepted.json()["status"] == "active" and accepted.json()["share_symptoms"] is True
    assert roster(client, coach_h) == [ann["id"]]
    reused = client.post("/api/v1/links/accept-invite", json=body, headers=ann_h)
    assert reused.status_code == 404 and reused.json()["error"] == "invite_not_found"


def test_only_athletes_accept_invites_and_only_staff_accept_athletes(
    api: Api, client: TestClient
) -> None:
    _, ann_h = api.user("ann@example.com")
    _, coach_h = api.user("coach@example.com", "coach")
    invite = client.post("/api/v1/links/invite", headers=coach_h).json()
    as_coach = client.post(
        "/api/v1/links/accept-invite", json={"token": invite["token"]}, headers=coach_h
    )
    assert as_coach.status_code == 403 and as_coach.json()["error"] == "athletes_only"
    assert client.post("/api/v1/links/invite", headers=ann_h).status_code == 403
    link = client.post("/api/v1/links", json={"email": "coach@example.com"}, headers=ann_h).json()
    assert client.post(f"/api/v1/links/{link['id']}/accept", headers=ann_h).status_code == 403


def test_invite_for_unknown_email_waits_for_the_signup(api: Api, client: TestClient) -> None:
    ann, ann_h = api.user("ann@example.com")
    link = client.post("/api/v1/links", json={"email": "late@example.com"}, headers=ann_h).json()
    assert link["staff"] is None and link["invite_email"] == "late@example.com"
    _, late_h = api.user("late@example.com", "coach")
    pending = client.get("/api/v1/links", headers=late_h).json()
    assert [(p["id"], p["status"]) for p in pending] == [(link["id"], "pending")]
    client.post(f"/api/v1/links/{link['id']}/accept", headers=late_h)
    assert roster(client, late_h) == [ann["id"]]


def test_inviting_an_athlete_account_as_coach_is_refused(api: Api, client: TestClient) -> None:
    _, ann_h = api.user("ann@example.com")
    api.user("bob@example.com")
    response = client.post("/api/v1/links", json={"email": "bob@example.com"}, headers=ann_h)
    assert response.status_code == 422 and response.json()["error"] == "not_staff"


def test_duplicate_invite_conflicts(api: Api, client: TestClient) -> None:
    _, ann_h = api.user("ann@example.com")
    api.user("coach@example.com", "coach")
    assert (
        client.post("/api/v1/links", json={"email": "coach@example.com"}, headers=ann_h).status_code
        == 201
    )
    again = client.post("/api/v1/links", json={"email": "coach@example.com"}, headers=ann_h)
    assert again.status_code == 409 and again.json()["error"] == "already_invited"


def test_athlete_controls_symptom_sharing(api: Api, client: TestClient) -> None:
    _, ann_h = api.user("ann@example.com")
    _, coach_h = api.user("coach@example.com", "coach")
    link = client.post("/api/v1/links", json={"email": "coach@example.com"}, headers=ann_h).json()
    client.post(f"/api/v1/links/{link['id']}/accept", headers=coach_h)
    client.patch(f"/api/v1/links/{link['id']}", json={"share_symptoms": True}, headers=ann_h)
    assert client.get("/api/v1/athletes", headers=coach_h).json()[0]["share_symptoms"] is True
    forged = client.patch(
        f"/api/v1/links/{link['id']}", json={"share_symptoms": False}, headers=coach_h
    )
    assert forged.status_code == 403


def test_profile_changes_recompute_what_depends_on_them(
    api: Api, client: TestClient, sent_tasks: list[tuple[str, dict[str, object]]]
) -> None:
    ann, ann_h = api.user("ann@example.com")
    client.patch("/api/v1/me/profile", json={"hr_max_bpm": 190}, headers=ann_h)
    assert sent_tasks[-1] == (
        "metrics.recompute",
        {"athlete_id": ann["id"], "from_date": "0001-01-01"},
    )
    client.patch("/api/v1/me/profile", json={"flags": ["achilles_tendinopathy"]}, headers=ann_h)
    assert sent_tasks[-1] == ("findings.evaluate", {"athlete_id": ann["id"]})
    count = len(sent_tasks)
    client.patch("/api/v1/me/profile", json={"hr_max_bpm": 190}, headers=ann_h)
    assert len(sent_tasks) == count


def test_profile_validation(api: Api, client: TestClient) -> None:
    ann, ann_h = api.user("ann@example.com")
    ok = client.patch(
        "/api/v1/me/profile",
        json={
            "sex": "female",
            "hr_max_bpm": 190,
            "hr_rest_bpm": 50,
            "flags": ["previous_achilles_tendinopathy"],
        },
        headers=ann_h,
    )
    assert ok.status_code == 200 and ok.json()["flags"] == ["previous_achilles_tendinopathy"]
    for bad in ({"hr_max_bpm": 400}, {"flags": ["made_up"]}, {"sex": "x"}, {"hr_rest_bpm": 195}):
        response = client.patch("/api/v1/me/profile", json=bad, headers=ann_h)
        assert response.status_code == 422, bad
    detail = client.get(f"/api/v1/athletes/{ann['id']}", headers=ann_h).json()
    assert detail["profile"]["hr_max_bpm"] == 190 and detail["profile"]["hr_rest_bpm"] == 50
