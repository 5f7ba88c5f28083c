"""findings.message_staff_en / message_staff_nl: the finding as staff read it

A coach or physiotherapist reads a finding about the athlete ("On 3 March Anna reported …")
rather than the athlete's own "On 3 March you reported …". The athlete's name is stored as the
placeholder ``{athlete}`` and filled in when the text is shown. Findings stored before have no
staff text (NULL); staff read those as the advice the athlete received.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch_op:
        batch_op.add_column(sa.Column("message_staff_en", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("message_staff_nl", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch_op:
        batch_op.drop_column("message_staff_nl")
        batch_op.drop_column("message_staff_en")
