"""A ``redis-server`` of a test's own on a free loopback port: a broker the test may stop, crash
and restart without touching the shared Redis or any other test."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import redis

from tests.support.processes import free_port, wait_until


class PrivateRedis:
    """``redis-server`` with ``--save "" --appendonly no``: a restart loses every message; with
    ``append_only``, the compose file's ``--appendonly yes`` (fsync every second) instead."""

    def __init__(self, folder: Path, append_only: bool = False) -> None:
        self.folder = folder
        self.append_only = append_only
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=5)

    def _probe(self) -> redis.Redis:
        """A client that does not retry: redis-py's default retries (with backoff) would turn
        each refused ping while starting, and the closed connection that ``SHUTDOWN`` answers
        with, into seconds of waiting."""
        return redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=5, retry=None)

    def answers(self) -> bool:
        try:
            return bool(self._probe().ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "yes" if self.append_only else "no", "--dir", str(self.folder),
                "--maxmemory-policy", "noeviction"]  # fmt: skip
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
        wait_until(self.answers, 20, "the private redis-server")

    def stop(self) -> None:
        """``SHUTDOWN NOSAVE``: everything the server held is gone."""
        if self.process is None:
            return
        with contextlib.suppress(redis.ConnectionError):  # it closes the connection as it goes
            self._probe().shutdown(nosave=True)
        self.process.wait(timeout=20)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def crash(self) -> None:
        """SIGKILL: no shutdown, no last write; only what is on disk comes back."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=20)
            self.process = None

    def queue_length(self, queue: str) -> int:
        return int(self.client().llen(queue))
