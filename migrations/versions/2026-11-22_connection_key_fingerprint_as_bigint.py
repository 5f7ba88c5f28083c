"""connection key fingerprint as bigint

The fingerprint of an AES key is an unsigned 32-bit number, which does not fit a signed INTEGER.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 02:18:20.205245
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("connections") as batch_op:
        batch_op.alter_column(
            "credentials_key_id",
            existing_type=sa.INTEGER(),
            type_=sa.BigInteger(),
            existing_nullable=True,
        )


def downgrade() -> None:
    # The column is informative (the sealed value carries its own fingerprint): drop the values
    # that would not fit rather than fail.
    op.execute("UPDATE connections SET credentials_key_id = NULL")
    with op.batch_alter_table("connections") as batch_op:
        batch_op.alter_column(
            "credentials_key_id",
            existing_type=sa.BigInteger(),
            type_=sa.INTEGER(),
            existing_nullable=True,
        )
