"""athlete_status: each athlete's status as the roster shows it

One row per athlete, rebuilt in the transaction of whatever changes it (the series, the
findings, a check-in) and when read on another day than it was built for. The rows are built
when first read, so the upgrade leaves the table empty.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[object]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "athlete_status",
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("built_for", sa.Date(), nullable=False),
        sa.Column("format", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("week_km", sa.Double(), nullable=True),
        sa.Column("week_missing_days", sa.Integer(), nullable=False),
        sa.Column("week_change_pct", sa.Double(), nullable=True),
        sa.Column("longest_30d_km", sa.Double(), nullable=True),
        sa.Column("top_spike_pct", sa.Double(), nullable=True),
        sa.Column("weekly_km", _json(), nullable=False),
        sa.Column("pain_weeks", _json(), nullable=False),
        sa.Column("pain_this_week", sa.Double(), nullable=True),
        sa.Column("pain_last_week", sa.Double(), nullable=True),
        sa.Column("last_checkin_day", sa.Date(), nullable=True),
        sa.Column("problem_region", sa.String(length=16), nullable=True),
        sa.Column("problem_day", sa.Date(), nullable=True),
        sa.Column("findings", _json(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["users.id"],
            name=op.f("fk_athlete_status_athlete_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", name=op.f("pk_athlete_status")),
    )


def downgrade() -> None:
    op.drop_table("athlete_status")
