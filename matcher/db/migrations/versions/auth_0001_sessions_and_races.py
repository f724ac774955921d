"""Server-side sessions, sign-in failures, and one version per recommendation decision.

Revision ID: auth_0001
Revises: needs_0001
Create Date: 2026-11-29 23:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "auth_0001"
down_revision: str | Sequence[str] | None = "pdp_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=True),
        sa.Column("agent_hash", sa.String(length=64), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_sessions_token_hash")),
    )
    op.create_index(op.f("ix_user_sessions_user_id"), "user_sessions", ["user_id"])
    op.create_table(
        "signin_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signin_failures")),
    )
    op.create_index(op.f("ix_signin_failures_username"), "signin_failures", ["username"])
    op.create_index(op.f("ix_signin_failures_client"), "signin_failures", ["client"])
    op.create_index(op.f("ix_signin_failures_at"), "signin_failures", ["at"])

    # Number each person's existing decisions 1, 2, 3... in the order they were made.
    with op.batch_alter_table("recommendation_decisions") as batch_op:
        batch_op.add_column(sa.Column("list_version", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE recommendation_decisions SET list_version = ("
        " SELECT count(*) FROM recommendation_decisions AS earlier"
        " WHERE earlier.jobseeker_id = recommendation_decisions.jobseeker_id"
        " AND earlier.id <= recommendation_decisions.id)"
    )
    with op.batch_alter_table("recommendation_decisions") as batch_op:
        batch_op.alter_column("list_version", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            op.f("uq_recommendation_decisions_jobseeker_id"), ["jobseeker_id", "list_version"]
        )


def downgrade() -> None:
    with op.batch_alter_table("recommendation_decisions") as batch_op:
        batch_op.drop_constraint(op.f("uq_recommendation_decisions_jobseeker_id"), type_="unique")
        batch_op.drop_column("list_version")
    op.drop_table("signin_failures")
    op.drop_table("user_sessions")
