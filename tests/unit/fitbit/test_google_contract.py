"""The fake Google against the published Google Health API: the discovery document in
``shared/corpus/google`` (a newer revision dropped there shows here what changed)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.demo.fakes.google_health import FakeGoogleHealth
from service.demo.fakes.google_health_contract import (
    METHODS_USED,
    Contract,
    ContractError,
    changes,
    contract,
    derive,
)
from tests.unit.fitbit.conftest import RUNNER

DISCOVERY = Path(__file__).resolve().parents[3].parent / "shared/corpus/google/health.v4.json"


@pytest.fixture(scope="module")
def discovery() -> dict[str, Any]:
    return json.loads(DISCOVERY.read_text(encoding="utf-8"))


def all_methods(resources: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for resource in resources.values():
        found += list(resource.get("methods", {}).values())
        found += all_methods(resource.get("resources", {}))
    return found


def test_the_fakes_contract_is_the_discovery_documents(discovery):
    """Fails with a list of what changed when the corpus holds another revision: regenerate with
    ``python -m service.demo.fakes.google_health_contract <health.v4.json>`` and review."""
    fresh = derive(discovery)
    assert changes(contract().data, fresh) == []
    assert contract().data == fresh


def test_every_method_of_the_discovery_document_is_routed_to_itself(discovery):
    kept = contract()
    for method in all_methods(discovery["resources"]):
        path = "/" + method["flatPath"].replace("{", "").replace("}", "")
        assert kept.route(method["httpMethod"], path).method_id == method["id"]
        for name, spec in method.get("parameters", {}).items():
            assert kept.methods[method["id"]]["parameters"][name]["location"] == spec["location"]


def test_a_changed_revision_is_described_line_by_line(discovery):
    changed = json.loads(json.dumps(discovery))
    changed["revision"] = "20270101"
    exercise = changed["schemas"]["Exercise"]["properties"]["exerciseType"]
    exercise["enum"] = [*exercise["enum"], "UNDERWATER_RUN"]
    methods = changed["resources"]["users"]["resources"]["dataTypes"]["resources"]
    methods["dataPoints"]["methods"]["list"]["parameters"].pop("dataSourceFamily")

    lines = changes(derive(discovery), derive(changed))

    assert "revision 20261030 -> 20270101" in lines
    assert any("Exercise" in line and "UNDERWATER_RUN" in line for line in lines)
    assert any("dataSourceFamily" in line for line in lines)


# -- the fake's requests and answers against the contract -------------------------------------


def call(fake: FakeGoogleHealth, method: str, path: str, token: str, **kwargs) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.request(method, f"{fake.base_url}{path}", headers=headers, timeout=5, **kwargs)


def test_the_fakes_answers_fit_their_response_schemas(fake):
    kept = contract()
    access, _ = fake.issue_tokens(RUNNER)
    listed = call(fake, "GET", "/v4/users/me/dataTypes/exercise/dataPoints", access).json()
    identity = call(fake, "GET", "/v4/users/me/identity", access).json()

    assert len(listed["dataPoints"]) == 5
    assert kept.check_body("ListDataPointsResponse", listed) == []
    assert kept.check_body("Identity", identity) == []
    starts = [p["exercise"]["interval"]["startTime"] for p in listed["dataPoints"]]
    assert starts == sorted(starts, reverse=True)  # newest first


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        (
            "/v4/users/me/dataTypes/exercise/dataPoints",
            {"filter": 'exercise.interval.start_time >= "2026-11-01T00:00:00Z"'},
            400,
            "Member 'exercise.interval.start_time' is not supported for filtering",
        ),
        (
            "/v4/users/me/dataTypes/exercise/dataPoints",
            {"filter": 'exercise.interval.civil_start_time > "2026-11-01"'},
            400,
            "Operator '>' is not supported",
        ),
        (
            "/v4/users/me/dataTypes/exercise/dataPoints",
            {"filter": 'exercise.interval.civil_start_time >= "2026-11-01T00:00:00Z"'},
            400,
            "is not YYYY-MM-DD[THH:mm:ss]",
        ),
        (
            "/v4/users/me/dataTypes/sleep/dataPoints",
            {"filter": 'sleep.interval.civil_start_time >= "2026-11-01"'},
            400,
            "Member 'sleep.interval.civil_start_time' is not supported",
        ),
        ("/v4/users/me/dataTypes/exercise/dataPoints", {"page_count": "3"}, 400, "Unknown name"),
        ("/v4/users/me/dataTypes/exercise/dataPoints", {"pageSize": "many"}, 400, "TYPE_INT32"),
        ("/v4/users/me/exercises", {}, 404, "not found"),
        ("/v4/users/me/identity", {"alt": "xml"}, 400, "Invalid value at 'alt'"),
    ],
)
def test_requests_the_real_api_refuses_are_refused(fake, path, params, status, message):
    access, _ = fake.issue_tokens(RUNNER)
    answer = call(fake, "GET", path, access, params=params)
    assert answer.status_code == status
    assert message in answer.json()["error"]["message"]


def test_a_subscriber_body_outside_the_schema_or_its_enums_is_refused(fake):
    admin = fake.issue_admin_token()
    body = {
        "endpointUri": "https://example.org/hook",
        "endpointAuthorization": {"secret": "Bearer x"},
        "subscriberConfigs": [{"dataTypes": ["exercise"], "subscriptionCreatePolicy": "SOMETIMES"}],
    }
    answer = call(fake, "POST", "/v4/projects/p1/subscribers", admin, json=body)
    assert answer.status_code == 400
    assert "SOMETIMES" in answer.json()["error"]["message"]
    missing = call(fake, "POST", "/v4/projects/p1/subscribers", admin, json={"endpointUri": "x"})
    assert "required field 'endpointAuthorization'" in missing.json()["error"]["message"]


def test_subscribers_need_the_cloud_platform_scope(fake):
    access, _ = fake.issue_tokens(RUNNER)
    answer = call(fake, "GET", "/v4/projects/p1/subscribers", access)
    assert answer.status_code == 403


def test_the_civil_filter_compares_local_wall_clock_times():
    kept: Contract = contract()
    (lower, upper) = kept.parse_filter(
        "exercise",
        'exercise.interval.civil_start_time >= "2026-11-01" AND '
        'exercise.interval.civil_start_time < "2026-11-02T06:30:00"',
    )
    assert lower.value == datetime(2026, 11, 1)  # noqa: DTZ001 - civil time has no zone
    assert upper.value == datetime(2026, 11, 2, 6, 30)  # noqa: DTZ001
    with pytest.raises(ContractError):
        kept.parse_filter("exercise", 'exercise.interval.civil_start_time >= "2026-11-01" OR x')
    assert datetime(2026, 1, 1, tzinfo=UTC)  # the physical filters stay for interval types
    assert kept.parse_filter("steps", 'steps.interval.start_time >= "2026-11-01T00:00:00Z"')


def test_the_methods_loadwatch_calls_are_in_the_contract():
    assert set(METHODS_USED) <= set(contract().methods)


def test_the_fakes_subscriber_answers_fit_their_schemas(fake):
    """Create, list, patch and delete as the discovery document describes them."""
    kept = contract()
    fake.verify_endpoint = lambda url, headers, body: 201 if "Authorization" in headers else 401
    admin = fake.issue_admin_token()
    body = {
        "endpointUri": "https://loadwatch.example/api/v1/webhooks/google-health",
        "endpointAuthorization": {"secret": "Bearer s3cret"},
        "subscriberConfigs": [{"dataTypes": ["exercise"], "subscriptionCreatePolicy": "AUTOMATIC"}],
    }
    created = call(fake, "POST", "/v4/projects/p1/subscribers", admin, json=body,
                   params={"subscriberId": "loadwatch"}).json()  # fmt: skip
    listed = call(fake, "GET", "/v4/projects/p1/subscribers", admin).json()
    patched = call(fake, "PATCH", "/v4/projects/p1/subscribers/loadwatch", admin, json=body,
                   params={"updateMask": "endpoint_uri"}).json()  # fmt: skip
    deleted = call(fake, "DELETE", "/v4/projects/p1/subscribers/loadwatch", admin).json()

    for operation in (created, patched, deleted):
        assert kept.check_body("Operation", operation) == [] and operation["done"] is True
    subscriber = {k: v for k, v in created["response"].items() if k != "@type"}
    assert kept.check_body("Subscriber", subscriber) == []
    assert subscriber["state"] == "ACTIVE" and "s3cret" not in json.dumps(subscriber)
    assert kept.check_body("ListSubscribersResponse", listed) == []
    assert [s["name"] for s in listed["subscribers"]] == ["projects/p1/subscribers/loadwatch"]
