"""Initial schema: users, jobseekers, programs, vacancies, settings, decisions,
referrals, outcome events and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 19:51:39.759881
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_who"), ["who"], unique=False)

    op.create_table(
        "jobseekers",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("age", sa.Integer(), nullable=False),
        sa.Column(
            "gender",
            sa.Enum("P", "L", name="gender", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("kelurahan", sa.String(length=100), nullable=False),
        sa.Column("education", sa.Integer(), nullable=False),
        sa.Column(
            "segment",
            sa.Enum(
                "pemuda",
                "perempuan_wirausaha",
                name="segment",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("experience", sa.Text(), nullable=False),
        sa.Column("interests", sa.Text(), nullable=False),
        sa.Column("availability", sa.Text(), nullable=False),
        sa.Column("max_travel_km", sa.Float(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("disability", sa.Text(), nullable=False),
        sa.Column("business_description", sa.Text(), nullable=False),
        sa.Column(
            "business_stage",
            sa.Enum(
                "ide",
                "rintisan",
                "berkembang",
                name="business_stage",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("consent_given", sa.Boolean(), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_by", sa.String(length=100), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobseekers")),
    )
    op.create_table(
        "programs",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("partner", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "program_type",
            sa.Enum(
                "vokasi",
                "kewirausahaan",
                name="program_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("skills_taught", sa.JSON(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "kursus",
                "pendampingan",
                "pelatihan_usaha",
                "akses_pasar",
                name="category",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("max_age", sa.Integer(), nullable=True),
        sa.Column(
            "target_gender",
            sa.Enum(
                "semua",
                "P",
                "L",
                name="target_gender",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "target_segment",
            sa.Enum(
                "semua",
                "pemuda",
                "perempuan_wirausaha",
                name="target_segment",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("min_education", sa.Integer(), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=False),
        sa.Column("kelurahan", sa.String(length=100), nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("cost", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("seats_filled", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("duration_days", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
    )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programs_provider"), ["provider"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "counselor",
                "trainer",
                "employer",
                "admin",
                "counselor_lead",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=True),
        sa.Column("employer", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "vacancies",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("employer", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("required_skills", sa.JSON(), nullable=False),
        sa.Column("nice_skills", sa.JSON(), nullable=False),
        sa.Column("min_education", sa.Integer(), nullable=False),
        sa.Column("kelurahan", sa.String(length=100), nullable=False),
        sa.Column(
            "work_type",
            sa.Enum(
                "penuh_waktu",
                "paruh_waktu",
                "shift",
                "dari_rumah",
                name="work_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("schedule", sa.Text(), nullable=False),
        sa.Column("wage", sa.Integer(), nullable=True),
        sa.Column("openings", sa.Integer(), nullable=False),
        sa.Column("closing_date", sa.Date(), nullable=True),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("max_age", sa.Integer(), nullable=True),
        sa.Column("title_aliases", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "closed",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancies")),
    )
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vacancies_employer"), ["employer"], unique=False)

    op.create_table(
        "person_settings",
        sa.Column("jobseeker_id", sa.String(length=64), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("relaxed_rules", sa.JSON(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_person_settings_jobseeker_id_jobseekers"),
        ),
        sa.PrimaryKeyConstraint("jobseeker_id", name=op.f("pk_person_settings")),
    )
    op.create_table(
        "recommendation_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jobseeker_id", sa.String(length=64), nullable=False),
        sa.Column(
            "opportunity_kind",
            sa.Enum(
                "vacancy",
                "training",
                "entrepreneurship",
                name="opportunity_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("opportunity_id", sa.String(length=64), nullable=True),
        sa.Column(
            "action",
            sa.Enum(
                "accept",
                "reject",
                "pin",
                "unpin",
                "move_up",
                "move_down",
                "note",
                "relax_rule",
                "set_weights",
                "reorder",
                name="action",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "reason_code",
            sa.Enum(
                "too_far",
                "schedule",
                "not_interested",
                "not_qualified",
                "other",
                name="reason_code",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("rank_before", sa.Integer(), nullable=True),
        sa.Column("rank_after", sa.Integer(), nullable=True),
        sa.Column("score_parts", sa.JSON(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_recommendation_decisions_jobseeker_id_jobseekers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_decisions")),
    )
    with op.batch_alter_table("recommendation_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendation_decisions_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_recommendation_decisions_jobseeker_id"), ["jobseeker_id"], unique=False
        )

    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jobseeker_id", sa.String(length=64), nullable=False),
        sa.Column(
            "opportunity_kind",
            sa.Enum(
                "vacancy",
                "training",
                "entrepreneurship",
                name="opportunity_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("opportunity_id", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "referred",
                "applied",
                "interviewed",
                "hired",
                "enrolled",
                "completed",
                "dropped_out",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("consent_recorded", sa.Boolean(), nullable=False),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"], ["jobseekers.id"], name=op.f("fk_referrals_jobseeker_id_jobseekers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referrals_jobseeker_id"), ["jobseeker_id"], unique=False
        )
        batch_op.create_index(
            "ix_referrals_opportunity", ["opportunity_kind", "opportunity_id"], unique=False
        )

    op.create_table(
        "outcome_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "referred",
                "applied",
                "interviewed",
                "hired",
                "enrolled",
                "completed",
                "dropped_out",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_outcome_events_referral_id_referrals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_events")),
    )
    with op.batch_alter_table("outcome_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outcome_events_referral_id"), ["referral_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outcome_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_events_referral_id"))

    op.drop_table("outcome_events")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index("ix_referrals_opportunity")
        batch_op.drop_index(batch_op.f("ix_referrals_jobseeker_id"))

    op.drop_table("referrals")
    with op.batch_alter_table("recommendation_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_decisions_jobseeker_id"))
        batch_op.drop_index(batch_op.f("ix_recommendation_decisions_at"))

    op.drop_table("recommendation_decisions")
    op.drop_table("person_settings")
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancies_employer"))

    op.drop_table("vacancies")
    op.drop_table("users")
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programs_provider"))

    op.drop_table("programs")
    op.drop_table("jobseekers")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_who"))
        batch_op.drop_index("ix_audit_log_entity")
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
