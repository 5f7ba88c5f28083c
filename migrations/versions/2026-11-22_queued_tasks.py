"""queued tasks

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 02:51:52.598525
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "queued_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=64), nullable=False),
        sa.Column("arguments", sa.String(length=255), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queued_tasks")),
        sa.UniqueConstraint("task", "arguments", name=op.f("uq_queued_tasks_task_arguments")),
    )
    op.create_index(
        op.f("ix_queued_tasks_requested_at"), "queued_tasks", ["requested_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_queued_tasks_requested_at"), table_name="queued_tasks")
    op.drop_table("queued_tasks")
