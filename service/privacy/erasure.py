"""The data-protection erasure (GDPR Art. 17): an account and everything that hangs off it.

Like the export, it walks the metadata instead of a hand-kept list, so a new feature's table is
erased without anyone remembering to add it. A row *belongs* to the person when one of its user
columns is an owner column (the athlete, the user, the recipient) or cascades with the user; such
rows are deleted together with every row that refers to them (the alerts and deliveries of a
finding, the sources of an activity, the runs of a connection), depth first. Where the person only
*acted* on someone else's data (acknowledged a finding, changed a policy, looked at an athlete) the
reference is cleared and the other person's row stays.

Provider grants: a Fitbit grant is revoked at Google first (``revoked``; ``already_invalid`` when
Google no longer knew it; ``revoke_failed`` when Google did not answer, and the erasure goes on).
Garmin has no revocation (its library's logout does not revoke server-side), so its tokens are
``forgotten`` with the row, as are tokens that cannot be opened or used without a Google client.
Uploaded files waiting under the data folder and Garmin's original FIT files are returned for
deletion after the commit; what Redis keeps about the person (failed sign-ins, the request
buckets of their connections) is cleared. Mail already written to the outbox folder stays.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import Column, ForeignKey, Table, delete, or_, select, update
from sqlalchemy.orm import Session

from service.config import Settings
from service.connections.credentials import open_credentials
from service.connections.fitbit_sync import google_client
from service.connections.limits import forget_limiter
from service.crypto import DecryptionFailed
from service.integrations.base import ProviderError
from service.integrations.google_oauth import TokenSet, revoke
from service.models import Base, CoachLink, Connection, FileImport, LinkStatus, User
from service.privacy.export import tables_about_users, user_columns
from service.throttle import account_key, counters_for

log = logging.getLogger(__name__)

OWNER_COLUMNS = frozenset({"athlete_id", "user_id", "recipient_id", "staff_id"})
ORIGINALS_FOLDER = "originals"


@dataclass
class Erasure:
    """What an erasure removed: rows per table, files to delete after the commit, and what
    happened to each provider grant (``forgotten``: the sealed tokens went with the row)."""

    user_id: int
    rows: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    grants: dict[str, str] = field(default_factory=dict)

    def count(self, table: Table, rowcount: int) -> None:
        if rowcount:
            self.rows[table.name] = self.rows.get(table.name, 0) + rowcount


def erase_user(session: Session, settings: Settings, user: User) -> Erasure:
    """Delete ``user`` and everything of theirs; the caller commits, then :func:`remove_files`."""
    erasure = Erasure(user.id)
    erasure.files = _files_of(session, settings, user.id)
    connections = _connections_of(session, user.id)
    erasure.grants = {c.provider: _end_grant(c, settings) for c in connections if c.credentials}
    _delete_email_invites(session, user, erasure)
    for table in tables_about_users():
        _erase_from(session, table, user.id, erasure)
    users = Base.metadata.tables["users"]
    erasure.count(users, _rowcount(session.execute(delete(users).where(users.c.id == user.id))))
    session.expunge(user)
    _clear_counters(settings, user.email, [f"{c.provider}:{c.id}" for c in connections])
    log.info("accounts.erased", extra={"user_id": user.id, "tables": len(erasure.rows)})
    return erasure


def remove_files(erasure: Erasure) -> None:
    """Delete the person's files (after the commit: a rolled-back erasure keeps them)."""
    for path in erasure.files:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _erase_from(session: Session, table: Table, user_id: int, erasure: Erasure) -> None:
    owners = [c for c in user_columns(table) if _owns(c)]
    actors = [c for c in user_columns(table) if not _owns(c)]
    if owners:
        _delete_rows(session, table, or_(*(c == user_id for c in owners)), erasure)
    for column in actors:
        statement = update(table).where(column == user_id).values({column.name: None})
        erasure.count(table, _rowcount(session.execute(statement)))


def _owns(column: Column[Any]) -> bool:
    cascades = any(fk.ondelete == "CASCADE" for fk in column.foreign_keys)
    return column.name in OWNER_COLUMNS or cascades or not column.nullable


def _delete_rows(session: Session, table: Table, condition: Any, erasure: Erasure) -> None:
    """Delete the rows of ``table`` matching ``condition`` and, first, every row referring to
    them (or clear the reference where the foreign key says ``SET NULL``)."""
    for child, fk in _references_to(table):
        chosen = select(fk.column).where(condition).scalar_subquery()
        if fk.ondelete == "SET NULL":
            statement = update(child).where(fk.parent.in_(chosen)).values({fk.parent.name: None})
            erasure.count(child, _rowcount(session.execute(statement)))
        else:
            _delete_rows(session, child, fk.parent.in_(chosen), erasure)
    erasure.count(table, _rowcount(session.execute(delete(table).where(condition))))


def _references_to(table: Table) -> list[tuple[Table, ForeignKey]]:
    return [
        (child, fk)
        for child in Base.metadata.sorted_tables
        for fk in child.foreign_keys
        if fk.column.table is table and child is not table
    ]


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _files_of(session: Session, settings: Settings, user_id: int) -> list[Path]:
    waiting = session.scalars(
        select(FileImport.stored_path).where(
            FileImport.athlete_id == user_id, FileImport.stored_path.is_not(None)
        )
    ).all()
    files = [Path(path) for path in waiting if path]
    originals = settings.data_dir.resolve() / ORIGINALS_FOLDER / str(user_id)
    return [*files, originals] if originals.exists() else files


def _connections_of(session: Session, user_id: int) -> list[Connection]:
    """Locked, so a sync that starts now waits and then finds its connection gone."""
    return list(
        session.scalars(
            select(Connection).where(Connection.athlete_id == user_id).with_for_update()
        )
    )


def _end_grant(connection: Connection, settings: Settings) -> str:
    client = google_client(settings) if connection.provider == "fitbit" else None
    if client is None:
        return "forgotten"
    try:
        tokens = TokenSet.from_json(
            open_credentials(connection, settings.encryption_key_list()) or ""
        )
    except (DecryptionFailed, ValueError, KeyError):
        return "forgotten"
    try:
        return "revoked" if revoke(client, tokens.refresh_token) else "already_invalid"
    except ProviderError:
        log.warning("accounts.erase.revoke_failed", extra={"connection_id": connection.id})
        return "revoke_failed"


def _delete_email_invites(session: Session, user: User, erasure: Erasure) -> None:
    """Pending invitations other people sent to this person's email address name them too."""
    links = Base.metadata.tables[CoachLink.__tablename__]
    condition = (links.c.invite_email == user.email) & (links.c.status == LinkStatus.PENDING)
    _delete_rows(session, links, condition, erasure)


def _clear_counters(settings: Settings, email: str, limiters: list[str]) -> None:
    """The failed sign-ins counted for the account and the providers' request buckets."""
    try:
        counters_for(settings).clear(account_key(settings.redis_namespace, email))
        for name in limiters:
            forget_limiter(name, settings)
    except redis.RedisError:
        log.warning("accounts.erase.counters_unavailable")
