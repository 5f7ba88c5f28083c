"""webhook_subscribers: loadwatch's registration with Google Health's webhooks

``loadwatch google subscriber create|show|delete`` records here what Google answered, so the
connections page can say whether new Fitbit workouts arrive by webhook or by the hourly check.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 19:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "webhook_subscribers",
        sa.Column("provider", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("endpoint_uri", sa.String(2048), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("data_types", sa.String(512), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("webhook_subscribers")
