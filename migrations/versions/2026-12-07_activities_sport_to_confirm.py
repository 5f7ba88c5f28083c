"""activities.sport_to_confirm: a sport guessed from the speed, for the athlete to confirm

A GPX or TCX file that names no sport gets one guessed from its speed profile; the activity is
marked until the athlete confirms or corrects the sport. Stored activities named their sport
(or were counted as running before), so they all start as confirmed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch_op:
        batch_op.add_column(
            sa.Column("sport_to_confirm", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch_op:
        batch_op.drop_column("sport_to_confirm")
