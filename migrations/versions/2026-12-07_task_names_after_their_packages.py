"""task names after their packages: kept calls of rules.evaluate become findings.evaluate

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Of the renamed tasks only this one is durable (kept in queued_tasks until a worker finished it).
RENAMED = (("rules.evaluate", "findings.evaluate"),)


def _rename(old: str, new: str) -> None:
    """Rename the kept calls of ``old``; a call kept under both names is kept once, as ``new``."""
    names = {"old": old, "new": new}
    op.execute(
        sa.text(
            "DELETE FROM queued_tasks WHERE task = :old"
            " AND arguments IN (SELECT arguments FROM queued_tasks WHERE task = :new)"
        ).bindparams(**names)
    )
    op.execute(sa.text("UPDATE queued_tasks SET task = :new WHERE task = :old").bindparams(**names))


def upgrade() -> None:
    for old, new in RENAMED:
        _rename(old, new)


def downgrade() -> None:
    for old, new in RENAMED:
        _rename(new, old)
