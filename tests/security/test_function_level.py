"""Function-level authorisation (OWASP API5) and the inventory (API9), generated from the schema.

Every route outside a short public list answers 401 to a caller without credentials. Every route
is then called as an athlete, a coach and an administrator: the routes that refuse a role with a
role error must be exactly the ones declared below, so a new coach- or admin-only route has to be
named here, and a declared one that starts letting others in fails.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.security.conftest import Operation, operations, victim_values
from tests.security.world import World

PUBLIC = frozenset(
    {
        "GET /healthz",
        "POST /api/v1/auth/signup",
        "POST /api/v1/auth/login",
        "POST /api/v1/auth/tokens",
        "POST /api/v1/auth/password-reset",
        "POST /api/v1/auth/password-reset/confirm",
        "POST /api/v1/auth/verify-email",  # the signed token is the authority
        "POST /api/v1/webhooks/google-health",  # authenticated by its shared secret and signature
    }
)
STAFF_ONLY = frozenset(
    {
        "POST /api/v1/links/invite",
        "POST /api/v1/links/{link_id}/accept",
    }
)
ADMIN_ONLY = frozenset(
    {
        "GET /api/v1/admin/alerts",
        "POST /api/v1/admin/alerts/{alert_id}/retry",
    }
)
ATHLETE_ONLY = frozenset(
    {
        "POST /api/v1/links",
        "POST /api/v1/links/accept-invite",
        "PATCH /api/v1/links/{link_id}",
        "PATCH /api/v1/me/profile",
        "GET /api/v1/connections",
        "POST /api/v1/connections/garmin",
        "POST /api/v1/connections/garmin/mfa",
        "POST /api/v1/connections/fitbit/authorize",
        "GET /api/v1/connections/fitbit/callback",
        "POST /api/v1/connections/{connection_id}/sync",
        "DELETE /api/v1/connections/{connection_id}",
    }
)
ROLE_ERRORS = {"athlete": "athletes_only", "staff": "staff_only", "admin": "admins_only"}
#: Who is refused with a role error, by the route's declared audience.
REFUSED = {
    "staff": ("victim", "admin"),
    "admin": ("victim", "coach"),
    "athlete": ("coach", "admin"),
}


def audience(key: str) -> str | None:
    for name, routes in (("staff", STAFF_ONLY), ("admin", ADMIN_ONLY), ("athlete", ATHLETE_ONLY)):
        if key in routes:
            return name
    return None


def test_declared_routes_exist() -> None:
    keys = {op.key for op in operations()}
    for declared in (PUBLIC, STAFF_ONLY, ADMIN_ONLY, ATHLETE_ONLY):
        assert sorted(declared - keys) == []


@pytest.mark.parametrize("op", operations(), ids=lambda op: op.key)
def test_roles_are_enforced_on_every_route(op: Operation, client: TestClient, world: World) -> None:
    url = op.url(victim_values(world))
    anonymous = client.request(op.method.upper(), url)
    if op.key in PUBLIC:
        assert anonymous.status_code != 401
        return
    assert anonymous.status_code == 401, anonymous.text
    assert anonymous.json()["error"] == "not_authenticated"
    role_refusals = set()
    for who in ("victim", "coach", "admin"):
        answer = client.request(op.method.upper(), url, headers=world.person(who).headers)
        if answer.status_code == 403 and answer.json()["error"] in ROLE_ERRORS.values():
            role_refusals.add((who, answer.json()["error"]))
    declared = audience(op.key)
    expected = (
        set() if declared is None else {(w, ROLE_ERRORS[declared]) for w in REFUSED[declared]}
    )
    assert role_refusals == expected
