"""Server-side request forgery (OWASP API7): user-supplied push endpoints and Apprise URLs never
reach the server's own network in production, and still reach loopback receivers in test.

Only loopback is ever contacted here: private and link-local addresses are judged by the pure
classifier or refused before any connection is made.
"""

from __future__ import annotations

import inspect
import ipaddress
import os
import shlex
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr

from service.alerts.channels.apprise import AppriseChannel
from service.alerts.channels.base import ChannelError, Destination, Message
from service.alerts.outbound import is_public, public_only, refuses_host
from service.config import AlertSettings, Settings, get_settings
from tests.integration.alerts.receivers import HttpRecorder, http_server
from tests.security.people import push_keys
from tests.security.world import World

DOCKERFILE = Path(__file__).resolve().parents[2] / "Dockerfile"


def production(**alerts: Any) -> Settings:
    current = get_settings()
    return Settings(
        environment="production",
        secret_key=SecretStr("s" * 48),
        encryption_keys=current.encryption_keys or SecretStr(_generated_key(current)),
        database_url=current.database_url,
        redis_url=current.redis_url,
        alerts=AlertSettings(**alerts),
    )


def _generated_key(settings: Settings) -> str:
    import base64

    return base64.urlsafe_b64encode(settings.encryption_key_list()[0]).decode()


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("8.8.8.8", True),
        ("1.1.1.1", True),
        ("2001:4860:4860::8888", True),
    ],
)
def test_address_table(address: str, public: bool) -> None:
    assert is_public(address) is public


@given(
    st.sampled_from(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8"]),
    st.integers(0, 2**24),
)
def test_every_private_or_loopback_address_is_refused(network: str, offset: int) -> None:
    net = ipaddress.ip_network(network)
    address = net.network_address + (offset % net.num_addresses)
    assert not is_public(str(address))
    assert refuses_host(f"json://{address}:8080/hook")


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("json://127.0.0.1:8080/x", True),
        ("ntfy://localhost/topic", True),
        ("https://push.localhost/x", True),
        ("https://[::1]/push", True),
        ("https://10.0.0.5/push", True),
        ("json://hooks.example.com/x", False),  # a name: checked when connecting
        ("tgram://123456789:AAHtoken/987654", False),  # Telegram's fixed host, no host here
        ("https://updates.push.services.mozilla.com/wpush/v2/abc", False),
    ],
)
def test_stored_destinations_naming_internal_hosts_are_refused(url: str, refused: bool) -> None:
    assert refuses_host(url) is refused


@pytest.fixture
def receiver() -> Iterator[tuple[HttpRecorder, str]]:
    with http_server() as server:
        yield server


def _message(address: str) -> Message:
    return Message(
        to_address="a@example.com",
        subject="Load rose",
        body="Repeat this week's load.",
        text="Repeat this week's load.",
        destinations=(Destination(id=1, address=address),),
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_in_production_an_apprise_url_to_loopback_is_never_contacted(
    receiver: tuple[HttpRecorder, str], host: str
) -> None:
    recorder, base = receiver
    port = base.rsplit(":", 1)[1]
    url = f"json://{host}:{port}/hook"

    with pytest.raises(ChannelError):
        AppriseChannel(production()).send(_message(url))
    assert recorder.at("/hook") == []

    AppriseChannel(production(allow_private_targets=True)).send(_message(url))
    assert len(recorder.at("/hook")) == 1


def test_in_test_mode_loopback_receivers_keep_working(receiver: tuple[HttpRecorder, str]) -> None:
    recorder, base = receiver
    AppriseChannel(get_settings()).send(_message(base.replace("http://", "json://") + "/t"))
    assert len(recorder.at("/t")) == 1


def test_the_guard_holds_only_for_the_thread_that_sends(
    receiver: tuple[HttpRecorder, str],
) -> None:
    recorder, base = receiver
    answers: list[int] = []

    def other_thread() -> None:
        answers.append(requests.post(f"{base}/other", timeout=5).status_code)

    with public_only(production()):
        with pytest.raises(requests.ConnectionError, match="not a public address"):
            requests.post(f"{base}/guarded", timeout=5)
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join(timeout=10)
    assert answers == [201] and recorder.at("/guarded") == []


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [
        (
            "/api/v1/me/apprise-targets",
            {"label": "x", "url": "json://127.0.0.1:9/x"},
            "apprise_url_not_public",
        ),
        (
            "/api/v1/me/apprise-targets",
            {"label": "x", "url": "json://10.0.0.7/x"},
            "apprise_url_not_public",
        ),
        (
            "/api/v1/me/push-subscriptions",
            {"endpoint": "https://localhost/push"},
            "push_endpoint_not_public",
        ),
        (
            "/api/v1/me/push-subscriptions",
            {"endpoint": "https://169.254.169.254/x"},
            "push_endpoint_not_public",
        ),
    ],
)
def test_production_refuses_to_store_internal_destinations(
    client: TestClient, world: World, path: str, body: dict[str, Any], code: str
) -> None:
    if "push" in path:
        body = {**body, "keys": push_keys()}
    client.app.dependency_overrides[get_settings] = lambda: production()  # type: ignore[attr-defined]
    refused = client.post(path, json=body, headers=world.victim.headers)
    assert (refused.status_code, refused.json()["error"]) == (422, code)
    del client.app.dependency_overrides[get_settings]  # type: ignore[attr-defined]
    stored = client.post(path, json=body, headers=world.victim.headers)
    assert stored.status_code == 201, stored.text


# --- hardening item 4: private targets are an opt-in everywhere; raw-socket plugins refused ---


def _settings_from_environment(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> Settings:
    for name in list(os.environ):
        if name.startswith("LOADWATCH_"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings()


def _dockerfile_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for line in DOCKERFILE.read_text().splitlines():
        if line.startswith("ENV "):
            for pair in shlex.split(line[4:]):
                name, _, value = pair.partition("=")
                env[name] = value
    return env


@pytest.mark.parametrize("where", ["embedded_default", "dockerfile"])
def test_private_targets_are_refused_unless_opted_in(
    monkeypatch: pytest.MonkeyPatch, receiver: tuple[HttpRecorder, str], where: str
) -> None:
    """With no setting at all (the embedded default), and with the Dockerfile's environment,
    an Apprise URL to loopback is never contacted."""
    recorder, base = receiver
    env = {} if where == "embedded_default" else _dockerfile_env()
    settings = _settings_from_environment(monkeypatch, env)
    assert settings.environment != "production"
    with pytest.raises(ChannelError):
        AppriseChannel(settings).send(_message(base.replace("http://", "json://") + "/hook"))
    assert recorder.at("/hook") == []


@pytest.fixture
def udp_listener() -> Iterator[socket.socket]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind(("127.0.0.1", 0))
    listener.settimeout(1.0)
    yield listener
    listener.close()


def test_rsyslog_cannot_send_raw_udp_past_the_guard(udp_listener: socket.socket) -> None:
    """``rsyslog://`` sends with ``sendto``, which the guard never sees: it is refused."""
    port = udp_listener.getsockname()[1]
    with pytest.raises(ChannelError):
        AppriseChannel(production()).send(_message(f"rsyslog://localhost:{port}/local0"))
    with pytest.raises(TimeoutError):
        udp_listener.recvfrom(65536)


def test_apprise_schemes_outside_the_guarded_path_are_not_stored(
    client: TestClient, world: World
) -> None:
    for url in ("rsyslog://syslog.example.com", "irc://irc.example.com/chan", "syslog://"):
        body = {"label": "x", "url": url}
        answer = client.post("/api/v1/me/apprise-targets", json=body, headers=world.victim.headers)
        assert (answer.status_code, answer.json()["error"]) == (422, "apprise_scheme_not_allowed")


RAW_TRANSPORTS = ("socket.socket", "sendto", "paho", "slixmpp", "gntp", "dbus", "subprocess")


def test_every_allowed_scheme_speaks_through_requests_or_smtplib() -> None:
    from apprise.manager_plugins import NotificationManager

    from service.alerts.apprise_schemes import ALLOWED_SCHEMES

    manager = NotificationManager()
    manager.load_modules()
    for scheme in sorted(ALLOWED_SCHEMES):
        plugin = manager._schema_map.get(scheme)
        assert plugin is not None, f"{scheme}: no such Apprise plugin any more"
        source = inspect.getsource(inspect.getmodule(plugin))
        assert not [raw for raw in RAW_TRANSPORTS if raw in source], scheme
