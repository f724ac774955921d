"""Questions employers ask the hub about a shortlisted candidate.

Revision ID: workspace_0001
Revises: needs_0001
Create Date: 2026-11-29 23:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "workspace_0001"
down_revision: str | Sequence[str] | None = "auth_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hub_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jobseeker_id", sa.String(length=64), nullable=False),
        sa.Column("vacancy_id", sa.String(length=64), nullable=False),
        sa.Column("candidate", sa.String(length=64), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("asked_by", sa.String(length=100), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(length=100), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_hub_requests_jobseeker_id_jobseekers"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_requests")),
    )
    op.create_index(
        op.f("ix_hub_requests_jobseeker_id"), "hub_requests", ["jobseeker_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_hub_requests_jobseeker_id"), table_name="hub_requests")
    op.drop_table("hub_requests")
