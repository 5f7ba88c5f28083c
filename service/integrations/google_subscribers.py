"""Google Health's webhook subscribers (``projects.subscribers``): the operator's registration of
loadwatch's webhook endpoint, with the operator's own access token (scope ``cloud-platform``).

Calls (discovery document ``health.v4.json``):

* ``POST v4/projects/{project}/subscribers?subscriberId=…`` with ``CreateSubscriberPayload``
  ``{"endpointUri", "endpointAuthorization": {"secret"}, "subscriberConfigs": [{"dataTypes",
  "subscriptionCreatePolicy"}]}`` → an ``Operation``. Before answering, Google POSTs
  ``{"type": "verification"}`` to the endpoint twice (with the secret: 201; without: 401/403).
* ``PATCH v4/projects/{project}/subscribers/{id}?updateMask=…`` with a ``Subscriber``
  → ``Operation``.
* ``GET v4/projects/{project}/subscribers`` → ``{"subscribers": [...], "nextPageToken"}``.
* ``DELETE v4/projects/{project}/subscribers/{id}`` → ``Operation``.

``AUTOMATIC`` subscriptions: Google notifies for every user who consented to the data type, so
no per-user subscription is created.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from service.integrations import google_http
from service.integrations.base import Refused, Unavailable

CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"
DATA_TYPES = ("exercise",)
UPDATE_MASK = "endpoint_uri,subscriber_configs,endpoint_authorization"


@dataclass(frozen=True, slots=True)
class SubscriberInfo:
    name: str
    endpoint_uri: str
    state: str
    data_types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SubscriberApi:
    api_base: str
    project: str
    access_token: str
    http: httpx.Client

    def create(self, subscriber_id: str, endpoint_uri: str, secret: str) -> SubscriberInfo:
        """Register the endpoint; when the subscriber exists, update it to these values."""
        body = {
            "endpointUri": endpoint_uri,
            "endpointAuthorization": {"secret": secret},
            "subscriberConfigs": [
                {"dataTypes": list(DATA_TYPES), "subscriptionCreatePolicy": "AUTOMATIC"}
            ],
        }
        response = self._send(
            "POST", "subscribers", params={"subscriberId": subscriber_id}, json=body
        )
        if response.status_code == 409:
            response = self._send(
                "PATCH",
                f"subscribers/{subscriber_id}",
                params={"updateMask": UPDATE_MASK},
                json={"name": self.name_of(subscriber_id), **body},
            )
        return _from_operation(response, self.name_of(subscriber_id))

    def find(self, subscriber_id: str) -> SubscriberInfo | None:
        """Ours among the project's subscribers (there is no ``get``), or ``None``."""
        wanted = self.name_of(subscriber_id)
        params: dict[str, str] = {"pageSize": "1000"}
        for _ in range(100):
            response = self._send("GET", "subscribers", params=params)
            google_http.raise_for_status(response)
            body = google_http.json_object(response)
            for item in body.get("subscribers", []):
                if isinstance(item, dict) and item.get("name") == wanted:
                    return _info(item)
            token = body.get("nextPageToken")
            if not isinstance(token, str) or not token:
                return None
            params = {**params, "pageToken": token}
        raise Unavailable("Google kept paging through subscribers")

    def delete(self, subscriber_id: str) -> bool:
        """Remove the subscriber; ``False`` when there was none."""
        response = self._send("DELETE", f"subscribers/{subscriber_id}", params={"force": "true"})
        if response.status_code == 404:
            return False
        _from_operation(response, self.name_of(subscriber_id), expect_subscriber=False)
        return True

    def name_of(self, subscriber_id: str) -> str:
        return f"projects/{self.project}/subscribers/{subscriber_id}"

    def _send(
        self, method: str, path: str, *, params: dict[str, str], json: Any = None
    ) -> httpx.Response:
        request = self.http.build_request(
            method,
            f"{self.api_base.rstrip('/')}/projects/{self.project}/{path}",
            params=params,
            json=json,
            headers={"Authorization": f"Bearer {self.access_token}"},
        )
        return google_http.send(self.http, request)


def _from_operation(
    response: httpx.Response, name: str, *, expect_subscriber: bool = True
) -> SubscriberInfo:
    google_http.raise_for_status(response)
    operation = google_http.json_object(response)
    error = operation.get("error")
    if isinstance(error, dict):
        raise Refused(f"Google did not register the subscriber: {error.get('message', error)}")
    result = operation.get("response")
    if isinstance(result, dict) and result.get("name"):
        return _info(result)
    if expect_subscriber and operation.get("done"):
        raise Unavailable("Google's operation finished without a subscriber")
    return SubscriberInfo(name, "", "UNVERIFIED" if expect_subscriber else "DELETED", ())


def _info(item: dict[str, Any]) -> SubscriberInfo:
    configs = item.get("subscriberConfigs") or []
    data_types = tuple(
        str(data_type)
        for config in configs
        if isinstance(config, dict)
        for data_type in config.get("dataTypes", [])
    )
    return SubscriberInfo(
        name=str(item.get("name", "")),
        endpoint_uri=str(item.get("endpointUri", "")),
        state=str(item.get("state", "STATE_UNSPECIFIED")),
        data_types=data_types,
    )
