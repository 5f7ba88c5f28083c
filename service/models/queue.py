"""Tasks whose work is recorded nowhere else in the database, kept until a worker finished them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.models.base import Base


class QueuedTask(Base):
    """One pending ``task(**arguments)``. ``version`` grows with every new request for the same
    call, so a worker that finished an older request leaves the newer one in place; ``sends``
    counts how often the sweep had to send it again; ``held_until`` is the hold of the worker
    running it, renewed while it runs (run out: the worker died)."""

    __tablename__ = "queued_tasks"
    __table_args__ = (UniqueConstraint("task", "arguments"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(64))
    arguments: Mapped[str] = mapped_column(String(255))
    version: Mapped[int] = mapped_column(default=1)
    sends: Mapped[int] = mapped_column(default=1)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    held_until: Mapped[datetime | None] = mapped_column(default=None)
