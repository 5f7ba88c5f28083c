"""series_dirty.requested_at: when the recompute now queued for the series was asked for

Several changes to one athlete's activities in quick succession (the pages of a sync, the files
of an import) ask for one recompute between them: a request that finds a recompute already
queued for the athlete, and not yet started, merges into it (its mark already says from which
day), instead of queueing another. The column says when the queued one was asked for; a
recompute that starts takes the mark, so a change after that asks for a new one.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("series_dirty") as batch_op:
        batch_op.add_column(sa.Column("requested_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("series_dirty") as batch_op:
        batch_op.drop_column("requested_at")
