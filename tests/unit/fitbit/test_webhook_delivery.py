"""The fake's webhook sender against a loopback receiver built on the pure functions.

The receiver stands in for the API route: it fetches the keyset the way the service will
(``fetch_webhook_keyset``), then answers with ``receive_webhook``'s status or the refusal's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from service.demo.fakes.google_health import FakeGoogleHealth
from service.integrations.base import Unavailable
from service.integrations.fitbit import fetch_webhook_keyset
from service.integrations.fitbit_webhooks import (
    HealthNotification,
    WebhookConfig,
    WebhookRejectedError,
    receive_webhook,
)
from tests.unit.fitbit.conftest import RUNNER

SECRET = "Bearer 9d1c5f0e-loadwatch-webhook"
START = datetime(2026, 11, 21, 6, 30, tzinfo=UTC)


class Receiver:
    def __init__(self, config: WebhookConfig) -> None:
        self.config = config
        self.received: list[HealthNotification] = []

    def answer(self, body: bytes, headers: dict[str, str]) -> int:
        try:
            receipt = receive_webhook(body, headers, self.config)
        except WebhookRejectedError as refusal:
            return refusal.status
        self.received.extend(receipt.notifications)
        return receipt.status_code


@pytest.fixture
def receiver(fake: FakeGoogleHealth, http: httpx.Client) -> Iterator[tuple[Receiver, str]]:
    keyset = fetch_webhook_keyset(f"{fake.base_url}/webhooks/public_keyset.json", http=http)
    target = Receiver(WebhookConfig(SECRET, keyset))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(target.answer(body, dict(self.headers.items())))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield target, f"http://127.0.0.1:{server.server_address[1]}/webhooks/google-health"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize(("authorization", "status"), [(SECRET, 201), (None, 401)])
def test_googles_two_verification_posts_get_the_expected_answers(
    fake: FakeGoogleHealth, receiver, authorization, status
):
    _, url = receiver
    assert fake.send_verification(url, authorization).status_code == status


def test_a_signed_notification_is_accepted_and_reaches_the_queue(fake: FakeGoogleHealth, receiver):
    target, url = receiver
    body = fake.notification_for(RUNNER, START, START + timedelta(minutes=40))
    answer = fake.send_notification(url, body, authorization=SECRET)
    assert answer.status_code == 204
    (notice,) = target.received
    assert notice.health_user_id == RUNNER
    assert notice.time_range_utc == (START, START + timedelta(minutes=40))


@pytest.mark.parametrize(
    ("signed", "authorization", "status"),
    [(False, SECRET, 401), (True, "Bearer guessed", 403), (True, None, 204)],
)
def test_unsigned_or_wrongly_authorised_notifications_are_refused(
    fake: FakeGoogleHealth, receiver, signed, authorization, status
):
    target, url = receiver
    body = fake.notification_for(RUNNER, START, START + timedelta(minutes=40))
    answer = fake.send_notification(url, body, authorization=authorization, signed=signed)
    assert answer.status_code == status
    assert len(target.received) == (1 if status == 204 else 0)


def test_a_missing_keyset_is_unavailable(fake: FakeGoogleHealth, http: httpx.Client):
    with pytest.raises(Unavailable, match="404"):
        fetch_webhook_keyset(f"{fake.base_url}/webhooks/nothing.json", http=http)
