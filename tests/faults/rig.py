"""The processes of a fault test: workers and beats as real ``celery`` subprocesses sharing the
test's database and private Redis, a producer to send them tasks, and sessions to look."""

from __future__ import annotations

import base64
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from celery import Celery
from sqlalchemy.orm import Session

from service.config import Settings
from service.db import get_engine, session_scope
from service.queue import celery_config
from tests.support.paths import REPO_ROOT
from tests.support.processes import clean_env, running, wait_until
from tests.support.servers import PrivateRedis

CELERY = str(REPO_ROOT / ".venv" / "bin" / "celery")
APP = "tests.faults.fault_celery"


def ready(log: Path) -> bool:
    return log.exists() and " ready." in log.read_text(errors="replace")


class Rig:
    """Everything the subprocesses share; ``env`` is their environment."""

    def __init__(self, tmp_path: Path, database_url: str, redis: PrivateRedis, **env: str):
        self.tmp_path = tmp_path
        self.redis = redis
        key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        self.settings = Settings(
            environment="test",
            database_url=database_url,
            redis_url=redis.url,
            data_dir=tmp_path / "data",
            encryption_keys=key,
        )
        self.env = clean_env(
            LOADWATCH_ENVIRONMENT="test",
            LOADWATCH_DATABASE_URL=database_url,
            LOADWATCH_REDIS_URL=redis.url,
            LOADWATCH_DATA_DIR=str(tmp_path / "data"),
            LOADWATCH_ENCRYPTION_KEYS=key,
            LOADWATCH_REDIS_NAMESPACE=f"faults-{tmp_path.name}",
            **env,
        )
        self._producer: Celery | None = None

    @property
    def producer(self) -> Celery:
        if self._producer is None:
            self._producer = Celery("fault-producer")
            self._producer.conf.update(celery_config(self.settings))
        return self._producer

    def send(self, task: str, **kwargs: Any) -> str:
        return str(self.producer.send_task(task, kwargs=kwargs).id)

    def session(self) -> AbstractContextManager[Session]:
        return session_scope(self.settings)

    @contextmanager
    def worker(self, name: str, *extra: str, concurrency: int = 2) -> Iterator[Any]:
        """A prefork worker, ready when the block starts; stopped (SIGTERM) when it ends."""
        argv = [CELERY, "-A", APP, "worker", "--pool=prefork", f"--concurrency={concurrency}",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "-n", f"{name}@%h", "--loglevel=INFO", *extra]  # fmt: skip
        log = self.log(name)
        with running(argv, self.env, log) as process:
            wait_until(lambda: ready(log), 60, f"worker {name}")
            yield process

    def beat(self, name: str, schedule: dict[str, float]) -> AbstractContextManager[Any]:
        """A beat process sending only ``schedule`` (task name → seconds)."""
        env = {**self.env, "LOADWATCH_TEST_BEAT": ",".join(f"{t}={s}" for t, s in schedule.items())}
        argv = [CELERY, "-A", APP, "beat", "--loglevel=INFO",
                "--schedule", str(self.tmp_path / f"{name}-schedule")]  # fmt: skip
        return running(argv, env, self.log(name))

    def log(self, name: str) -> Path:
        return self.tmp_path / f"{name}.log"

    def wait(self, check: Callable[[], bool], timeout_s: float, what: str) -> None:
        wait_until(check, timeout_s, what)

    def sweep_until(
        self, tasks: list[str], done: Callable[[], bool], timeout_s: float, every_s: float = 1.0
    ) -> None:
        """Act as beat: send the ``tasks`` every ``every_s`` seconds until ``done()``."""
        deadline = time.monotonic() + timeout_s
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout_s} s sweeping {tasks}")
            for task in tasks:
                self.send(task)
            time.sleep(every_s)

    def close(self) -> None:
        if self._producer is not None:
            self._producer.close()
        get_engine(self.settings).dispose()
