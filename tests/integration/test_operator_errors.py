"""An operator's mistakes get one clear line and exit code 2, not a traceback: the installed
``loadwatch`` command, run as a person would, against an unmigrated, unreachable or misconfigured
database, broker, data folder or setting. ``serve``, ``worker`` and ``beat`` log the same line
and wait for the database and the broker instead of exiting; ``--debug`` keeps the traceback."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from service.operator_errors import NOT_MIGRATED
from tests.faults.servers import PrivatePostgres
from tests.support.databases import (
    PG_ADMIN_DSN,
    create_database,
    database_url_on,
    drop_database,
    migrated_database,
    run_alembic,
    upgrade,
)
from tests.support.paths import REPO_ROOT
from tests.support.processes import (
    LOADWATCH,
    clean_env,
    embedded_env,
    free_port,
    healthy,
    running,
    wait_until,
)

PASSWORD = "s3cret-Operator-pw"  # in every URL below: it must never be printed
GOOD_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="  # 32 zero bytes


def loadwatch(
    *args: str, env: dict[str, str], stdin: str = "", as_user: str | None = None
) -> subprocess.CompletedProcess[str]:
    prefix = ["runuser", "-u", as_user, "--"] if as_user else []
    return subprocess.run(
        [*prefix, LOADWATCH, *args],
        env=env,
        cwd=REPO_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def refused(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """Exit code 2 and one or two lines (the problem, the way to the traceback), naming every
    fragment; never a traceback, never the password."""
    output = result.stdout + result.stderr
    lines = output.strip().splitlines()
    assert result.returncode == 2, output
    assert 1 <= len(lines) <= 2, output
    assert lines[0].startswith("error: "), output
    assert "Traceback" not in output, output
    assert PASSWORD not in output, output
    for fragment in fragments:
        assert fragment in lines[0], output
    return lines[0]


def pg_url(database: str, user: str = "postgres", port: int = 5432) -> str:
    return f"postgresql://{user}:{PASSWORD}@127.0.0.1:{port}/{database}"


def on_postgres(url: str, **extra: str) -> dict[str, str]:
    return clean_env(LOADWATCH_DATABASE_URL=url, LOADWATCH_ENVIRONMENT="development", **extra)


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A database that exists and was never migrated; its URL carries a password (the shared
    server trusts loopback, so any password does)."""
    name = f"loadwatch_unmigrated_{uuid.uuid4().hex[:8]}"
    create_database(PG_ADMIN_DSN, name)
    try:
        yield pg_url(name)
    finally:
        drop_database(PG_ADMIN_DSN, name)


@pytest.fixture
def migrated_url() -> Iterator[str]:
    with migrated_database("operator") as url:
        yield url.replace("postgres@", f"postgres:{PASSWORD}@", 1)


# --- the database is not migrated ------------------------------------------------------------

COMMANDS_ON_AN_ACCOUNT = [
    pytest.param(["create-user", "ann@example.com"], "a-long-password\n", id="create-user"),
    pytest.param(["export", "ann@example.com"], "", id="export"),
    pytest.param(["erase", "ann@example.com", "--yes"], "", id="erase"),
    pytest.param(["import", "run.fit", "--athlete", "ann@example.com"], "", id="import"),
    pytest.param(["rotate-keys"], "", id="rotate-keys"),
]


@pytest.mark.parametrize(("args", "stdin"), COMMANDS_ON_AN_ACCOUNT)
def test_every_command_migrates_a_fresh_embedded_data_folder_first(
    tmp_path: Path, args: list[str], stdin: str
) -> None:
    result = loadwatch(*args, env=embedded_env(tmp_path / "data"), stdin=stdin)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "no such table" not in output, output
    if args[0] in ("create-user", "rotate-keys"):
        assert result.returncode == 0, output
    else:  # refused for a person's reason, on a migrated schema: nobody is called ann yet
        assert result.returncode == 2 and "ann@example.com" in output, output
    assert (tmp_path / "data" / "loadwatch.sqlite").is_file()


@pytest.mark.parametrize(("args", "stdin"), COMMANDS_ON_AN_ACCOUNT)
def test_every_command_refuses_an_unmigrated_postgresql_database(
    empty_database: str, args: list[str], stdin: str
) -> None:
    result = loadwatch(*args, env=on_postgres(empty_database), stdin=stdin)
    name = empty_database.rsplit("/", 1)[1]
    refused(result, NOT_MIGRATED, "127.0.0.1:5432", repr(name))
    with psycopg.connect(database_url_on(PG_ADMIN_DSN, name)) as conn:  # and left it alone
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)


@pytest.mark.parametrize(
    ("revision", "fragment"),
    [
        pytest.param("-1", NOT_MIGRATED, id="older"),
        pytest.param("newer", "migrated by a newer version of loadwatch", id="newer"),
    ],
)
def test_a_database_of_another_version(migrated_url: str, revision: str, fragment: str) -> None:
    if revision == "newer":
        with psycopg.connect(migrated_url, autocommit=True) as conn:
            conn.execute("UPDATE alembic_version SET version_num = 'f00dfeedf00d'")
    else:
        run_alembic(migrated_url, "downgrade", revision)
    result = loadwatch("export", "ann@example.com", env=on_postgres(migrated_url))
    refused(result, fragment, "127.0.0.1:5432")


# --- the database: unreachable, missing, refused ----------------------------------------------


def test_an_unreachable_database(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    result = loadwatch("migrate", env=on_postgres(pg_url("loadwatch", port=port)))
    refused(result, "cannot reach the database", f"127.0.0.1:{port}", "LOADWATCH_DATABASE_URL")


def test_a_database_that_does_not_exist() -> None:
    name = f"loadwatch_missing_{uuid.uuid4().hex[:8]}"
    result = loadwatch("migrate", env=on_postgres(pg_url(name)))
    refused(result, "the database does not exist", repr(name), "127.0.0.1:5432", "createdb")


def test_a_user_the_database_does_not_know() -> None:
    result = loadwatch("export", "ann@example.com", env=on_postgres(pg_url("postgres", "nobody")))
    refused(result, "refused the login", "'nobody'", "127.0.0.1:5432", "LOADWATCH_DATABASE_URL")


@pytest.fixture
def password_postgres() -> Iterator[PrivatePostgres]:
    """A cluster of the test's own that asks for a password over TCP (the shared one trusts
    loopback): ``postgres`` with the password ``right-password``."""
    cluster = PrivatePostgres()
    try:
        cluster.start()
        with psycopg.connect(cluster.admin_dsn, autocommit=True) as conn:
            conn.execute("ALTER ROLE postgres PASSWORD 'right-password'")
        hba = cluster.data / "pg_hba.conf"
        hba.write_text(
            "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n", encoding="utf-8"
        )
        subprocess.run(
            ["runuser", "-u", "postgres", "--", "psql", "-h", str(cluster.folder), "-p",
             str(cluster.port), "-c", "SELECT pg_reload_conf()", "postgres"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        yield cluster
    finally:
        cluster.remove()


def test_a_wrong_database_password(password_postgres: PrivatePostgres) -> None:
    port = password_postgres.port
    right = f"postgresql://postgres:right-password@127.0.0.1:{port}/postgres"
    assert loadwatch("migrate", env=on_postgres(right)).returncode == 0  # the password matters
    result = loadwatch("migrate", env=on_postgres(pg_url("postgres", port=port)))
    refused(result, "refused the password", f"127.0.0.1:{port}", "LOADWATCH_DATABASE_URL")


# --- the data folder and the settings ---------------------------------------------------------


def test_a_data_folder_that_is_a_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.write_text("not a folder", encoding="utf-8")
    result = loadwatch("export", "ann@example.com", env=embedded_env(data))
    refused(result, "cannot use the data folder", str(data), "LOADWATCH_DATA_DIR")


def test_a_data_folder_loadwatch_may_not_write(tmp_path: Path) -> None:
    """Made unwritable for whoever runs the tests: root may write anywhere, except into an
    immutable folder (``chattr +i``)."""
    data = tmp_path / "data"
    data.mkdir()
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(data)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip(f"this file system has no immutable folders: {made.stderr!r}")
    else:
        data.chmod(0o500)
    try:
        result = loadwatch("export", "ann@example.com", env=embedded_env(data))
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(data)], check=True)
        data.chmod(0o700)
    refused(result, "cannot use the data folder", "permission denied", str(data))
    assert not (data / "loadwatch.sqlite").exists()


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param(f"{GOOD_KEY},not/base64*at%all", id="not-base64"),
        pytest.param("c2hvcnQta2V5LW9mLTE2Yg", id="16-bytes"),
    ],
)
def test_bad_encryption_keys(tmp_path: Path, keys: str) -> None:
    env = embedded_env(tmp_path / "data", LOADWATCH_ENCRYPTION_KEYS=keys)
    result = loadwatch("create-user", "ann@example.com", env=env, stdin="a-long-password\n")
    line = refused(result, "LOADWATCH_ENCRYPTION_KEYS", "32 bytes")
    assert keys.split(",")[-1] not in line


def test_serve_stops_at_bad_encryption_keys_instead_of_waiting(tmp_path: Path) -> None:
    env = embedded_env(tmp_path / "data", LOADWATCH_ENCRYPTION_KEYS="c2hvcnQ")
    result = loadwatch("serve", "--port", str(free_port()), env=env)
    refused(result, "LOADWATCH_ENCRYPTION_KEYS")


@pytest.mark.parametrize(
    ("variables", "fragment"),
    [
        pytest.param({"LOADWATCH_ENVIRONMENT": "staging"}, "LOADWATCH_ENVIRONMENT", id="value"),
        pytest.param({"LOADWATCH_LOG_LEVEL": "LOUD"}, "LOADWATCH_LOG_LEVEL", id="log-level"),
        pytest.param(
            {"LOADWATCH_ENVIRONMENT": "production", "LOADWATCH_SECRET_KEY": PASSWORD},
            "LOADWATCH_SECRET_KEY",
            id="production",
        ),
    ],
)
def test_settings_that_cannot_be_used(
    tmp_path: Path, variables: dict[str, str], fragment: str
) -> None:
    env = {**embedded_env(tmp_path / "data"), **variables}
    refused(loadwatch("export", "ann@example.com", env=env), fragment)


# --- tracebacks on request --------------------------------------------------------------------


@pytest.mark.parametrize("how", ["--debug", "LOADWATCH_DEBUG=1"])
def test_debug_keeps_the_traceback_without_local_variables(how: str) -> None:
    extra = {"LOADWATCH_DEBUG": "1"} if how.startswith("LOADWATCH") else {}
    args = ["--debug", "migrate"] if how == "--debug" else ["migrate"]
    env = on_postgres(pg_url("loadwatch", port=free_port()), **extra)
    result = loadwatch(*args, env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback (most recent call last)" in output and "OperationalError" in output
    assert PASSWORD not in output  # the URL is a local variable in several frames
    assert "locals" not in output.lower()


# --- serve, worker and beat wait --------------------------------------------------------------


def waiting_lines(log: Path) -> list[str]:
    return [
        line
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
        if "startup.waiting" in line
    ]


def test_serve_waits_for_the_database_to_be_migrated(empty_database: str, tmp_path: Path) -> None:
    port = free_port()
    env = on_postgres(empty_database, LOADWATCH_REDIS_URL="redis://127.0.0.1:6379/15")
    log = tmp_path / "serve.log"
    with running([LOADWATCH, "serve", "--port", str(port)], env, log) as process:
        wait_until(lambda: len(waiting_lines(log)) >= 2, 120, "serve to try twice")
        assert process.poll() is None  # still waiting, not exited
        assert all(NOT_MIGRATED in line for line in waiting_lines(log))
        upgrade(empty_database)  # what `loadwatch migrate` beside it does
        wait_until(lambda: healthy(f"http://127.0.0.1:{port}"), 120, "serve to start serving")
    output = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in output and PASSWORD not in output, output


def start_redis(port: int, folder: Path, password: str) -> subprocess.Popen[bytes]:
    argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(folder), "--requirepass", password]  # fmt: skip
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def answers() -> bool:
        try:
            return bool(redis.Redis(port=port, password=password, retry=None).ping())
        except redis.RedisError:
            return False

    wait_until(answers, 20, "the private redis-server")
    return process


def test_worker_waits_for_the_broker_and_starts_once_it_answers(
    migrated_url: str, tmp_path: Path
) -> None:
    port = free_port()  # nothing listens there yet
    env = on_postgres(
        migrated_url,
        LOADWATCH_REDIS_URL=f"redis://:{PASSWORD}@127.0.0.1:{port}/0",
        LOADWATCH_DATA_DIR=str(tmp_path / "data"),
    )
    log = tmp_path / "worker.log"
    server: subprocess.Popen[bytes] | None = None
    with running([LOADWATCH, "worker", "--concurrency", "1"], env, log) as process:
        try:
            wait_until(lambda: len(waiting_lines(log)) >= 2, 120, "the worker to try twice")
            assert process.poll() is None
            for line in waiting_lines(log):
                assert "cannot reach the broker" in line and f"127.0.0.1:{port}" in line, line
            server = start_redis(port, tmp_path, PASSWORD)
            wait_until(lambda: " ready." in log.read_text(errors="replace"), 120, "the worker")
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=20)
    output = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in output and PASSWORD not in output, output


def test_beat_waits_while_the_broker_refuses_its_password(tmp_path: Path) -> None:
    port = free_port()
    server = start_redis(port, tmp_path, "the-right-password")
    env = clean_env(
        LOADWATCH_DATA_DIR=str(tmp_path / "data"),
        LOADWATCH_DATABASE_URL=pg_url("loadwatch_unused"),  # beat needs only the broker
        LOADWATCH_REDIS_URL=f"redis://:{PASSWORD}@127.0.0.1:{port}/0",
    )
    log = tmp_path / "beat.log"
    try:
        with running([LOADWATCH, "beat"], env, log) as process:
            wait_until(lambda: len(waiting_lines(log)) >= 2, 120, "beat to try twice")
            assert process.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=20)
    output = log.read_text(encoding="utf-8", errors="replace")
    for line in waiting_lines(log):
        assert "the broker refused the password" in line and f"127.0.0.1:{port}" in line, line
    assert "Traceback" not in output and PASSWORD not in output, output
