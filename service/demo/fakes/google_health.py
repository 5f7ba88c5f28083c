"""A loopback fake of Google's OAuth endpoints and the Google Health API v4.

Real HTTP on 127.0.0.1 (port 0 by default) in a thread; use it as a context manager::

    with FakeGoogleHealth(users=[...]) as fake:
        client = fake.google_client()          # GoogleClient pointing here
        fake.script(Fault(429, retry_after="7"))

or on its own: ``python -m service.demo.fakes.google_health --port 8765 [--spec users.json]``.

Implements: ``GET /o/oauth2/v2/auth`` (approves as ``login_user`` and redirects with code and
state), ``POST /token`` (authorization code with PKCE S256 verification; refresh, optionally
rotating), and of the Health API ``users.getIdentity``, ``users.dataTypes.dataPoints.list``
(newest first; ``exercise`` points, ``pageSize`` ≤ 25, ``pageToken``/``nextPageToken``) and
``projects.subscribers`` create/list/patch/delete (verifying the endpoint as Google does). Every
API request is checked against the discovery document's contract
(``google_health_contract``): a path, parameter, filter or body the real API refuses is refused
with Google's error. Also ``GET /webhooks/public_keyset.json`` (a Tink keyset), scripted faults,
a request log, and ``send_notification`` to POST signed webhook deliveries to a receiver.

Response shapes are adapted from Google's Google Health API documentation
(developers.google.com/health), © Google, CC BY 4.0; see ``google_health_data``.
"""

from __future__ import annotations

import argparse
import json
import threading
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from service.demo.fakes.google_health_answer import Answer
from service.demo.fakes.google_health_data import (
    FakeUser,
    demo_users,
    notification_body,
    notification_delivery,
    users_from_spec,
)
from service.demo.fakes.google_health_routes import route
from service.demo.fakes.google_health_state import CLOUD_PLATFORM_SCOPE, GoogleHealthState
from service.integrations.google_oauth import FITBIT_SCOPES, GoogleClient

__all__ = [
    "FakeGoogleHealth",
    "FakeUser",
    "Fault",
    "RecordedRequest",
    "notification_body",
    "notification_delivery",
]


@dataclass(frozen=True)
class Fault:
    """Answer a request whose path contains ``path_contains`` with ``status``, after letting
    ``after`` such requests through."""

    status: int
    retry_after: str | None = None
    path_contains: str = "/v4/"
    after: int = 0


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    form: dict[str, list[str]]


@dataclass
class FakeGoogleHealth(GoogleHealthState):
    port: int = 0
    requests: list[RecordedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.faults: deque[Fault] = deque()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> FakeGoogleHealth:
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler_for(self))
        self.port = self._server.server_address[1]
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def google_client(self) -> GoogleClient:
        return GoogleClient(
            client_id=self.client_id,
            client_secret=self.client_secret,
            auth_url=f"{self.base_url}/o/oauth2/v2/auth",
            token_url=f"{self.base_url}/token",
            api_base=f"{self.base_url}/v4",
        )

    def settings_env(self, webhook_secret: str) -> dict[str, str]:
        """The ``LOADWATCH_GOOGLE__*`` variables that point loadwatch at this fake."""
        client = self.google_client()
        return {
            "LOADWATCH_GOOGLE__CLIENT_ID": client.client_id,
            "LOADWATCH_GOOGLE__CLIENT_SECRET": client.client_secret,
            "LOADWATCH_GOOGLE__AUTH_URL": client.auth_url,
            "LOADWATCH_GOOGLE__TOKEN_URL": client.token_url,
            "LOADWATCH_GOOGLE__API_BASE": client.api_base,
            "LOADWATCH_GOOGLE__WEBHOOK_SECRET": webhook_secret,
            "LOADWATCH_GOOGLE__WEBHOOK_KEYSET_URL": f"{self.base_url}/webhooks/public_keyset.json",
        }

    # -- controls ----------------------------------------------------------------------------
    def script(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)

    def issue_tokens(
        self, health_user_id: str, scope: str = " ".join(FITBIT_SCOPES)
    ) -> tuple[str, str]:
        """Tokens without the browser dance, for API tests: ``(access, refresh)``."""
        with self.lock:
            tokens = (
                self.new_access_token(health_user_id, scope),
                self.new_refresh_token(health_user_id, scope),
            )
            self.keep_tokens()
            return tokens

    def issue_admin_token(self) -> str:
        """An operator's access token for ``projects.subscribers`` (scope ``cloud-platform``)."""
        with self.lock:
            return self.new_access_token("", CLOUD_PLATFORM_SCOPE)

    def expire_access_tokens(self) -> None:
        with self.lock:
            for grant in self.access_tokens.values():
                grant.expires_at = 0.0

    def revoke_refresh_tokens(self) -> None:
        with self.lock:
            self.refresh_tokens.clear()
            self.keep_tokens()

    def api_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.startswith("/v4/")]

    # -- webhooks ------------------------------------------------------------------------------
    def send_notification(
        self,
        url: str,
        body: dict[str, Any] | list[dict[str, Any]] | bytes,
        *,
        authorization: str | None = None,
        signed: bool = True,
    ) -> httpx.Response:
        """POST a notification as Google does: JSON body, secret header, ECDSA signature."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if authorization is not None:
            headers["Authorization"] = authorization
        if signed:
            headers["GOOGLE-HEALTH-API-SIGNATURE"] = self.signing_key.sign(raw)
        return httpx.post(url, content=raw, headers=headers, timeout=5.0)

    def send_verification(self, url: str, authorization: str | None) -> httpx.Response:
        """One of Google's two verification POSTs (with and without the secret)."""
        raw = json.dumps({"type": "verification"}).encode()
        headers = {"Content-Type": "application/json"}
        if authorization is not None:
            headers["Authorization"] = authorization
        return httpx.post(url, content=raw, headers=headers, timeout=5.0)

    def notification_for(self, health_user_id: str, start: datetime, end: datetime) -> bytes:
        """A delivery's body as Google sends it: a JSON array."""
        return json.dumps(notification_delivery(health_user_id, start, end)).encode()

    # -- dispatch ------------------------------------------------------------------------------
    def handle(self, method: str, raw_path: str, headers: dict[str, str], body: bytes) -> Answer:
        parts = urlsplit(raw_path)
        query = parse_qs(parts.query, keep_blank_values=True)
        api = parts.path.startswith("/v4/")
        form = parse_qs(body.decode("utf-8", "replace")) if method == "POST" and not api else {}
        with self.lock:
            self.requests.append(RecordedRequest(method, parts.path, query, headers, form))
            fault = self._take_fault(parts.path)
            if fault is not None:
                return _fault_answer(fault)
            answer = route(self, method, parts.path, query, headers, form, body)
            if method == "POST" and not api:  # /token and /revoke change the grants
                self.keep_tokens()
            return answer

    def _take_fault(self, path: str) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if fault.path_contains in path:
                if fault.after > 0:
                    self.faults[index] = replace(fault, after=fault.after - 1)
                    return None
                del self.faults[index]
                return fault
        return None


def _fault_answer(fault: Fault) -> Answer:
    statuses = {
        400: "INVALID_ARGUMENT",
        401: "UNAUTHENTICATED",
        429: "RESOURCE_EXHAUSTED",
        503: "UNAVAILABLE",
    }
    status = statuses.get(fault.status, "INTERNAL")
    body = {"error": {"code": fault.status, "message": f"scripted {status}", "status": status}}
    headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
    return Answer(fault.status, body, headers)


def _handler_for(fake: FakeGoogleHealth) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_POST(self) -> None:
            self._dispatch("POST")

        def do_PATCH(self) -> None:
            self._dispatch("PATCH")

        def do_DELETE(self) -> None:
            self._dispatch("DELETE")

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _dispatch(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            answer = fake.handle(method, self.path, dict(self.headers.items()), body)
            payload = answer.payload()
            self.send_response(answer.status)
            for name, value in {**answer.content_headers(), **answer.headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="A fake Google Health API for the demo.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--spec", type=Path, help="JSON users spec (see users_from_spec)")
    args = parser.parse_args()
    users = users_from_spec(json.loads(args.spec.read_text())) if args.spec else demo_users()
    with FakeGoogleHealth(users=users, port=args.port) as fake:
        print(
            json.dumps(
                {"base_url": fake.base_url, "client_id": fake.client_id}
                | {"client_secret": fake.client_secret, "api_base": f"{fake.base_url}/v4"}
            ),
            flush=True,
        )
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            return


if __name__ == "__main__":
    main()
