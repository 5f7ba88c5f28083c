"""athlete_profiles.heart_rates_by_id / heart_rates_at: who entered the heart rates, and when

A linked coach or physiotherapist may enter an athlete's sex and resting and maximum heart rate
(which TRIMP needs) as well as the athlete; the athlete sees who did. Heart rates entered before
are the athlete's own, but when is not known, so they stay empty.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-08 01:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("athlete_profiles") as batch_op:
        batch_op.add_column(sa.Column("heart_rates_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("heart_rates_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_athlete_profiles_heart_rates_by_id_users"),
            "users",
            ["heart_rates_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("athlete_profiles") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_athlete_profiles_heart_rates_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("heart_rates_at")
        batch_op.drop_column("heart_rates_by_id")
