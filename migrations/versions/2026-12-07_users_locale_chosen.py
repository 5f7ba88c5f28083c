"""users.locale_chosen: a language the person chose, apart from a default

The pages of a person who never chose a language follow the browser's; a chosen one wins. Which
of the existing accounts chose their language is not known, so they all start as not chosen:
their pages follow the browser until they use the language switch once.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("locale_chosen", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("locale_chosen")
