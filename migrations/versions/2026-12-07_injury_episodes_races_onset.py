"""Injury episodes, races and the new check-in answers (advice v2)

- ``episode_records``: what a physio or the athlete decided about an injury episode (its kind, closed
  by hand, a suspected rupture cleared, cleared to run).
- ``activities.race`` (the source says it was a race) and ``activities.race_marked`` (the athlete's
  own "this was a race", which wins when set).
- ``checkins.onset`` (sudden or gradual), ``checkins.feeling_ill`` and the check-in kind
  ``illness``.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from service.models.base import UTCDateTime

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind IN ('daily', 'post_run', 'weekly', 'red_flag')"
NEW_KINDS = "kind IN ('daily', 'post_run', 'weekly', 'red_flag', 'illness')"


def upgrade() -> None:
    op.create_table(
        "episode_records",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "athlete_id",
            sa.Integer(),
            sa.ForeignKey(
                "users.id",
                ondelete="CASCADE",
                name="fk_episode_records_athlete_id_users",
            ),
            nullable=False,
        ),
        sa.Column("region", sa.String(16), nullable=False),
        sa.Column("opened", sa.Date(), nullable=False),
        sa.Column("closed", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("cleared_to_run", sa.Date(), nullable=True),
        sa.Column("not_a_rupture", sa.Boolean(), nullable=False),
        sa.Column(
            "recorded_by_id",
            sa.Integer(),
            sa.ForeignKey(
                "users.id",
                ondelete="SET NULL",
                name="fk_episode_records_recorded_by_id_users",
            ),
            nullable=True,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_episode_records"),
        sa.UniqueConstraint(
            "athlete_id", "region", "opened", name="uq_episode_records_athlete_id_region_opened"
        ),
        sa.CheckConstraint(
            "closed IS NULL OR closed >= opened", name="ck_episode_records_closed_after_opened"
        ),
        sa.CheckConstraint(
            "cleared_to_run IS NULL OR cleared_to_run >= opened",
            name="ck_episode_records_cleared_after_opened",
        ),
        sa.CheckConstraint(
            "kind IS NULL OR kind IN ('tendinopathy', 'rupture', 'plantar_heel_pain', 'sprain',"
            " 'muscle_strain', 'other')",
            name="ck_episode_records_kind",
        ),
    )
    with op.batch_alter_table("activities") as batch_op:
        batch_op.add_column(
            sa.Column("race", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("race_marked", sa.Boolean(), nullable=True))
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.add_column(sa.Column("onset", sa.String(8), nullable=True))
        batch_op.add_column(sa.Column("feeling_ill", sa.Boolean(), nullable=True))
        batch_op.drop_constraint(op.f("ck_checkins_kind"), type_="check")
        batch_op.create_check_constraint("kind", NEW_KINDS)
        batch_op.create_check_constraint("onset", "onset IN ('sudden', 'gradual')")


def downgrade() -> None:
    op.execute("DELETE FROM checkins WHERE kind = 'illness'")
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.drop_constraint(op.f("ck_checkins_onset"), type_="check")
        batch_op.drop_constraint(op.f("ck_checkins_kind"), type_="check")
        batch_op.create_check_constraint("kind", OLD_KINDS)
        batch_op.drop_column("feeling_ill")
        batch_op.drop_column("onset")
    with op.batch_alter_table("activities") as batch_op:
        batch_op.drop_column("race_marked")
        batch_op.drop_column("race")
    op.drop_table("episode_records")
