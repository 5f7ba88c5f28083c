"""Starting processes: the API server, a Celery worker, beat, and the embedded all-in-one."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Final, NoReturn

from alembic import command
from alembic.config import Config

from service.config import ConfigurationError, Settings, get_settings
from service.logs import configure_logging
from service.task_names import GENERAL_QUEUES, IMPORT_QUEUE, WORKER_QUEUES

if TYPE_CHECKING:
    import uvicorn

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]


def alembic_config() -> Config:
    for folder in (Path.cwd(), REPO_ROOT):
        ini = folder / "alembic.ini"
        if ini.exists():
            config = Config(str(ini))
            config.attributes["configure_logger"] = False
            return config
    raise ConfigurationError("alembic.ini not found: run loadwatch from its checkout")


def migrate() -> None:
    command.upgrade(alembic_config(), "head")


def server_options(settings: Settings) -> dict[str, Any]:
    """Uvicorn's options: ``X-Forwarded-For`` only from the configured proxies (uvicorn would
    believe any from loopback), and the access log without tokens (``logs.RedactAccessLog``)."""
    proxies = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    return {
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": ",".join(proxies) or "",
        "server_header": False,
    }


ROOT_WARNING_FILTER: Final = "ignore:You're running the worker with superuser privileges"


def celery_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "workers.celery_app", *args]


def node_name(settings: Settings, queues: tuple[str, ...] = WORKER_QUEUES) -> str:
    """The worker's Celery node name: the configured one, else one no other process on this
    host has (``worker-<pid>@%h``, ``imports-<pid>@%h``); Celery puts the host in for ``%h``."""
    if settings.worker.name:
        return settings.worker.name
    kind = "imports" if queues == (IMPORT_QUEUE,) else "worker"
    return f"{kind}-{os.getpid()}@%h"


def worker_argv(
    settings: Settings,
    concurrency: int | None = None,
    beat: bool = False,
    queues: tuple[str, ...] = WORKER_QUEUES,
    hostname: str | None = None,
) -> list[str]:
    """A worker of ``queues``: by default every queue."""
    # SQLite tolerates one writer: threads in one process keep the embedded default simple.
    pool = ["--pool", "threads"] if settings.embedded else ["--pool", "prefork"]
    level = settings.log_level.upper()
    # Celery's banner (queues, tasks) is INFO too: a quieter level leaves it out.
    quiet = ["--quiet"] if logging.getLevelName(level) > logging.INFO else []
    argv = celery_argv(*quiet, "worker", *pool, "--without-gossip", "--without-mingle", "-l", level)
    argv += ["--queues", ",".join(queues)]
    argv += ["--hostname", hostname or node_name(settings, queues)]
    if concurrency:
        argv += ["--concurrency", str(concurrency)]
    if beat:
        argv += ["--beat", "--schedule", str(settings.data_dir.resolve() / "celerybeat-schedule")]
    return argv


def embedded_workers(settings: Settings) -> list[list[str]]:
    """The embedded default's workers: one with beat for everything but the imports, and one
    for the imports alone, so an upload never holds up the sweeps and alerts."""
    return [
        worker_argv(settings, concurrency=2, beat=True, queues=GENERAL_QUEUES),
        worker_argv(settings, concurrency=1, queues=(IMPORT_QUEUE,)),
    ]


#: A worker that ran this long before it ended is restarted after the first delay again.
HEALTHY_RUN_S = 60.0
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


def supervise(argv: list[str], settings: Settings) -> int:
    """Run the Celery worker ``argv`` and start it again whenever it ends by itself (an
    unrecoverable error, a crash, a kill), waiting ``restart_delay_s`` and doubling the wait
    while it keeps failing. A stop signal (SIGTERM, SIGINT, SIGQUIT) is passed on to the worker,
    which shuts down as it would on its own; then this returns the worker's exit status."""
    configure_logging(settings.log_level)
    stopping: list[int] = []
    child: list[subprocess.Popen[bytes]] = []

    def pass_on(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)
        if child and child[0].poll() is None:
            child[0].send_signal(signum)

    for signum in _STOP_SIGNALS:
        signal.signal(signum, pass_on)
    delay = settings.worker.restart_delay_s
    while True:
        started = time.monotonic()
        child[:] = [subprocess.Popen(argv)]  # noqa: S603
        code = _status(child[0].wait())
        if stopping:
            return code
        ran = time.monotonic() - started
        delay = settings.worker.restart_delay_s if ran >= HEALTHY_RUN_S else delay
        log.error("worker.restarting", extra={"exit_code": code, "ran_s": round(ran, 1),
                                               "delay_s": delay})  # fmt: skip
        if _sleep_unless_stopped(delay, stopping):
            return code
        delay = min(delay * 2, settings.worker.restart_delay_max_s)


def _status(returncode: int) -> int:
    """A shell's exit status: 128 + n for a process ended by signal n."""
    return returncode if returncode >= 0 else 128 - returncode


def _sleep_unless_stopped(seconds: float, stopping: list[int]) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if stopping:
            return True
        time.sleep(min(0.1, seconds))
    return bool(stopping)


@contextlib.contextmanager
def background_worker(settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    """The workers beside the API, for the embedded default; stopped on exit. Yields the one
    with beat."""
    unwind_on_sigterm()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
        # The embedded default runs as whoever started it, root in a container too; Celery's
        # eight-line warning about that, twice, would bury the demo's overview.
        "PYTHONWARNINGS": ",".join(
            filter(None, [os.environ.get("PYTHONWARNINGS", ""), ROOT_WARNING_FILTER])
        ),
    }
    processes = [subprocess.Popen(argv, env=env) for argv in embedded_workers(settings)]  # noqa: S603
    for process in processes:
        log.info("worker.started", extra={"pid": process.pid})
    try:
        yield processes[0]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def serve_api(
    host: str, port: int, log_level: str, when_listening: Callable[[], None] | None = None
) -> None:
    """Serve the web application until stopped; ``when_listening`` is called once it accepts
    connections (so what it prints is the last word, not uvicorn's start-up lines)."""
    import uvicorn

    config = uvicorn.Config(
        "service.main:create_app",
        factory=True,
        host=host,
        port=port,
        log_level=log_level.lower(),
        **server_options(get_settings()),
    )
    server = uvicorn.Server(config)
    if when_listening is not None:
        threading.Thread(
            target=_call_when_started, args=(server, when_listening), daemon=True
        ).start()
    server.run()


def _call_when_started(server: uvicorn.Server, callback: Callable[[], None]) -> None:
    while not server.started:
        if server.should_exit:
            return
        time.sleep(0.05)
    callback()


def unwind_on_sigterm() -> None:
    """Make SIGTERM (``kill``, a service manager, ``docker stop``) unwind this process like
    Ctrl-C, so ``finally`` blocks stop the processes it started. Python's default action ends
    it at once — uvicorn hands the signal back to that default after its own graceful shutdown
    — which would leave an embedded worker running without its parent."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)
