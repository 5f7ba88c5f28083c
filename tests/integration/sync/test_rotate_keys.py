"""``loadwatch rotate-keys``: every sealed value moves to the primary key, once."""

from __future__ import annotations

import base64
import secrets
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from service import crypto
from service.accounts.service import create_user
from service.clock import utcnow
from service.config import Settings
from service.connections.credentials import open_credentials, open_pending, store_pending
from service.connections.keys import rotate_keys
from service.db import session_scope
from service.models import Connection, Role
from tests.support.databases import run_alembic
from tests.support.processes import LOADWATCH, embedded_env

from .support import seed_connection


def _key() -> bytes:
    return secrets.token_bytes(32)


def _text(*keys: bytes) -> str:
    return ",".join(base64.urlsafe_b64encode(key).decode() for key in keys)


def test_rotation_reseals_under_the_primary_key_and_is_idempotent(db_session, make_user):
    old, new, unknown = _key(), _key(), _key()
    sealed = [
        seed_connection(db_session, make_user(), "garmin", f'{{"di_token": "t{n}"}}', [old])
        for n in range(2)
    ]
    store_pending(
        sealed[0], {"kind": "login", "password": "pw"}, [old], utcnow() + timedelta(minutes=5)
    )
    stray = seed_connection(db_session, make_user(), "fitbit", "{}", [unknown])
    db_session.commit()

    first = rotate_keys(db_session, [new, old])
    second = rotate_keys(db_session, [new, old])

    assert (first.resealed, first.already_current, first.unreadable) == (3, 0, 1)
    assert (second.resealed, second.already_current, second.unreadable) == (0, 3, 1)
    for n, connection in enumerate(sealed):
        assert open_credentials(connection, [new]) == f'{{"di_token": "t{n}"}}'
        assert connection.credentials_key_id == crypto.key_fingerprint(new)
        with pytest.raises(crypto.DecryptionFailed):
            open_credentials(connection, [old])
    assert open_pending(sealed[0], [new], utcnow())["password"] == "pw"
    assert stray.credentials_key_id == crypto.key_fingerprint(unknown)


def test_the_command_prints_counts_on_the_embedded_default(tmp_path: Path):
    old, new = _key(), _key()
    data = tmp_path / "data"
    data.mkdir()
    settings = Settings(
        database_url=None, redis_url=None, data_dir=data, encryption_keys=SecretStr(_text(old))
    )
    run_alembic(settings.sqlalchemy_url, "upgrade", "head")
    with session_scope(settings) as session:
        athlete = create_user(
            session, email="r@example.com", password="a-long-password", role=Role.ATHLETE
        )
        session.flush()
        seed_connection(session, athlete, "garmin", '{"di_token": "x"}', [old])
    env = embedded_env(data, LOADWATCH_ENCRYPTION_KEYS=_text(new, old))

    runs = [
        subprocess.run(
            [LOADWATCH, "rotate-keys"], env=env, capture_output=True, text=True, timeout=60
        )
        for _ in range(2)
    ]

    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout.startswith("re-encrypted 1, already under the primary key 0")
    assert runs[1].stdout.startswith("re-encrypted 0, already under the primary key 1")
    with session_scope(settings) as session:
        (connection,) = session.query(Connection).all()
        assert open_credentials(connection, [new]) == '{"di_token": "x"}'
