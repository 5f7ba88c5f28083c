"""Uploads cannot hold a worker, or the sweeps and alerts, for minutes (OWASP API4, resource use).

Item 9 of the hardening round: a 2 MB ZIP of 40 × 50 MiB of whitespace held a worker for 269 s
(every member under the per-file cap, the total under the 2 GiB cap), and two of them stalled the
scheduled sweeps, which shared the imports' queue and workers. Now the declared total is checked
before any member is parsed (1 GiB), parsing stops at a deadline, and imports run on a queue
that only their own worker consumes: in production (compose) and on the embedded default.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.config import get_settings
from service.integrations.files import FileRejected, read_archive
from service.queue import celery_config
from service.task_names import TaskName
from workers.celery_app import BEAT_SCHEDULE

MiB = 1024 * 1024
COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def _whitespace_bomb(members: int, member_bytes: int = 50 * MiB) -> bytes:
    blank = b" " * member_bytes
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for n in range(members):
            out.writestr(f"activity-{n}.gpx", blank)
    return buffer.getvalue()


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each member handed to the parser (a cheap stand-in, so the attack runs in seconds)."""
    calls: list[int] = []

    def parse(data: bytes, allow_incomplete: bool = False) -> list[Any]:
        calls.append(len(data))
        raise FileRejected("xml_malformed")

    monkeypatch.setattr("service.integrations.files.garmin_export.read_single_file", parse)
    return calls


def test_an_archive_that_unpacks_past_the_cap_is_refused_before_any_parsing(
    parsed: list[int],
) -> None:
    bomb = _whitespace_bomb(members=21)  # 1050 MiB unpacked, a few MB packed
    assert len(bomb) < 10 * MiB
    with pytest.raises(FileRejected) as refused:
        read_archive(bomb, allow_incomplete=True)
    assert refused.value.code == "archive_too_large"
    assert parsed == []


def test_parsing_stops_at_the_deadline(monkeypatch: pytest.MonkeyPatch, parsed: list[int]) -> None:
    """A clock that moves a minute per look: the third member is past the two-minute deadline."""
    ticks = iter(range(0, 10_000, 60))
    monkeypatch.setattr("service.integrations.files.garmin_export._clock", lambda: next(ticks))
    with pytest.raises(FileRejected) as refused:
        read_archive(_whitespace_bomb(members=10, member_bytes=1024), allow_incomplete=True)
    assert refused.value.code == "archive_too_slow"
    assert len(parsed) < 10


def _queue_of(task: str) -> str:
    routes = celery_config(get_settings())["task_routes"]
    for pattern, route in routes.items():
        if pattern == task or (pattern.endswith("*") and task.startswith(pattern[:-1])):
            return str(route["queue"])
    return "default"


def test_imports_have_a_queue_no_sweep_or_alert_shares() -> None:
    imports = _queue_of(TaskName.ACTIVITIES_PROCESS_IMPORT)
    others = {_queue_of(str(entry["task"])) for entry in BEAT_SCHEDULE.values()}
    others |= {_queue_of(TaskName.ALERTS_DELIVER), _queue_of(TaskName.METRICS_RECOMPUTE)}
    assert imports not in others


def _consumed(command: list[str]) -> set[str]:
    if "--queues" in command:
        return set(command[command.index("--queues") + 1].split(","))
    from service.task_names import WORKER_QUEUES

    return set(WORKER_QUEUES)


def test_production_and_the_embedded_default_consume_the_imports_apart() -> None:
    from service.runner import embedded_workers

    imports = _queue_of(TaskName.ACTIVITIES_PROCESS_IMPORT)
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    workers = [s["command"] for s in services.values() if s.get("command", [])[1:2] == ["worker"]]
    embedded = embedded_workers(get_settings())
    for commands in (workers, [argv[argv.index("worker") :] for argv in embedded]):
        consumers = [c for c in commands if imports in _consumed(c)]
        assert consumers and all(_consumed(c) == {imports} for c in consumers), commands
        assert any("alerts" in _consumed(c) for c in commands)
