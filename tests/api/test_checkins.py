"""Check-ins over the API: validation that stores nothing, corrections, and who may read them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.models import Checkin
from tests.api.conftest import Api
from tests.support.clocks import local_today

#: Three days back: still a past day however long after loading the tests run
DAY = (local_today() - timedelta(days=3)).isoformat()


def url(athlete: dict[str, Any]) -> str:
    return f"/api/v1/athletes/{athlete['id']}/checkins"


def stored(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Checkin)) or 0)


def link(
    client: TestClient, athlete_h: dict[str, str], staff_email: str, staff_h: dict[str, str]
) -> int:
    made = client.post("/api/v1/links", json={"email": staff_email}, headers=athlete_h).json()
    client.post(f"/api/v1/links/{made['id']}/accept", headers=staff_h)
    return int(made["id"])


REFUSED = [
    ({"kind": "daily", "region": "achilles", "morning_pain": 11}, "morning_pain"),
    ({"kind": "daily", "region": "achilles", "morning_pain": 4.5}, "morning_pain"),
    ({"kind": "daily", "region": "achilles", "morning_stiffness_min": -1}, "morning_stiffness_min"),
    ({"kind": "post_run", "region": "achilles", "pain_after": -1}, "pain_after"),
    ({"kind": "weekly", "region": "achilles", "ostrc": [9, 8, 8, 8]}, "ostrc[0]"),
    ({"kind": "weekly", "region": "achilles", "ostrc": [8, 9, 8, 8]}, "ostrc[1]"),
    ({"kind": "weekly", "region": "achilles", "ostrc": [0, 8, None, None]}, "ostrc[1]"),
    ({"kind": "weekly", "region": "achilles", "ostrc": [8, 8, 8]}, "ostrc"),
    ({"kind": "weekly", "region": "knee_front", "visa_a": 70}, "visa_a"),
    ({"kind": "weekly", "region": "achilles", "visa_a": 101}, "visa_a"),
    (
        {
            "kind": "weekly",
            "region": "achilles",
            "visa_a": {
                "q1": 11,
                "q2": 5,
                "q3": 5,
                "q4": 5,
                "q5": 5,
                "q6": 5,
                "q7": 4,
                "q8_branch": "B",
                "q8_duration": "1-10",
            },
        },
        "visa_a.q1",
    ),
    ({"kind": "weekly", "region": "elbow", "pain_week": 3}, "region"),
    ({"kind": "daily", "morning_pain": 3}, "region"),
    ({"kind": "daily", "region": "achilles"}, "morning_pain, morning_stiffness_min"),
    ({"kind": "daily", "region": "achilles", "pain_week": 3}, "pain_week"),
    ({"kind": "red_flag", "red_flags": ["broken_leg"]}, "red_flags"),
    ({"kind": "red_flag", "red_flags": []}, "red_flags"),
]


@pytest.mark.parametrize(("body", "field"), REFUSED)
@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_out_of_range_answers_are_refused_and_nothing_is_stored(
    api: Api,
    client: TestClient,
    db_session: Session,
    sent_tasks: list[Any],
    method: str,
    body: dict[str, Any],
    field: str,
) -> None:
    ann, ann_h = api.user("ann@example.com")
    response = client.request(method, url(ann), json={"date": DAY, **body}, headers=ann_h)
    assert response.status_code == 422, response.text
    error = response.json()
    assert error["error"] == "invalid_checkin"
    assert error["detail"]["field"] == field
    assert error["detail"]["message"]["en"] and error["detail"]["message"]["nl"]
    assert stored(db_session) == 0
    assert sent_tasks == []


def test_unknown_fields_and_future_days_are_refused(
    api: Api, client: TestClient, db_session: Session
) -> None:
    ann, ann_h = api.user("ann@example.com")
    extra = {"date": DAY, "kind": "daily", "region": "achilles", "morning_pain": 2, "mood": 3}
    unknown = client.post(url(ann), json=extra, headers=ann_h)
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "mood"]
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    body = {"date": tomorrow, "kind": "daily", "region": "achilles", "morning_pain": 2}
    future = client.post(url(ann), json=body, headers=ann_h)
    assert future.status_code == 422 and future.json()["detail"]["field"] == "date"
    bad_kind = client.post(url(ann), json={**body, "date": DAY, "kind": "monthly"}, headers=ann_h)
    assert bad_kind.status_code == 422
    assert stored(db_session) == 0


ACCEPTED = [
    (
        {"kind": "daily", "region": "achilles", "morning_pain": 3, "morning_stiffness_min": 15},
        {"morning_pain": 3, "morning_stiffness_min": 15.0, "region": "achilles"},
    ),
    (
        {"kind": "post_run", "region": "shin", "pain_during": 2, "pain_after": 6.0},
        {"pain_during": 2, "pain_after": 6, "region": "shin"},
    ),
    (
        {"kind": "weekly", "region": "achilles", "pain_week": 4, "ostrc": [8, 17, 8, 0]},
        {"ostrc": [8, 17, 8, 0], "ostrc_severity": 33, "pain_week": 4},
    ),
    (
        {"kind": "weekly", "region": "knee_front", "ostrc": [0, None, None, None]},
        {"ostrc": [0, None, None, None], "ostrc_severity": 0},
    ),
    (
        {"kind": "weekly", "region": "achilles", "ostrc": [25, None, None, 17]},
        {"ostrc": [25, None, None, 17], "ostrc_severity": 92},
    ),
    (
        {
            "kind": "weekly",
            "region": "achilles",
            "visa_a": {
                "q1": 7,
                "q2": 6,
                "q3": 5,
                "q4": 8,
                "q5": 6,
                "q6": 7,
                "q7": 4,
                "q8_branch": "B",
                "q8_duration": "11-20",
            },
        },
        {"visa_a": 53, "visa_a_items": {"q1": 7, "q8_branch": "B", "q8_duration": "11-20"}},
    ),
    ({"kind": "weekly", "region": "achilles", "visa_a": 62}, {"visa_a": 62, "visa_a_items": None}),
    (
        {"kind": "red_flag", "red_flags": ["sudden_snap", "cannot_push_off"]},
        {"red_flags": ["cannot_push_off", "sudden_snap"], "region": None},
    ),
    (
        {"kind": "red_flag", "region": "calf", "red_flags": ["calf_warm_red_swollen"]},
        {"red_flags": ["calf_warm_red_swollen"], "region": "calf"},
    ),
]


@pytest.mark.parametrize(("body", "expected"), ACCEPTED)
def test_each_kind_is_stored_and_scored(
    api: Api,
    client: TestClient,
    db_session: Session,
    sent_tasks: list[Any],
    body: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    ann, ann_h = api.user("ann@example.com")
    response = client.post(url(ann), json={"date": DAY, **body}, headers=ann_h)
    assert response.status_code == 201, response.text
    out = response.json()
    assert (out["kind"], out["date"]) == (body["kind"], DAY)
    for name, value in expected.items():
        if isinstance(value, dict):
            assert value.items() <= out[name].items()
        else:
            assert out[name] == value, name
    assert stored(db_session) == 1
    assert sent_tasks == [("findings.evaluate", {"athlete_id": ann["id"]})]


def test_a_correction_replaces_the_answers_of_the_same_day_kind_and_region(
    api: Api, client: TestClient, db_session: Session, sent_tasks: list[Any]
) -> None:
    ann, ann_h = api.user("ann@example.com")
    first = {
        "date": DAY,
        "kind": "daily",
        "region": "achilles",
        "morning_pain": 6,
        "morning_stiffness_min": 20,
    }
    created = client.post(url(ann), json=first, headers=ann_h).json()
    again = client.post(url(ann), json=first, headers=ann_h)
    assert again.status_code == 409 and again.json()["error"] == "checkin_exists"
    fixed = {"date": DAY, "kind": "daily", "region": "achilles", "morning_pain": 2}
    corrected = client.put(url(ann), json=fixed, headers=ann_h)
    assert corrected.status_code == 200
    out = corrected.json()
    assert out["id"] == created["id"]
    assert (out["morning_pain"], out["morning_stiffness_min"]) == (2, None)
    other_region = client.put(url(ann), json={**fixed, "region": "calf"}, headers=ann_h)
    assert other_region.status_code == 200 and other_region.json()["id"] != created["id"]
    listed = client.get(url(ann), headers=ann_h).json()
    assert [(c["region"], c["morning_pain"]) for c in listed] == [("achilles", 2), ("calf", 2)]
    assert stored(db_session) == 2
    assert sent_tasks == [("findings.evaluate", {"athlete_id": ann["id"]})] * 3


def test_listing_by_date_range(api: Api, client: TestClient) -> None:
    ann, ann_h = api.user("ann@example.com")
    days = [local_today() - timedelta(days=n) for n in (10, 5, 1)]
    for day in days:
        body = {"date": day.isoformat(), "kind": "weekly", "region": "shin", "pain_week": 2}
        assert client.post(url(ann), json=body, headers=ann_h).status_code == 201
    window = {"start": days[1].isoformat(), "end": days[2].isoformat()}
    listed = client.get(url(ann), params=window, headers=ann_h).json()
    assert [date.fromisoformat(c["date"]) for c in listed] == days[1:]
    backwards = {"start": days[2].isoformat(), "end": days[1].isoformat()}
    assert client.get(url(ann), params=backwards, headers=ann_h).status_code == 422


def test_only_the_athlete_records_and_staff_read_only_while_linked_and_shared(
    api: Api, client: TestClient, db_session: Session
) -> None:
    ann, ann_h = api.user("ann@example.com")
    _, coach_h = api.user("coach@example.com", "coach")
    _, stranger_h = api.user("physio@example.com", "physio")
    body = {"date": DAY, "kind": "post_run", "region": "calf", "pain_after": 4}
    assert client.post(url(ann), json=body, headers=ann_h).status_code == 201
    assert client.get(url(ann), headers=coach_h).status_code == 404

    link_id = link(client, ann_h, "coach@example.com", coach_h)
    hidden = client.get(url(ann), headers=coach_h)
    assert hidden.status_code == 404 and hidden.json()["error"] == "symptoms_not_shared"
    as_coach = client.post(
        url(ann), json={**body, "date": local_today().isoformat()}, headers=coach_h
    )
    assert as_coach.status_code == 403

    client.patch(f"/api/v1/links/{link_id}", json={"share_symptoms": True}, headers=ann_h)
    shared = client.get(url(ann), headers=coach_h)
    assert shared.status_code == 200 and [c["pain_after"] for c in shared.json()] == [4]
    assert client.get(url(ann), headers=stranger_h).status_code == 404

    client.post(f"/api/v1/links/{link_id}/revoke", headers=ann_h)
    gone = client.get(url(ann), headers=coach_h)
    assert gone.status_code == 404 and gone.json()["error"] == "athlete_not_found"
    assert stored(db_session) == 1
