"""`loadwatch create-user` and `loadwatch export` against the real database."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import delete, select
from typer.testing import CliRunner

from service.cli import app
from service.db import session_scope
from service.models import User

runner = CliRunner()


@pytest.fixture
def email(database_url: str) -> Iterator[str]:
    address = f"cli-{uuid.uuid4().hex[:8]}@example.com"
    yield address
    with session_scope() as session:
        session.execute(delete(User).where(User.email == address))


def test_create_user_reads_the_password_from_stdin(email: str) -> None:
    result = runner.invoke(
        app, ["create-user", email, "--role", "coach"], input="a-long-password\n"
    )
    assert result.exit_code == 0, result.output
    with session_scope() as session:
        user = session.scalars(select(User).where(User.email == email)).one()
        assert user.role == "coach" and user.password_hash.startswith("$argon2id$")
    again = runner.invoke(app, ["create-user", email], input="a-long-password\n")
    assert again.exit_code == 2 and "already exists" in again.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "wizard"], "a-long-password\n", "role must be one of"),
        ([], "short\n", "password must be"),
        (["--locale", "fr"], "a-long-password\n", "locale must be"),
    ],
)
def test_create_user_rejects_bad_input(
    email: str, args: list[str], stdin: str, message: str
) -> None:
    result = runner.invoke(app, ["create-user", email, *args], input=stdin)
    assert result.exit_code == 2 and message in result.output
    with session_scope() as session:
        assert session.scalars(select(User).where(User.email == email)).first() is None


def test_create_user_rejects_a_malformed_email() -> None:
    result = runner.invoke(app, ["create-user", "not-an-email"], input="a-long-password\n")
    assert result.exit_code == 2 and "not an email address" in result.output


def test_export_prints_everything_about_the_account_without_secrets(email: str) -> None:
    runner.invoke(app, ["create-user", email], input="a-long-password\n")
    result = runner.invoke(app, ["export", email])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["account"]["email"] == email
    assert data["account"]["password_hash"] == "(stored, not exported)"
    assert "$argon2id$" not in result.output
    assert len(data["athlete_profiles"]) == 1
    for table in (
        "activities",
        "checkins",
        "daily_metrics",
        "findings",
        "connections",
        "audit_log",
    ):
        assert data[table] == [], table
    missing = runner.invoke(app, ["export", "nobody@example.com"])
    assert missing.exit_code == 2
