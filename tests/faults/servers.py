"""A PostgreSQL cluster of a fault test's own, on a free loopback port, that the test may stop,
crash and start; gone when the test ends. (The private Redis is in ``tests/support/servers.py``.)"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from tests.support.databases import create_database, upgrade
from tests.support.processes import free_port, wait_until


def pg_bin() -> Path:
    """Where ``initdb`` and ``pg_ctl`` are: Debian keeps the server's programs out of PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: [int(part) for part in path.parents[1].name.split(".") if part.isdigit()],
    )
    if not found:
        raise FileNotFoundError("PostgreSQL's initdb is not installed (apt-get install postgresql)")
    return found[-1].parent


class PrivatePostgres:
    """A cluster in a temporary folder owned by ``postgres`` (the server refuses root), started
    with ``pg_ctl`` through ``runuser``; ``restart(immediate=True)`` is a crash and recovery."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="loadwatch-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        shutil.chown(self.folder, "postgres", "postgres")
        self._as_postgres(str(pg_bin() / "initdb"), "-D", str(self.data), "-A", "trust",
                          "-U", "postgres", "--no-sync", "-E", "UTF8")  # fmt: skip

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _as_postgres(self, *argv: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *argv], check=True,
                       capture_output=True, timeout=120)  # fmt: skip

    def _pg_ctl(self, *argv: str) -> None:
        self._as_postgres(str(pg_bin() / "pg_ctl"), "-D", str(self.data), *argv)

    def answers(self) -> bool:
        try:
            psycopg.connect(self.admin_dsn, connect_timeout=2).close()
        except psycopg.OperationalError:
            return False
        return True

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c max_connections=60")  # fmt: skip
        self._pg_ctl("-o", options, "-l", str(self.folder / "server.log"), "-w", "start")
        wait_until(self.answers, 30, "the private PostgreSQL cluster")

    def stop(self, immediate: bool = False) -> None:
        """``-m immediate`` ends every backend without a checkpoint, as a crash would."""
        self._pg_ctl("-m", "immediate" if immediate else "fast", "-w", "stop")

    def restart(self, immediate: bool = True) -> None:
        self.stop(immediate)
        self.start()

    def migrated_database(self, name: str) -> str:
        create_database(self.admin_dsn, name)
        url = self.url(name)
        upgrade(url)
        return url

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop(immediate=True)
        shutil.rmtree(self.folder, ignore_errors=True)
