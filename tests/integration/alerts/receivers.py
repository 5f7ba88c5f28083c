"""Real receivers on loopback for alert tests: an SMTP server (aiosmtpd) and an HTTP server
standing in for push services and Apprise webhooks. Both record what arrived and can be told to
fail, or to hold a connection until released."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.processes import free_port


@dataclass
class Mail:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    received_at: float = field(default_factory=time.monotonic)

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        return str(body.get_content())


@dataclass
class SmtpRecorder:
    """aiosmtpd handler: keeps accepted messages; ``fail_next`` answers 451 to that many DATAs,
    ``failures[address]`` to that many DATAs for one recipient (negative: always); ``sessions``
    counts the SMTP sessions (EHLO) opened; ``gate``
    (when given) holds every MAIL command until it is set."""

    messages: list[Mail] = field(default_factory=list)
    fail_next: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    data_commands: int = 0
    sessions: int = 0  # SMTP sessions opened (EHLO commands)
    gate: threading.Event | None = None
    waiting: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_MAIL(  # noqa: N802  (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.gate is not None:
            self.waiting.set()
            await asyncio.get_running_loop().run_in_executor(None, self.gate.wait, 60)
        envelope.mail_from = address
        return "250 OK"

    async def handle_EHLO(  # noqa: N802  (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        with self.lock:
            self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(  # noqa: N802  (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        with self.lock:
            self.data_commands += 1
            if self._should_fail(list(envelope.rcpt_tos)):
                return "451 4.3.0 try again later"
            parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
            assert isinstance(parsed, EmailMessage)
            self.messages.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def _should_fail(self, recipients: list[str]) -> bool:
        if self.fail_next > 0:
            self.fail_next -= 1
            return True
        for address in recipients:
            left = self.failures.get(address, 0)
            if left:
                self.failures[address] = left - 1 if left > 0 else left
                return True
        return False

    def to(self, address: str) -> list[Mail]:
        return [m for m in self.messages if address in m.rcpt_tos]


@contextmanager
def smtp_server() -> Iterator[tuple[SmtpRecorder, int]]:
    recorder = SmtpRecorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        if recorder.gate is not None:
            recorder.gate.set()
        controller.stop()


@dataclass
class HttpRequest:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class HttpRecorder:
    """Records requests; ``script[path]`` lists statuses to answer in turn (then 201)."""

    requests: list[HttpRequest] = field(default_factory=list)
    script: dict[str, list[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def status_for(self, path: str) -> int:
        with self.lock:
            planned = self.script.get(path)
            return planned.pop(0) if planned else 201

    def at(self, path: str) -> list[HttpRequest]:
        return [r for r in self.requests if r.path == path]


def _lower(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _handler(recorder: HttpRecorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            status = recorder.status_for(self.path)
            if status < 300:
                with recorder.lock:
                    recorder.requests.append(HttpRequest(self.path, _lower(self.headers), body))
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return

    return Handler


@contextmanager
def http_server() -> Iterator[tuple[HttpRecorder, str]]:
    recorder = HttpRecorder()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
