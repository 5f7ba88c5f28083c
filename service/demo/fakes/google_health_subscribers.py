"""``projects.subscribers`` of the fake Google Health API: webhook endpoints and their checks.

As the discovery document describes ``CreateSubscriber``/``UpdateSubscriber``: before a
subscriber is stored, the endpoint is verified with two POSTs of ``{"type": "verification"}``,
one with ``Authorization`` set to exactly ``endpointAuthorization.secret`` (must answer 201), one
without it (must answer 401 or 403); a subscriber that fails either is not created. The answer
is a finished ``Operation`` whose ``response`` is the ``Subscriber`` (``state`` ``ACTIVE``; the
secret is input only, so the answer says ``secretSet``). The endpoint must be HTTPS; the fake
allows plain HTTP to loopback only, for tests and the demo. Called with the fake's lock held.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx

from service.demo.fakes.google_health_answer import Answer, api_error, one

SUBSCRIBER_TYPE = "type.googleapis.com/google.devicesandservices.health.v4.Subscriber"
_SUBSCRIBER_ID = re.compile(r"^[a-z]([a-z0-9-]{2,34}[a-z0-9])$")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_MASK_FIELDS = {
    "endpoint_uri": "endpointUri",
    "subscriber_configs": "subscriberConfigs",
    "endpoint_authorization": "endpointAuthorization",
}

#: ``(url, headers, body) -> HTTP status``; the default POSTs over HTTP.
Verifier = Callable[[str, dict[str, str], bytes], int]


class Subscribers(Protocol):
    """What these routes need of the fake's state (``GoogleHealthState``)."""

    subscribers: dict[str, dict[str, Any]]

    def verify_endpoint(self, url: str, headers: dict[str, str], body: bytes) -> int: ...


def post_verification(url: str, headers: dict[str, str], body: bytes) -> int:
    try:
        return httpx.post(url, content=body, headers=headers, timeout=5.0).status_code
    except httpx.HTTPError:
        return 0


def create_subscriber(
    fake: Subscribers,
    grant: object,
    values: dict[str, str],
    query: dict[str, list[str]],
    payload: dict[str, Any],
) -> Answer:
    project = values["projectsId"]
    subscriber_id = one(query, "subscriberId") or f"sub-{len(fake.subscribers) + 1:04d}"
    if not _SUBSCRIBER_ID.match(subscriber_id):
        return api_error(400, "INVALID_ARGUMENT", "subscriber_id must match [a-z][a-z0-9-]{2,34}…")
    name = f"projects/{project}/subscribers/{subscriber_id}"
    if name in fake.subscribers:
        return api_error(409, "ALREADY_EXISTS", f"Subscriber {name} already exists.")
    refused = _verify(fake, payload["endpointUri"], payload["endpointAuthorization"]["secret"])
    if refused is not None:
        return refused
    now = _now()
    fake.subscribers[name] = {
        "name": name,
        "endpointUri": payload["endpointUri"],
        "subscriberConfigs": payload.get("subscriberConfigs", []),
        "secret": payload["endpointAuthorization"]["secret"],
        "state": "ACTIVE",
        "createTime": now,
        "updateTime": now,
    }
    return _done(name, fake.subscribers[name])


def patch_subscriber(
    fake: Subscribers,
    grant: object,
    values: dict[str, str],
    query: dict[str, list[str]],
    payload: dict[str, Any],
) -> Answer:
    name = f"projects/{values['projectsId']}/subscribers/{values['subscribersId']}"
    stored = fake.subscribers.get(name)
    if stored is None:
        return api_error(404, "NOT_FOUND", f"Subscriber {name} not found.")
    mask = [m.strip() for m in (one(query, "updateMask") or "").split(",") if m.strip()]
    unknown = [m for m in mask if m not in _MASK_FIELDS]
    if unknown:
        return api_error(400, "INVALID_ARGUMENT", f"Unsupported update_mask paths: {unknown}")
    fields = [_MASK_FIELDS[m] for m in mask] or [f for f in _MASK_FIELDS.values() if f in payload]
    changed = copy.deepcopy(stored)
    for field in fields:
        if field == "endpointAuthorization":
            changed["secret"] = payload.get(field, {}).get("secret", "")
        else:
            changed[field] = payload.get(field)
    if {"endpointUri", "endpointAuthorization"} & set(fields):
        refused = _verify(fake, changed["endpointUri"], changed["secret"])
        if refused is not None:
            return refused
    changed["updateTime"] = _now()
    fake.subscribers[name] = changed
    return _done(name, changed)


def list_subscribers(
    fake: Subscribers,
    grant: object,
    values: dict[str, str],
    query: dict[str, list[str]],
    payload: Any,
) -> Answer:
    prefix = f"projects/{values['projectsId']}/subscribers/"
    mine = [_public(s) for name, s in sorted(fake.subscribers.items()) if name.startswith(prefix)]
    return Answer(200, {"subscribers": mine, "totalSize": len(mine)} if mine else {})


def delete_subscriber(
    fake: Subscribers,
    grant: object,
    values: dict[str, str],
    query: dict[str, list[str]],
    payload: Any,
) -> Answer:
    name = f"projects/{values['projectsId']}/subscribers/{values['subscribersId']}"
    if fake.subscribers.pop(name, None) is None:
        return api_error(404, "NOT_FOUND", f"Subscriber {name} not found.")
    return Answer(200, {"name": f"{name}/operations/delete", "done": True, "response": {}})


def _verify(fake: Subscribers, endpoint: str, secret: str) -> Answer | None:
    parts = urlsplit(endpoint)
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in _LOOPBACK):
        return api_error(400, "INVALID_ARGUMENT", "endpoint_uri must be a valid HTTPS URL.")
    body = json.dumps({"type": "verification"}).encode()
    plain = {"Content-Type": "application/json"}
    with_secret = fake.verify_endpoint(endpoint, {**plain, "Authorization": secret}, body)
    without = fake.verify_endpoint(endpoint, plain, body)
    if with_secret != 201 or without not in (401, 403):
        return api_error(
            400,
            "FAILED_PRECONDITION",
            f"Endpoint verification failed: with the secret the endpoint answered "
            f"{with_secret} (expected 201), without it {without} (expected 401 or 403).",
        )
    return None


def _public(stored: dict[str, Any]) -> dict[str, Any]:
    shown = {k: v for k, v in stored.items() if k != "secret"}
    shown["endpointAuthorization"] = {"secretSet": bool(stored.get("secret"))}
    return shown


def _done(name: str, stored: dict[str, Any]) -> Answer:
    response = {"@type": SUBSCRIBER_TYPE, **_public(stored)}
    return Answer(200, {"name": f"{name}/operations/1", "done": True, "response": response})


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
