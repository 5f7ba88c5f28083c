"""Settings: embedded default, server mode, refusal of placeholder secrets in production."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from service.config import ConfigurationError, Settings

STRONG = "k" * 40


def make(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("LOADWATCH_"):
            monkeypatch.delenv(name)


def test_embedded_default_uses_sqlite_files_in_the_data_folder(tmp_path: Path) -> None:
    settings = make(data_dir=tmp_path)
    assert settings.embedded
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path / 'loadwatch.sqlite'}"
    assert settings.broker_url == f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"


def test_server_mode_uses_postgres_with_psycopg_and_redis() -> None:
    settings = make(database_url="postgresql://u@db/x", redis_url="redis://r:6379/0")
    assert not settings.embedded
    assert settings.sqlalchemy_url == "postgresql+psycopg://u@db/x"
    assert settings.broker_url == "redis://r:6379/0"


def test_environment_variables_and_nested_smtp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOADWATCH_SMTP__HOST", "mail.example")
    monkeypatch.setenv("LOADWATCH_SMTP__PORT", "2525")
    monkeypatch.setenv("LOADWATCH_SMTP__FROM", "loadwatch <a@b.example>")
    monkeypatch.setenv("LOADWATCH_SMTP__PASSWORD", "pw")
    settings = Settings()
    assert (settings.smtp.host, settings.smtp.port) == ("mail.example", 2525)
    assert settings.smtp.from_address == "loadwatch <a@b.example>"
    assert "pw" not in repr(settings)


def test_generated_secret_is_kept_private_and_stable(tmp_path: Path) -> None:
    first = make(data_dir=tmp_path).secret()
    assert len(first) >= 32
    assert make(data_dir=tmp_path).secret() == first
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600
    keys = make(data_dir=tmp_path).encryption_key_list()
    assert len(keys) == 1 and len(keys[0]) == 32


def test_first_secret_is_one_value_for_threads_and_processes_at_once(tmp_path: Path) -> None:
    """The embedded worker's threads and the API may all need the secret first at the same
    moment; every one gets the same value and no half-made file is left."""
    barrier = threading.Barrier(8)

    def first_use() -> str:
        barrier.wait()
        return make(data_dir=tmp_path).secret()

    with ThreadPoolExecutor(8) as pool:
        in_threads = set(pool.map(lambda _n: first_use(), range(8)))
    script = (
        "import sys; from service.config import Settings; "
        "print(Settings(_env_file=None, data_dir=sys.argv[1]).encryption_key_list()[0].hex())"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    in_processes = {p.communicate(timeout=60)[0].strip() for p in processes}
    assert len(in_threads) == 1 and len(in_processes) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["encryption_key", "secret_key"]


@pytest.mark.parametrize("secret", [None, "changethis", "secret", "short-but-real"])
def test_production_refuses_missing_or_placeholder_secret(secret: str | None) -> None:
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        make(
            environment="production",
            secret_key=secret,
            encryption_keys="x" * 44,
            database_url="postgresql://db/x",
            redis_url="redis://r",
        )


def test_production_starts_with_real_secrets() -> None:
    settings = make(
        environment="production",
        secret_key=STRONG,
        encryption_keys="A" * 43,
        database_url="postgresql://db/x",
        redis_url="redis://r",
    )
    assert settings.secret() == STRONG


def test_a_heartbeat_renews_at_least_twice_within_a_lease() -> None:
    from pydantic import ValidationError

    from service.config import RecoverySettings

    assert RecoverySettings().heartbeat_s * 2 <= RecoverySettings().lease_s
    with pytest.raises(ValidationError, match="at most half"):
        RecoverySettings(heartbeat_s=15, lease_s=20)
