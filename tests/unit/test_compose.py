"""docker-compose.yml: the production services, their commands, health checks and order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def services() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text())["services"])


def test_every_service_is_there() -> None:
    assert set(services()) == {
        "postgres",
        "redis",
        "migrate",
        "api",
        "worker",
        "imports",
        "beat",
        "mailpit",
    }


def test_commands() -> None:
    s = services()
    assert s["migrate"]["command"] == ["loadwatch", "migrate"]
    assert s["migrate"]["restart"] == "no"
    assert s["api"]["command"][:2] == ["loadwatch", "serve"]
    assert s["worker"]["command"] == [
        "loadwatch",
        "worker",
        "--queues",
        "default,sync,metrics,alerts",
    ]
    assert s["beat"]["command"] == ["loadwatch", "beat"]
    assert "replicas" not in s["beat"].get("deploy", {})


def test_dependencies_wait_for_health_and_migration() -> None:
    s = services()
    assert s["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker", "beat"):
        assert s[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert s[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    for name in ("postgres", "redis", "api", "worker", "mailpit"):
        assert "healthcheck" in s[name], name


def test_secrets_are_required_not_defaulted() -> None:
    text = COMPOSE.read_text()
    for variable in ("POSTGRES_PASSWORD", "LOADWATCH_SECRET_KEY", "LOADWATCH_ENCRYPTION_KEYS"):
        uses = re.findall(r"\$\{" + variable + r"(:?[?-])", text)
        assert uses and set(uses) == {":?"}, variable
    env = services()["api"]["environment"]
    assert env["LOADWATCH_ENVIRONMENT"] == "production"
    assert env["LOADWATCH_SMTP__HOST"].endswith("mailpit}")
