"""The data-protection export: everything stored about one athlete, as JSON-ready data.

Walks every table that refers to ``users`` so that a new feature's table is included without
anyone remembering to add it. Secrets (password hashes, token hashes, sealed credentials) are
replaced by a note that they exist.

A row about another athlete (a coach's view in the access log, a finding they acknowledged, an
alert they received, a policy they changed) is exported only while the person may still see that
athlete: an active link, and for symptom findings a link that shares symptoms. A revoked coach
gets nothing of that athlete; the consent record itself (``coach_links``) stays theirs.
"""

from __future__ import annotations

import base64
import math
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Table, or_, select
from sqlalchemy.orm import Session

from service.athletes.access import shows_finding
from service.athletes.queries import list_visible_athletes
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
    sees = _Visibility(session, user)
    for table in tables_about_users():
        condition = or_(*(column == user.id for column in user_columns(table)))
        rows = session.execute(select(table).where(condition)).mappings().all()
        out[table.name] = [_row(dict(r)) for r in rows if sees.row(table, r)]
    return out


class _Visibility:
    """Whether the exporting person may see, now, the athlete a row is about."""

    def __init__(self, session: Session, user: User) -> None:
        self.session = session
        self.user_id = user.id
        links = list_visible_athletes(session, user.id)
        self.shares = {athlete.id: link.share_symptoms for athlete, link in links}
        self._findings: dict[int, tuple[int, str]] = {}

    def row(self, table: Table, row: Any) -> bool:
        if table.name == "coach_links":
            return True
        athlete_id, rule = row.get("athlete_id"), row.get("rule")
        finding_id = row.get("finding_id") if "finding_id" in table.c else None
        if finding_id is not None:
            athlete_id, rule = self._finding(finding_id)
        if athlete_id is None or athlete_id == self.user_id:
            return True
        if athlete_id not in self.shares:
            return False
        return not isinstance(rule, str) or shows_finding(rule, self.shares[athlete_id])

    def _finding(self, finding_id: int) -> tuple[int, str]:
        if finding_id not in self._findings:
            findings = Base.metadata.tables["findings"]
            query = select(findings.c.athlete_id, findings.c.rule).where(
                findings.c.id == finding_id
            )
            athlete_id, rule = self.session.execute(query).one()
            self._findings[finding_id] = (athlete_id, rule)
        return self._findings[finding_id]
