"""Counting what a piece of code sends to the database, for tests of its cost."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session


@dataclass
class Sent:
    statements: int = 0
    rows: int = 0
    sql: list[str] = field(default_factory=list)

    def count(self, fragment: str) -> int:
        """How many statements contain ``fragment`` (e.g. ``"INSERT INTO alerts"``)."""
        return sum(fragment in statement for statement in self.sql)


@contextmanager
def recorded(session: Session) -> Iterator[Sent]:
    """The statements the session's connection sends meanwhile, and the rows they return."""
    sent = Sent()

    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        sent.statements += 1
        sent.sql.append(statement)
        if statement.lstrip().upper().startswith("SELECT"):
            sent.rows += max(cursor.rowcount, 0)

    connection = session.connection()
    event.listen(connection, "after_cursor_execute", after)
    try:
        yield sent
    finally:
        event.remove(connection, "after_cursor_execute", after)
