"""alert messages and "your history is in" notices

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 19:00:00

Several alerts of one recipient can now go out as one message: each alert records the message it
went out in (``message_key``, also the seed of the email's Message-ID). A new kind of notice,
``history``, tells an athlete once that a backfill arrived; its ``details`` keep what the
message needs (the weeks that arrived).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind IN ('digest', 'checkin_due', 'checkin_missed')"
NEW_KINDS = "kind IN ('digest', 'checkin_due', 'checkin_missed', 'history')"


def upgrade() -> None:
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.add_column(sa.Column("message_key", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_alerts_message_key", ["message_key"])
    json_type = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    with op.batch_alter_table("notices") as batch_op:
        batch_op.add_column(
            sa.Column("details", json_type, nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.drop_constraint("kind", type_="check")
        batch_op.create_check_constraint("kind", NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM notices WHERE kind = 'history'")
    with op.batch_alter_table("notices") as batch_op:
        batch_op.drop_constraint("kind", type_="check")
        batch_op.create_check_constraint("kind", OLD_KINDS)
        batch_op.drop_column("details")
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.drop_index("ix_alerts_message_key")
        batch_op.drop_column("message_key")
