"""A loopback fake of Garmin Connect (SSO, DI token endpoint, connectapi) for the real library.

Real HTTP on 127.0.0.1 (port 0 by default) in a thread. The real ``garminconnect`` client talks to
it through ``GarminEndpoints``::

    with FakeGarminConnect([recorded_account(), synthesized_account(...)]) as fake:
        result = start_login("recorded@example.com", "recorded-password", fake.endpoints)
        fake.rate_limit("recorded@example.com", times=2, retry_after="30")

or on its own: ``python -m service.demo.fakes.garmin_server --port 8765 [--accounts a.json]``.

It serves the recorded corpus by ``index.json`` (SSO success/MFA/401 bodies, verifyCode,
socialProfile, user-settings, activity details and list pages, the ORIGINAL zip, 404/403 bodies,
daily heart rate, HRV, sleep…), synthesises configured accounts, issues JWT-shaped DI tokens and
rotates the refresh token on every refresh, plays scripted faults, and records every request.
Remote control for a separate process: ``GET /__fake__/requests``, and ``POST /__fake__/faults``
with ``{"email", "rate_limited", "retry_after", "unavailable", "revoked"}``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit

from service.demo.fakes.garmin_accounts import FakeAccount, Faults
from service.demo.fakes.garmin_routes import DI_TOKEN_PATH, answer
from service.demo.fakes.garmin_shapes import RECORDED, Shapes
from service.demo.fakes.garmin_state import Answer, Request, State
from service.demo.fakes.garmin_tokens import TokenAuthority
from service.integrations.garmin import GarminEndpoints

__all__ = ["FakeGarminConnect", "RecordedRequest"]

_CONTROL_PREFIX = "/__fake__/"
DEMO_DI_CLIENT_ID = "GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2"
"""The first DI client id ``garminconnect`` 0.3.20 tries (``DI_CLIENT_IDS[0]``)."""


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    monotonic: float
    at: datetime
    status: int
    account: str | None


class FakeGarminConnect:
    """``shapes=BUILTIN`` answers without the corpus (the demo); ``token_store`` keeps the issued
    tokens in a JSON file across restarts."""

    def __init__(
        self,
        accounts: Iterable[FakeAccount] = (),
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        shapes: Shapes = RECORDED,
        token_store: Path | None = None,
    ) -> None:
        self.state = State(shapes=shapes, tokens=TokenAuthority(store=token_store))
        self._log: list[RecordedRequest] = []
        self._log_lock = threading.Lock()
        for account in accounts:
            self.add_account(account)
        self._server = ThreadingHTTPServer((host, port), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def endpoints(self) -> GarminEndpoints:
        return GarminEndpoints(
            connectapi=self.base_url,
            sso=self.base_url,
            di_token_url=self.base_url + DI_TOKEN_PATH,
            service_root=self.base_url,
        )

    # -- accounts and scripted faults ------------------------------------------------------------
    def add_account(self, account: FakeAccount) -> FakeAccount:
        with self.state.lock:
            self.state.accounts[account.email.lower()] = account
        return account

    def account(self, email: str) -> FakeAccount:
        found = self.state.account(email)
        if found is None:
            raise KeyError(email)
        return found

    @property
    def tokens(self) -> TokenAuthority:
        return self.state.tokens

    def rate_limit(self, email: str, times: int, retry_after: str | None = "5") -> None:
        """The next ``times`` API requests of the account answer 429 (with ``Retry-After``)."""
        with self.state.lock:
            faults = self.account(email).faults
            faults.rate_limited, faults.retry_after = times, retry_after

    def fail_unavailable(self, email: str, times: int) -> None:
        """The next ``times`` API requests of the account answer 503."""
        with self.state.lock:
            self.account(email).faults.unavailable = times

    def revoke(self, email: str) -> None:
        """Every token of the account is refused from now on, as after a revocation at Garmin."""
        with self.state.lock:
            self.account(email).faults.revoked = True
            self.state.tokens.revoke(email)

    def revoke_tokens(self, email: str) -> None:
        """Forget the account's tokens (the person removed the app at Garmin); unlike
        ``revoke``, a new login still works."""
        self.state.tokens.revoke(self.account(email).email)

    def token_blob(self, email: str, client_id: str = DEMO_DI_CLIENT_ID) -> str:
        """Tokens for the account issued without a login, as ``garminconnect`` saves them
        (``Client.dumps()``): a connection that skips the login's deliberate pauses."""
        account = self.account(email)
        issued = self.state.tokens.issue(account.email, client_id, account.access_ttl_s)
        return json.dumps(
            {
                "di_token": issued["access_token"],
                "di_refresh_token": issued["refresh_token"],
                "di_client_id": client_id,
            }
        )

    def expire_access_tokens(self, email: str) -> None:
        self.state.tokens.expire_access_tokens(email)

    def block_logins(self, status: int = 429) -> None:
        """Every SSO request answers ``status`` (429, or Garmin's 427) until ``unblock_logins``."""
        with self.state.lock:
            self.state.login_block_status = status

    def refuse_di_exchange(self, refuse: bool = True) -> None:
        """The DI token endpoint refuses service tickets, so the library falls back to a
        ``JWT_WEB`` cookie session (which leaves no DI tokens to store)."""
        with self.state.lock:
            self.state.refuse_di_exchange = refuse

    def unblock_logins(self) -> None:
        with self.state.lock:
            self.state.login_block_status = None

    # -- the request log ---------------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        with self._log_lock:
            return list(self._log)

    def requests_to(self, path_prefix: str, method: str | None = None) -> list[RecordedRequest]:
        return [
            request
            for request in self.requests
            if request.path.startswith(path_prefix) and method in (None, request.method)
        ]

    def clear_requests(self) -> None:
        with self._log_lock:
            self._log.clear()

    def handle(self, request: Request) -> Answer:
        """Answer one request and log it (called by the HTTP handler thread)."""
        if request.path.startswith(_CONTROL_PREFIX):
            return self._control(request)
        result, email = answer(self.state, request)
        entry = RecordedRequest(
            method=request.method,
            path=request.path,
            query=request.query,
            monotonic=time.monotonic(),
            at=datetime.now(UTC),
            status=result.status,
            account=email,
        )
        with self._log_lock:
            self._log.append(entry)
        return result

    def _control(self, request: Request) -> Answer:
        if request.method == "GET" and request.path == _CONTROL_PREFIX + "requests":
            rows = [asdict(entry) | {"at": entry.at.isoformat()} for entry in self.requests]
            return Answer.json(200, rows)
        if request.method == "POST" and request.path == _CONTROL_PREFIX + "faults":
            spec = request.json() if isinstance(request.json(), dict) else {}
            with self.state.lock:
                account = self.state.account(str(spec.pop("email", "")))
                if account is None:
                    return Answer.json(404, {"error": "unknown account"})
                try:
                    account.faults = Faults(**{**asdict(account.faults), **spec})
                except TypeError as err:
                    return Answer.json(400, {"error": str(err)})
            return Answer.json(200, asdict(account.faults))
        return Answer.json(404, {"error": "unknown control path"})


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeGarminConnect/1"

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        request = Request(
            method=self.command,
            path=unquote(parts.path),
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={key.lower(): value for key, value in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        fake: FakeGarminConnect = self.server.fake  # type: ignore[attr-defined]
        result = fake.handle(request)
        self.send_response(result.status)
        self.send_header("Content-Type", result.content_type)
        self.send_header("Content-Length", str(len(result.body)))
        for name, value in result.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(result.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the fake keeps its own request log."""


def main(argv: list[str] | None = None) -> None:
    from service.demo.fakes.garmin_training import accounts_from_json, demo_accounts

    parser = argparse.ArgumentParser(description="Serve a fake Garmin Connect on loopback.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--accounts", help="JSON file of accounts (see garmin_training.py)")
    args = parser.parse_args(argv)
    if args.accounts:
        with open(args.accounts, encoding="utf-8") as handle:
            accounts = accounts_from_json(json.load(handle))
    else:
        accounts = demo_accounts()
    with FakeGarminConnect(accounts, host=args.host, port=args.port) as fake:
        endpoints = fake.endpoints
        print(json.dumps(asdict(endpoints) | {"accounts": [a.email for a in accounts]}), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
