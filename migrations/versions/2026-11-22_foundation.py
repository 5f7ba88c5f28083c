"""foundation

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 01:47:06.180739
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("locale", sa.String(length=2), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("locale IN ('en', 'nl')", name=op.f("ck_users_locale")),
        sa.CheckConstraint(
            "role IN ('athlete', 'coach', 'physio', 'admin')", name=op.f("ck_users_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("sport", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("start_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("utc_offset_s", sa.Integer(), nullable=True),
        sa.Column("distance_m", sa.Double(), nullable=True),
        sa.Column("duration_s", sa.Double(), nullable=False),
        sa.Column("moving_s", sa.Double(), nullable=True),
        sa.Column("avg_hr_bpm", sa.Double(), nullable=True),
        sa.Column("max_hr_bpm", sa.Double(), nullable=True),
        sa.Column("rpe", sa.Double(), nullable=True),
        sa.Column("vendor_load", sa.Double(), nullable=True),
        sa.Column("vendor_load_label", sa.String(length=64), nullable=True),
        sa.Column("incomplete", sa.Boolean(), nullable=False),
        sa.Column(
            "raw",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["users.id"],
            name=op.f("fk_activities_athlete_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
        sa.UniqueConstraint(
            "athlete_id",
            "source",
            "external_id",
            name=op.f("uq_activities_athlete_id_source_external_id"),
        ),
    )
    op.create_index(
        "ix_activities_athlete_local_date", "activities", ["athlete_id", "local_date"], unique=False
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"], unique=False)
    op.create_table(
        "athlete_profiles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("sex", sa.String(length=8), nullable=True),
        sa.Column("hr_max_bpm", sa.Integer(), nullable=True),
        sa.Column("hr_rest_bpm", sa.Integer(), nullable=True),
        sa.Column(
            "flags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("series_start", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("sex IN ('male', 'female')", name=op.f("ck_athlete_profiles_sex")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_athlete_profiles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_athlete_profiles")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("athlete_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("resource", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_log_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["users.id"],
            name=op.f("fk_audit_log_athlete_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_athlete_at", "audit_log", ["athlete_id", "at"], unique=False)
    op.create_table(
        "coach_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=False),
        sa.Column("invite_email", sa.String(length=254), nullable=True),
        sa.Column("invite_token_hash", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("share_symptoms", sa.Boolean(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status = 'pending' OR (athlete_id IS NOT NULL AND staff_id IS NOT NULL)",
            name=op.f("ck_coach_links_parties_when_settled"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'active', 'revoked', 'declined')",
            name=op.f("ck_coach_links_status"),
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["users.id"],
            name=op.f("fk_coach_links_athlete_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_coach_links_invited_by_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["users.id"],
            name=op.f("fk_coach_links_staff_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_links")),
        sa.UniqueConstraint(
            "athlete_id", "staff_id", name=op.f("uq_coach_links_athlete_id_staff_id")
        ),
        sa.UniqueConstraint("invite_token_hash", name=op.f("uq_coach_links_invite_token_hash")),
    )
    op.create_index(op.f("ix_coach_links_athlete_id"), "coach_links", ["athlete_id"], unique=False)
    op.create_index(
        op.f("ix_coach_links_invite_email"), "coach_links", ["invite_email"], unique=False
    )
    op.create_index(op.f("ix_coach_links_staff_id"), "coach_links", ["staff_id"], unique=False)
    op.create_table(
        "connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("credentials", sa.LargeBinary(), nullable=True),
        sa.Column("credentials_key_id", sa.Integer(), nullable=True),
        sa.Column("external_user_id", sa.String(length=128), nullable=True),
        sa.Column(
            "cursor",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "provider IN ('garmin', 'fitbit')", name=op.f("ck_connections_provider")
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["users.id"],
            name=op.f("fk_connections_athlete_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connections")),
        sa.UniqueConstraint(
            "athlete_id", "provider", name=op.f("uq_connections_athlete_id_provider")
        ),
    )
    op.create_index(
        op.f("ix_connections_external_user_id"), "connections", ["external_user_id"], unique=False
    )
    op.create_index(
        op.f("ix_connections_next_attempt_at"), "connections", ["next_attempt_at"], unique=False
    )
    op.create_table(
        "daily_metrics",
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("load", sa.Double(), nullable=True),
        sa.Column("acute_7d", sa.Double(), nullable=True),
        sa.Column("chronic_28d", sa.Double(), nullable=True),
        sa.Column("chronic_21d", sa.Double(), nullable=True),
        sa.Column("acwr_rolling", sa.Double(), nullable=True),
        sa.Column("acwr_uncoupled", sa.Double(), nullable=True),
        sa.Column("ewma_acute", sa.Double(), nullable=True),
        sa.Column("ewma_chronic", sa.Double(), nullable=True),
        sa.Column("acwr_ewma", sa.Double(), nullable=True),
        sa.Column("ctl", sa.Double(), nullable=True),
        sa.Column("atl", sa.Double(), nullable=True),
        sa.Column("tsb", sa.Double(), nullable=True),
        sa.Column("ramp_7d", sa.Double(), nullable=True),
        sa.Column("monotony_7d", sa.Double(), nullable=True),
        sa.Column("strain_7d", sa.Double(), nullable=True),
        sa.Column("week_change_pct", sa.Double(), nullable=True),
        sa.Column("two_week_change_pct", sa.Double(), nullable=True),
        sa.Column("longest_session_30d", sa.Double(), nullable=True),
        sa.Column("session_spike_pct", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["users.id"],
            name=op.f("fk_daily_metrics_athlete_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", "measure", "day", name=op.f("pk_daily_metrics")),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=False),
        sa.Column("period_key", sa.Date(), nullable=False),
        sa.Column(
            "values",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("message_en", sa.Text(), nullable=False),
        sa.Column("message_nl", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "severity IN ('info', 'caution', 'warning', 'referral', 'urgent')",
            name=op.f("ck_findings_severity"),
        ),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"],
            ["users.id"],
            name=op.f("fk_findings_acknowledged_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["users.id"],
            name=op.f("fk_findings_athlete_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint(
            "athlete_id",
            "rule",
            "region",
            "period_key",
            name=op.f("uq_findings_athlete_id_rule_region_period_key"),
        ),
    )
    op.create_index("ix_findings_athlete_day", "findings", ["athlete_id", "day"], unique=False)
    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_password_resets_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_resets_token_hash")),
    )
    op.create_index(
        op.f("ix_password_resets_user_id"), "password_resets", ["user_id"], unique=False
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_web_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sessions_token_hash")),
    )
    op.create_index(op.f("ix_web_sessions_user_id"), "web_sessions", ["user_id"], unique=False)
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'dead', 'skipped')",
            name=op.f("ck_alerts_status"),
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_alerts_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["users.id"],
            name=op.f("fk_alerts_recipient_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint(
            "finding_id",
            "recipient_id",
            "channel",
            name=op.f("uq_alerts_finding_id_recipient_id_channel"),
        ),
    )
    op.create_index(
        "ix_alerts_status_next_attempt_at", "alerts", ["status", "next_attempt_at"], unique=False
    )
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("morning_pain", sa.Double(), nullable=True),
        sa.Column("morning_stiffness_min", sa.Double(), nullable=True),
        sa.Column("pain_during", sa.Double(), nullable=True),
        sa.Column("pain_after", sa.Double(), nullable=True),
        sa.Column("pain_week", sa.Double(), nullable=True),
        sa.Column(
            "ostrc",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("ostrc_severity", sa.Integer(), nullable=True),
        sa.Column("visa_a", sa.Integer(), nullable=True),
        sa.Column(
            "visa_a_items",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "red_flags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('daily', 'post_run', 'weekly', 'red_flag')", name=op.f("ck_checkins_kind")
        ),
        sa.CheckConstraint("morning_pain BETWEEN 0 AND 10", name=op.f("ck_checkins_morning_pain")),
        sa.CheckConstraint(
            "morning_stiffness_min >= 0", name=op.f("ck_checkins_morning_stiffness_min")
        ),
        sa.CheckConstraint(
            "ostrc_severity BETWEEN 0 AND 100", name=op.f("ck_checkins_ostrc_severity")
        ),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10", name=op.f("ck_checkins_pain_after")),
        sa.CheckConstraint("pain_during BETWEEN 0 AND 10", name=op.f("ck_checkins_pain_during")),
        sa.CheckConstraint("pain_week BETWEEN 0 AND 10", name=op.f("ck_checkins_pain_week")),
        sa.CheckConstraint("visa_a BETWEEN 0 AND 100", name=op.f("ck_checkins_visa_a")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_checkins_activity_id_activities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["users.id"],
            name=op.f("fk_checkins_athlete_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint(
            "athlete_id",
            "day",
            "kind",
            "region",
            name=op.f("uq_checkins_athlete_id_day_kind_region"),
        ),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_deliveries_alert_id_alerts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
    )
    op.create_index(op.f("ix_deliveries_alert_id"), "deliveries", ["alert_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_deliveries_alert_id"), table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_table("checkins")
    op.drop_index("ix_alerts_status_next_attempt_at", table_name="alerts")
    op.drop_table("alerts")
    op.drop_index(op.f("ix_web_sessions_user_id"), table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_index(op.f("ix_password_resets_user_id"), table_name="password_resets")
    op.drop_table("password_resets")
    op.drop_index("ix_findings_athlete_day", table_name="findings")
    op.drop_table("findings")
    op.drop_table("daily_metrics")
    op.drop_index(op.f("ix_connections_next_attempt_at"), table_name="connections")
    op.drop_index(op.f("ix_connections_external_user_id"), table_name="connections")
    op.drop_table("connections")
    op.drop_index(op.f("ix_coach_links_staff_id"), table_name="coach_links")
    op.drop_index(op.f("ix_coach_links_invite_email"), table_name="coach_links")
    op.drop_index(op.f("ix_coach_links_athlete_id"), table_name="coach_links")
    op.drop_table("coach_links")
    op.drop_index("ix_audit_log_athlete_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("athlete_profiles")
    op.drop_index(op.f("ix_api_tokens_user_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_index("ix_activities_athlete_local_date", table_name="activities")
    op.drop_table("activities")
    op.drop_table("users")
