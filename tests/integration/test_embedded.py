"""The embedded default end to end: `loadwatch serve` with SQLite and the worker it starts beside
the API. (The demo's worker consuming tasks: ``tests/integration/test_demo.py``, on its running
demo.)"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from tests.support.processes import LOADWATCH, embedded_env, free_port, healthy, running, wait_until


def _children(pid: int) -> set[int]:
    """Every process below ``pid``, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended meanwhile
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_sigterm_to_serve_stops_its_worker_too(tmp_path: Path) -> None:
    """``kill PID`` (or a service manager) on ``loadwatch serve`` leaves no worker behind."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    argv = [LOADWATCH, "serve", "--port", str(port)]
    with running(argv, embedded_env(tmp_path / "data"), tmp_path / "serve.log") as serve:
        wait_until(lambda: healthy(base), 90, "loadwatch serve to answer /healthz")
        wait_until(lambda: len(_children(serve.pid)) >= 2, 60, "its worker and beat to start")
        started = _children(serve.pid)

        os.kill(serve.pid, signal.SIGTERM)  # the server alone, not its process group
        assert serve.wait(timeout=60) == 128 + signal.SIGTERM
        wait_until(
            lambda: not any(_alive(pid) for pid in started), 60, "the worker to stop with it"
        )
