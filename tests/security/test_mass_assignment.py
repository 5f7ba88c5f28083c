"""Object-property authorisation (OWASP API3): no mass assignment, no secrets in responses.

Every JSON request body in the schema forbids unknown properties, at every depth; every route
that takes one refuses a valid body with ``role``, ``id``, ``user_id``, ``athlete_id``,
``is_active`` and ``created_at`` added (422) and accepts the same body without them, so the
refusal is the extra fields' doing. No response schema has a property named like a secret, except
the one-time values that are shown once on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.security.conftest import Operation, operations, schema, victim_values
from tests.security.people import PASSWORD, push_keys
from tests.security.world import TODAY, World

EXTRA = {
    "role": "admin",
    "id": 1,
    "user_id": 1,
    "athlete_id": 1,
    "is_active": True,
    "created_at": "2026-01-01T00:00:00Z",
}
SECRET_NAME = re.compile(r"token|password|secret|credential|csrf|hash", re.IGNORECASE)
#: Shown once on purpose: the new API token, the session's CSRF token, a coach's invite token.
SHOWN_ONCE = frozenset(
    {("TokenCreatedOut", "token"), ("SessionOut", "csrf_token"), ("LinkInviteOut", "token")}
)


def bodies(world: World) -> dict[str, tuple[str | None, dict[str, Any]]]:
    """A valid body for every route that takes JSON, and who sends it."""
    email = world.victim.user.email
    checkin = {"kind": "daily", "date": TODAY.isoformat(), "region": "achilles", "morning_pain": 2}
    a = "/api/v1/athletes/{athlete_id}"
    return {
        "POST /api/v1/auth/signup": (None, {"email": "new@example.com", "password": PASSWORD}),
        "POST /api/v1/auth/login": (None, {"email": email, "password": PASSWORD}),
        "POST /api/v1/auth/tokens": (None, {"email": email, "password": PASSWORD}),
        "POST /api/v1/auth/password-reset": (None, {"email": email}),
        "POST /api/v1/auth/password-reset/confirm": (
            None,
            {"token": "reset_" + "x" * 20, "password": PASSWORD},
        ),
        "POST /api/v1/auth/verify-email": (None, {"token": "not-a-real-token.x"}),
        "POST /api/v1/me/password": (
            "victim",
            {"current_password": PASSWORD, "new_password": "another-fine-phrase-7"},
        ),
        "PATCH /api/v1/me": ("victim", {"display_name": "Vee"}),
        "DELETE /api/v1/me": ("victim", {"password": PASSWORD}),
        "POST /api/v1/links": ("victim", {"email": world.other_coach.user.email}),
        "POST /api/v1/links/accept-invite": ("other_athlete", {"token": "link_" + "x" * 20}),
        "PATCH /api/v1/links/{link_id}": ("victim", {"share_symptoms": False}),
        "PATCH /api/v1/me/profile": ("victim", {"hr_max_bpm": 185}),
        "POST /api/v1/connections/garmin": ("other_athlete", {"email": email, "password": "pw"}),
        "POST /api/v1/connections/garmin/mfa": ("other_athlete", {"code": "123456"}),
        "PUT /api/v1/me/notifications": ("victim", {"email": True}),
        "POST /api/v1/me/push-subscriptions": (
            "victim",
            {"endpoint": "https://push.example.com/new", "keys": push_keys()},
        ),
        "POST /api/v1/me/apprise-targets": (
            "victim",
            {"label": "phone", "url": "ntfy://loadwatch-test-topic"},
        ),
        f"POST {a}/findings/{{finding_id}}/snooze": ("victim", {"days": 2}),
        f"POST {a}/checkins": ("victim", checkin),
        f"PUT {a}/checkins": ("victim", checkin),
        f"PUT {a}/policy": ("coach", {"overrides": {}}),
        f"POST {a}/plan-check": (
            "victim",
            {"sessions": [{"date": TODAY.isoformat(), "sport": "running", "duration_s": 1800}]},
        ),
        f"PATCH {a}/activities/{{activity_id}}": ("victim", {"rpe": 6}),
        f"PATCH {a}/episodes/{{region}}/{{opened}}": ("victim", {"kind": "tendinopathy"}),
        f"POST {a}/notes": ("coach", {"body": "easy week", "day": TODAY.isoformat()}),
    }


def json_body_operations() -> list[Operation]:
    return [op for op in operations() if "application/json" in op.body_types]


def test_every_json_body_route_has_a_valid_body(world: World) -> None:
    assert sorted({op.key for op in json_body_operations()} ^ bodies(world).keys()) == []


def _resolve(node: Any, components: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object schema reachable from ``node``, with the name it is known by."""
    seen: set[str] = set()
    stack: list[tuple[str, Any]] = [("(inline)", node)]
    while stack:
        name, current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if ref:
                target = ref.rsplit("/", 1)[-1]
                if target not in seen:
                    seen.add(target)
                    stack.append((target, components[target]))
                continue
            if current.get("type") == "object" or "properties" in current:
                yield name, current
            stack.extend((name, value) for value in current.values())
        elif isinstance(current, list):
            stack.extend((name, value) for value in current)


def declared_fields(op: Operation) -> set[str]:
    components = schema()["components"]["schemas"]
    body = op.spec["requestBody"]["content"]["application/json"]["schema"]
    top = components[body["$ref"].rsplit("/", 1)[-1]] if "$ref" in body else body
    return set(top.get("properties", {}))


def test_request_bodies_forbid_unknown_properties_at_every_depth() -> None:
    spec = schema()
    components = spec["components"]["schemas"]
    open_objects = set()
    for op in json_body_operations():
        body = op.spec["requestBody"]["content"]["application/json"]["schema"]
        for name, obj in _resolve(body, components):
            if obj.get("properties") and obj.get("additionalProperties") is not False:
                open_objects.add(f"{op.key}: {name}")
    assert sorted(open_objects) == []


@pytest.mark.parametrize("op", json_body_operations(), ids=lambda op: op.key)
def test_extra_fields_are_refused_and_the_plain_body_accepted(
    op: Operation, client: TestClient, world: World
) -> None:
    who, body = bodies(world)[op.key]
    headers = world.person(who).headers if who else {}
    url = op.url(victim_values(world))

    refused = client.request(op.method.upper(), url, json={**body, **EXTRA}, headers=headers)
    accepted = client.request(op.method.upper(), url, json=body, headers=headers)

    assert refused.status_code == 422, refused.text
    extras = {e["loc"][-1] for e in refused.json()["detail"] if e["type"] == "extra_forbidden"}
    assert extras == EXTRA.keys() - declared_fields(op)  # sign-up's own ``role`` refuses admin
    assert accepted.status_code < 500
    assert accepted.status_code != 422 or accepted.json()["error"] != "validation_error"


def test_no_response_schema_exposes_a_secret() -> None:
    spec = schema()
    components = spec["components"]["schemas"]
    exposed = set()
    for op in operations():
        for answer in op.spec.get("responses", {}).values():
            for content in answer.get("content", {}).values():
                for name, obj in _resolve(content.get("schema", {}), components):
                    for prop in obj.get("properties", {}):
                        if SECRET_NAME.search(prop) and (name, prop) not in SHOWN_ONCE:
                            exposed.add(f"{name}.{prop}")
    assert sorted(exposed) == []
