"""Monitoring and evaluation: recommendation_exposures (what was shown to whom) and
business_outcomes (women entrepreneurs' follow-up). Owned by matcher.monitoring.

Revision ID: monitoring_0001
Revises: 0001
Create Date: 2026-11-27 19:55:02.347296
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "monitoring_0001"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "business_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jobseeker_id", sa.String(length=64), nullable=False),
        sa.Column("outcome_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "started",
                "grew",
                "no_change",
                "closed",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "revenue_band",
            sa.Enum(
                "0",
                "<1jt",
                "1-5jt",
                ">5jt",
                name="revenue_band",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("program_id", sa.String(length=64), nullable=True),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_business_outcomes_jobseeker_id_jobseekers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_outcomes")),
    )
    with op.batch_alter_table("business_outcomes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_business_outcomes_jobseeker_id"), ["jobseeker_id"], unique=False
        )

    op.create_table(
        "recommendation_exposures",
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
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "context",
            sa.Enum(
                "counselor_view",
                "employer_shortlist",
                "trainer_suggestions",
                name="context",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("shown_by", sa.String(length=100), nullable=True),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_recommendation_exposures_jobseeker_id_jobseekers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_exposures")),
    )
    with op.batch_alter_table("recommendation_exposures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendation_exposures_jobseeker_id"), ["jobseeker_id"], unique=False
        )
        batch_op.create_index(
            "ix_recommendation_exposures_opportunity",
            ["opportunity_kind", "opportunity_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_recommendation_exposures_shown_at"), ["shown_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("recommendation_exposures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_exposures_shown_at"))
        batch_op.drop_index("ix_recommendation_exposures_opportunity")
        batch_op.drop_index(batch_op.f("ix_recommendation_exposures_jobseeker_id"))

    op.drop_table("recommendation_exposures")
    with op.batch_alter_table("business_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_business_outcomes_jobseeker_id"))

    op.drop_table("business_outcomes")
