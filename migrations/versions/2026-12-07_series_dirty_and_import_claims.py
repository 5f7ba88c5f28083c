"""series_dirty: from which day a stored series is not current; imports.started_at: a claim

A change to what an athlete's daily series is computed from marks the series dirty from that
day in the same transaction; only a recompute that covered the day clears it, so a lost message
can no longer leave a stored day wrong unnoticed (the pages and the API show such days as being
updated). An import's worker records when it started on it, so the sweep can tell a lost
message from a dead worker and take the import over.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "series_dirty",
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("dirty_from", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["users.id"],
            name=op.f("fk_series_dirty_athlete_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", name=op.f("pk_series_dirty")),
    )
    with op.batch_alter_table("imports") as batch_op:
        batch_op.add_column(sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("imports") as batch_op:
        batch_op.drop_column("started_at")
    op.drop_table("series_dirty")
