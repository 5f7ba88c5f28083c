"""What the benchmarks share: servers of their own, real processes, timers, percentiles, tables.

Every benchmark runs against a PostgreSQL database of its own (created and migrated on the
server at ``LOADWATCH_BENCH_PG``, dropped afterwards) and a private ``redis-server`` on a free
loopback port without persistence, so it neither sees nor disturbs any other work on the machine.
``bench_services`` points this process's settings at them and hands out the environment for the
``celery`` and ``loadwatch serve`` subprocesses it starts.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import checkout  # noqa: F401  (the checkout on sys.path, for tests.*)
import httpx
import numpy as np

from service.config import get_settings
from service.db import get_engine
from service.queue import producer
from tests.support.databases import migrated_database
from tests.support.paths import REPO_ROOT
from tests.support.processes import clean_env, free_port, healthy, running, wait_until
from tests.support.servers import PrivateRedis

PG_ADMIN_DSN = os.environ.get("LOADWATCH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
CELERY = str(REPO_ROOT / ".venv" / "bin" / "celery")
LOADWATCH = str(REPO_ROOT / ".venv" / "bin" / "loadwatch")


@dataclass
class Services:
    """A private database and Redis; ``env`` is the environment for subprocesses using them."""

    folder: Path
    database_url: str
    redis: PrivateRedis
    env: dict[str, str] = field(default_factory=dict)

    def log(self, name: str) -> Path:
        return self.folder / f"{name}.log"


@contextmanager
def bench_services(label: str, **env: str) -> Iterator[Services]:
    """Database, Redis and a data folder; this process's settings point at them meanwhile."""
    with tempfile.TemporaryDirectory(prefix=f"loadwatch-bench-{label}-") as tmp:
        folder = Path(tmp)
        redis = PrivateRedis(folder)
        redis.start()
        try:
            with migrated_database(f"bench_{label}", PG_ADMIN_DSN) as url:
                key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
                variables = {
                    "LOADWATCH_ENVIRONMENT": "test",
                    "LOADWATCH_DATABASE_URL": url,
                    "LOADWATCH_REDIS_URL": redis.url,
                    "LOADWATCH_DATA_DIR": str(folder / "data"),
                    "LOADWATCH_ENCRYPTION_KEYS": key,
                    "LOADWATCH_REDIS_NAMESPACE": f"bench-{label}-{uuid.uuid4().hex[:6]}",
                    "LOADWATCH_LOG_LEVEL": "WARNING",
                    **env,
                }
                with _process_settings(variables):
                    yield Services(folder, url, redis, clean_env(**variables))
        finally:
            redis.stop()


@contextmanager
def _process_settings(variables: dict[str, str]) -> Iterator[None]:
    saved = {k: v for k, v in os.environ.items() if k.startswith("LOADWATCH_")}
    for name in saved:
        del os.environ[name]
    os.environ.update(variables)
    get_settings.cache_clear()
    try:
        yield
    finally:
        producer().close()
        get_engine().dispose()
        for name in variables:
            os.environ.pop(name, None)
        os.environ.update(saved)
        get_settings.cache_clear()


def worker_ready(log: Path) -> bool:
    return log.exists() and " ready." in log.read_text(errors="replace")


@contextmanager
def celery_worker(
    services: Services,
    name: str,
    *,
    queues: Sequence[str] = (),
    concurrency: int = 2,
    app: str = "workers.celery_app",
    env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """A real prefork ``celery worker``, ready when the block starts, stopped when it ends."""
    argv = [CELERY, "-A", app, "worker", "--pool=prefork", f"--concurrency={concurrency}",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"{name}@%h", "--loglevel=INFO"]  # fmt: skip
    if queues:
        argv += ["--queues", ",".join(queues)]
    log = services.log(name)
    with running(argv, {**services.env, **(env or {})}, log) as process:
        wait_until(lambda: worker_ready(log), 90, f"worker {name}")
        yield process


@contextmanager
def celery_beat(
    services: Services,
    name: str,
    *,
    app: str = "workers.celery_app",
    env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``celery beat`` with a schedule file of its own, stopped when the block ends."""
    argv = [CELERY, "-A", app, "beat", "--loglevel=INFO",
            "--schedule", str(services.folder / f"{name}-schedule")]  # fmt: skip
    log = services.log(name)
    with running(argv, {**services.env, **(env or {})}, log) as process:
        wait_until(lambda: "beat: Starting" in log.read_text(errors="replace"), 60, name)
        yield process


@contextmanager
def loadwatch_server(services: Services) -> Iterator[str]:
    """``loadwatch serve`` (uvicorn, one process) on a free port; yields its base URL."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**services.env, "LOADWATCH_BASE_URL": base_url}
    argv = [LOADWATCH, "serve", "--port", str(port)]
    with running(argv, env, services.log("serve")):
        wait_until(lambda: healthy(base_url), 60, "loadwatch serve")
        yield base_url


@dataclass
class Lap:
    """Wall and CPU seconds (CPU: this process only) of one timed block."""

    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def stopwatch() -> Iterator[Lap]:
    lap = Lap()
    began, began_cpu = time.perf_counter(), time.process_time()
    try:
        yield lap
    finally:
        lap.wall = time.perf_counter() - began
        lap.cpu = time.process_time() - began_cpu


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) by linear interpolation between the closest ranks."""
    if not values:
        raise ValueError("no values")
    return float(np.percentile(np.asarray(values, dtype=float), q))


def print_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], text_columns: int = 1
) -> None:
    """A plain table: the first ``text_columns`` left-aligned, the figures right-aligned."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, ["-" * w for w in widths], *rows]:
        cells = [
            str(cell).ljust(width) if i < text_columns else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())


def ratio(ours: float, baseline: float) -> str:
    """``ours / baseline`` to two decimals, or two significant digits below 0.1."""
    if not baseline:
        return "n/a"
    value = ours / baseline
    return f"{value:.2f}" if value >= 0.1 else f"{value:.2g}"


def http_client(base_url: str, cookies: httpx.Cookies | None = None) -> httpx.Client:
    """A keep-alive client with explicit timeouts, as a browser tab would hold one."""
    return httpx.Client(base_url=base_url, cookies=cookies, timeout=httpx.Timeout(30.0))
