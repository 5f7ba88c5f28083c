"""Settings: embedded default, server mode, refusal of placeholder secrets in production."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from service.config import ConfigurationError, Settings

STRONG = "k" * 40


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


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
