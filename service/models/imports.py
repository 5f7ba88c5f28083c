"""Uploads processed in the background: a large activity file or an account-export archive."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, Timestamped


class ImportStatus(StrEnum):
    QUEUED = "queued"
    DONE = "done"
    FAILED = "failed"


class FileImport(Timestamped, Base):
    """One uploaded file waiting for (or processed by) the ``activities.process_import`` task.

    The upload lies under the data folder at ``stored_path`` until it is processed; the path is
    cleared in the transaction that records the outcome. ``result`` holds the counts of stored
    activities; ``error`` the refusal (code, where, message in ``en`` and ``nl``).
    """

    __tablename__ = "imports"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'done', 'failed')", name="status"),
        Index("ix_imports_status_updated_at", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int]
    allow_incomplete: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=ImportStatus.QUEUED)
    stored_path: Mapped[str | None] = mapped_column(String(512))
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[dict[str, Any] | None]
    finished_at: Mapped[datetime | None]
    #: When a worker last started on it (committed before the work): an import started longer
    #: ago than the lease, still queued and not locked by a live transaction lost its worker.
    started_at: Mapped[datetime | None]
