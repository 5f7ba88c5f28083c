"""email verification

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 16:00:00

Accounts that exist before this migration count as verified from their creation: they were in
use before verification existed, and stopping their links and alert emails overnight would
hurt the people who rely on them. Every account made from now on verifies its address.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.execute("UPDATE users SET email_verified_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("email_verified_at")
