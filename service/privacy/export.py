"""The data-protection export: everything stored about one athlete, as JSON-ready data.

Walks every table that refers to ``users`` so that a new feature's table is included without
anyone remembering to add it. Secrets (password hashes, token hashes, sealed credentials) are
replaced by a note that they exist.
"""

from __future__ import annotations

import base64
import math
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Table, or_, select
from sqlalchemy.orm import Session

from service.models import Base, User

SECRET_COLUMNS = frozenset(
    {"password_hash", "token_hash", "csrf_token", "credentials", "invite_token_hash"}
)


def user_columns(table: Table) -> list[Column[Any]]:
    """The columns of ``table`` that point at a user."""
    return [
        column
        for column in table.columns
        if any(fk.column.table.name == "users" for fk in column.foreign_keys)
    ]


def tables_about_users() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name != "users" and user_columns(t)]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _row(mapping: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (
            "(stored, not exported)"
            if key in SECRET_COLUMNS and value is not None
            else _plain(value)
        )
        for key, value in mapping.items()
    }


def export_user(session: Session, user: User) -> dict[str, Any]:
    users = Base.metadata.tables["users"]
    account = session.execute(select(users).where(users.c.id == user.id)).mappings().one()
    out: dict[str, Any] = {"format": "loadwatch-export/1", "account": _row(dict(account))}
    for table in tables_about_users():
        condition = or_(*(column == user.id for column in user_columns(table)))
        rows = session.execute(select(table).where(condition)).mappings().all()
        out[table.name] = [_row(dict(r)) for r in rows]
    return out
