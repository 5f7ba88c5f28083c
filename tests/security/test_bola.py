"""Broken object-level authorisation (OWASP API1), generated from the OpenAPI schema.

Every route whose path or query takes an id is called with ids that exist and belong to the
victim, by another coach, a coach whose link the victim revoked, another athlete (with the
victim's athlete id, and with their own athlete id around the victim's nested id) and nobody.
Each must be refused (401/403/404) without a trace of the victim's data, and must change nothing
that the victim's export would show. Then the owner, or the linked coach where the route allows,
must succeed, so that no case passes for a route that refuses everyone.

``CASES`` is the table; a meta-test fails when the schema gains an id-bearing route without a
case, or when a route takes an id parameter that ``ID_PARAMS`` cannot make.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.demo.fakes.corpus import corpus_path
from service.models import Finding
from tests.security.conftest import ID_PARAMS, Operation, operations, victim_values
from tests.security.world import (
    TODAY,
    VICTIM_ACTIVITY,
    VICTIM_FINDING_TEXT,
    VICTIM_NAME,
    VICTIM_NOTE,
    World,
    rows_of,
)

ATTACKERS = ("other_coach", "revoked_coach", "other_athlete", None)
DENIED = frozenset({401, 403, 404})
UPLOAD = "garmin-fenix5-run-2017-06-11.fit"


@dataclass(frozen=True)
class Case:
    """Who may call the route (with the status they get) and what to send."""

    allowed: tuple[tuple[str, int], ...]
    body: dict[str, Any] | None = None
    ids: dict[str, str] = field(default_factory=dict)  # parameter → key in World.ids
    upload: bool = False


def _checkin() -> dict[str, Any]:
    return {"kind": "daily", "date": TODAY.isoformat(), "region": "achilles", "morning_pain": 2}


READERS = (("victim", 200), ("coach", 200))
OWNER_204 = (("victim", 204),)
PLAN = {"sessions": [{"date": TODAY.isoformat(), "sport": "running", "duration_s": 1800}]}
A = "/api/v1/athletes/{athlete_id}"

CASES: dict[str, Case] = {
    "DELETE /api/v1/me/tokens/{token_id}": Case(OWNER_204),
    "DELETE /api/v1/me/sessions/{session_id}": Case(OWNER_204),
    "POST /api/v1/links/{link_id}/accept": Case(
        (("pending_coach", 200),), ids={"link_id": "pending_link"}
    ),
    "POST /api/v1/links/{link_id}/decline": Case(
        (("pending_coach", 200),), ids={"link_id": "pending_link"}
    ),
    "POST /api/v1/links/{link_id}/revoke": Case(OWNER_204),
    "PATCH /api/v1/links/{link_id}": Case((("victim", 200),), body={"share_symptoms": False}),
    f"GET {A}": Case(READERS),
    "POST /api/v1/connections/{connection_id}/sync": Case((("victim", 202),)),
    "DELETE /api/v1/connections/{connection_id}": Case(OWNER_204),
    f"GET {A}/connections": Case(READERS),
    "DELETE /api/v1/me/push-subscriptions/{subscription_id}": Case(OWNER_204),
    "DELETE /api/v1/me/apprise-targets/{target_id}": Case(OWNER_204),
    f"POST {A}/findings/{{finding_id}}/snooze": Case(READERS, body={"days": 2}),
    "POST /api/v1/admin/alerts/{alert_id}/retry": Case((("admin", 200),)),
    f"POST {A}/checkins": Case((("victim", 201),), body=_checkin()),
    f"PUT {A}/checkins": Case((("victim", 200),), body=_checkin()),
    f"GET {A}/checkins": Case(READERS),
    f"GET {A}/findings": Case(READERS),
    f"POST {A}/findings/{{finding_id}}/acknowledge": Case(READERS),
    f"GET {A}/policy": Case(READERS),
    f"PUT {A}/policy": Case((("coach", 200),), body={"overrides": {}}),
    f"GET {A}/policy/history": Case(READERS),
    f"POST {A}/plan-check": Case(READERS, body=PLAN),
    f"GET {A}/metrics": Case(READERS),
    f"GET {A}/missing-days": Case(READERS),
    f"PUT {A}/missing-days/{{day}}": Case(OWNER_204),
    f"DELETE {A}/missing-days/{{day}}": Case(OWNER_204),
    f"GET {A}/activities": Case(READERS),
    f"PATCH {A}/activities/{{activity_id}}": Case((("victim", 200),), body={"rpe": 6}),
    f"POST {A}/activities/files": Case((("victim", 200),), upload=True),
    f"GET {A}/imports/{{import_id}}": Case((("victim", 200),)),
    f"GET {A}/episodes": Case(READERS),
    f"PATCH {A}/episodes/{{region}}/{{opened}}": Case(
        (("victim", 200),), body={"kind": "tendinopathy"}
    ),
    f"GET {A}/notes": Case(READERS),
    f"POST {A}/notes": Case(
        (("victim", 201), ("coach", 201)), body={"body": "easy week", "day": TODAY.isoformat()}
    ),
    f"DELETE {A}/notes/{{note_id}}": Case(OWNER_204),
}


def id_bearing() -> list[Operation]:
    return [op for op in operations() if op.id_params]


def test_every_id_bearing_route_has_a_case() -> None:
    routes = {op.key for op in id_bearing()}
    assert sorted(routes - CASES.keys()) == [], "add a BOLA case for these routes"
    assert sorted(CASES.keys() - routes) == [], "these cases name routes that no longer exist"
    unknown = {p for op in id_bearing() for p in op.id_params} - ID_PARAMS.keys()
    assert unknown == set(), "teach ID_PARAMS how to make these ids"


def _call(client: TestClient, op: Operation, case: Case, url: str, headers: dict[str, str]) -> Any:
    kwargs: dict[str, Any] = {"headers": headers}
    if case.upload:
        data = corpus_path("fit", UPLOAD).read_bytes()
        kwargs["files"] = [("files", (UPLOAD, data, "application/octet-stream"))]
    elif case.body is not None:
        kwargs["json"] = case.body
    return client.request(op.method.upper(), url, **kwargs)


def _refused(response: Any, who: str | None, where: str) -> None:
    allowed = {401} if who is None else DENIED
    assert response.status_code in allowed, f"{who} got {response.status_code} at {where}"
    for secret in (VICTIM_NAME, VICTIM_ACTIVITY, VICTIM_FINDING_TEXT, VICTIM_NOTE, "victim-"):
        assert secret not in response.text, f"{who} saw victim data at {where}"


def _snapshot(session: Session, world: World) -> str:
    return json.dumps(rows_of(session, world.victim.id), sort_keys=True, default=str)


@pytest.mark.parametrize("op", id_bearing(), ids=lambda op: op.key)
def test_nobody_else_reaches_the_victims_things(
    op: Operation, client: TestClient, db_session: Session, world: World
) -> None:
    case = CASES[op.key]
    before = _snapshot(db_session, world)
    for who in ATTACKERS:
        headers = world.person(who).headers if who else {}
        url = op.url(victim_values(world, None, case.ids))
        _refused(_call(client, op, case, url, headers), who, url)
    if "athlete_id" in op.path_params and len(op.id_params) > 1:
        own = op.url(victim_values(world, world.other_athlete.id, case.ids))
        _refused(_call(client, op, case, own, world.other_athlete.headers), "own-path", own)
    assert _snapshot(db_session, world) == before, "a refused call changed the victim's data"
    for who, status in case.allowed:
        url = op.url(victim_values(world, None, case.ids))
        answer = _call(client, op, case, url, world.person(who).headers)
        assert answer.status_code == status, f"{who} at {url}: {answer.text}"


SYMPTOM_READS = [
    ("get", "/checkins", 404),
    ("post", "/findings/{symptom_finding}/acknowledge", 404),
    ("post", "/findings/{symptom_finding}/snooze", 404),
]


@pytest.mark.parametrize(("method", "tail", "blind_status"), SYMPTOM_READS)
def test_staff_see_symptom_data_only_when_shared(
    client: TestClient, world: World, method: str, tail: str, blind_status: int
) -> None:
    url = f"/api/v1/athletes/{world.victim.id}" + tail.format(**world.ids)
    body = {"days": 1} if tail.endswith("snooze") else None
    blind = client.request(method, url, headers=world.blind_coach.headers, json=body)
    shared = client.request(method, url, headers=world.coach.headers, json=body)
    assert blind.status_code == blind_status, blind.text
    assert VICTIM_FINDING_TEXT not in blind.text and "morning_pain" not in blind.text
    assert shared.status_code == 200, shared.text


def test_findings_list_hides_symptom_findings_from_staff_without_sharing(
    client: TestClient, db_session: Session, world: World
) -> None:
    url = f"/api/v1/athletes/{world.victim.id}/findings"
    rules = {
        who: {f["rule"] for f in client.get(url, headers=world.person(who).headers).json()}
        for who in ("victim", "coach", "blind_coach")
    }
    symptom = db_session.get(Finding, world.ids["symptom_finding"])
    assert symptom is not None
    assert symptom.rule in rules["victim"] and symptom.rule in rules["coach"]
    assert rules["blind_coach"] == rules["victim"] - {symptom.rule}


def test_list_endpoints_never_include_foreign_athletes(client: TestClient, world: World) -> None:
    for who in ("other_coach", "revoked_coach", "pending_coach", "other_athlete"):
        person = world.person(who)
        athletes = client.get("/api/v1/athletes", headers=person.headers).json()
        assert world.victim.id not in {a["id"] for a in athletes}, who
        links = client.get("/api/v1/links", headers=person.headers).text
        if who in ("other_coach", "other_athlete"):  # the others see their own invitation
            assert VICTIM_NAME not in links, who
    listed = client.get("/api/v1/athletes", headers=world.coach.headers).json()
    assert world.victim.id in {a["id"] for a in listed}
