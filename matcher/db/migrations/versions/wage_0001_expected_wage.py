"""A jobseeker's expected wage (rupiah per month, optional), for the wage-fit score part.

Revision ID: wage_0001
Revises: needs_0001
Create Date: 2026-11-29 23:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "wage_0001"
down_revision: str | Sequence[str] | None = "workspace_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobseekers") as batch:
        batch.add_column(sa.Column("expected_wage", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobseekers") as batch:
        batch.drop_column("expected_wage")
