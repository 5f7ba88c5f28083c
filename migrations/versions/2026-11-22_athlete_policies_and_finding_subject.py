"""athlete policies, policy changes, finding subject

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 02:08:51.914747
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "athlete_policies",
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column(
            "overrides",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["users.id"],
            name=op.f("fk_athlete_policies_athlete_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_athlete_policies_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("athlete_id", name=op.f("pk_athlete_policies")),
    )
    op.create_table(
        "policy_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_by_role", sa.String(length=16), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "changes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["users.id"],
            name=op.f("fk_policy_changes_athlete_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_policy_changes_changed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_changes")),
    )
    op.create_index(
        "ix_policy_changes_athlete_at", "policy_changes", ["athlete_id", "changed_at"], unique=False
    )
    with op.batch_alter_table("findings") as batch_op:
        batch_op.add_column(
            sa.Column("subject", sa.String(length=16), server_default="", nullable=False)
        )
        batch_op.drop_constraint(
            op.f("uq_findings_athlete_id_rule_region_period_key"), type_="unique"
        )
        batch_op.create_unique_constraint(
            op.f("uq_findings_athlete_id_rule_region_subject_period_key"),
            ["athlete_id", "rule", "region", "subject", "period_key"],
        )


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch_op:
        batch_op.drop_constraint(
            op.f("uq_findings_athlete_id_rule_region_subject_period_key"), type_="unique"
        )
        batch_op.create_unique_constraint(
            op.f("uq_findings_athlete_id_rule_region_period_key"),
            ["athlete_id", "rule", "region", "period_key"],
        )
        batch_op.drop_column("subject")
    op.drop_index("ix_policy_changes_athlete_at", table_name="policy_changes")
    op.drop_table("policy_changes")
    op.drop_table("athlete_policies")
