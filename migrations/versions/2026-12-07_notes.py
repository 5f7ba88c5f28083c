"""notes: a short note on a warning or a day

An athlete, or a coach or physio linked to them, writes a short note on one of the athlete's
warnings or on one of their days; the athlete and their linked staff read it, and its author may
delete it.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("body", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(finding_id IS NULL) <> (day IS NULL)", name=op.f("ck_notes_finding_or_day")
        ),
        sa.CheckConstraint(
            "length(body) BETWEEN 1 AND 500", name=op.f("ck_notes_body_length")
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"], ["users.id"], name=op.f("fk_notes_athlete_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_notes_author_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_notes_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    op.create_index("ix_notes_athlete_id_day", "notes", ["athlete_id", "day"])
    op.create_index("ix_notes_finding_id", "notes", ["finding_id"])
    op.create_index("ix_notes_author_id", "notes", ["author_id"])


def downgrade() -> None:
    op.drop_index("ix_notes_author_id", table_name="notes")
    op.drop_index("ix_notes_finding_id", table_name="notes")
    op.drop_index("ix_notes_athlete_id_day", table_name="notes")
    op.drop_table("notes")
