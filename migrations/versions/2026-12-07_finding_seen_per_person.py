"""finding_seen: "seen" is per person

Marking a warning as seen used to close it for everybody: a coach's "seen" hid the warning from
the runner too. Each person now marks it for themselves. Whoever had marked a finding seen keeps
it seen; ``findings.acknowledged_at`` and ``acknowledged_by_id`` stay as the first time anyone did.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "finding_seen",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_finding_seen_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_finding_seen_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("finding_id", "user_id", name=op.f("pk_finding_seen")),
    )
    op.create_index("ix_finding_seen_user_id", "finding_seen", ["user_id"])
    op.execute(
        "INSERT INTO finding_seen (finding_id, user_id, seen_at) "
        "SELECT id, acknowledged_by_id, acknowledged_at FROM findings "
        "WHERE acknowledged_at IS NOT NULL AND acknowledged_by_id IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_finding_seen_user_id", table_name="finding_seen")
    op.drop_table("finding_seen")
