"""queued_tasks.held_until: a running task's hold on its kept request, renewed while it runs

A worker that starts a kept recompute or evaluation holds the request until ``held_until`` and
renews the hold every few seconds while the task runs; a hold that ran out means the worker
died, and the next queue sweep sends the request again at once instead of after the resend wait.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("queued_tasks") as batch_op:
        batch_op.add_column(sa.Column("held_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("queued_tasks") as batch_op:
        batch_op.drop_column("held_until")
