"""The highest number an id prefix had when a record of it was erased (``id_floors``),
so a new registration is never given an erased person's old id.

An erasure done before this revision left no floor: its old id could still be given
again (the numbers are not recoverable; nothing else recorded them).

Revision ID: ids_0001
Revises: hubtext_0001
Create Date: 2026-12-01 12:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ids_0001"
down_revision: str | Sequence[str] | None = "hubtext_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "id_floors",
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", name=op.f("pk_id_floors")),
    )


def downgrade() -> None:
    op.drop_table("id_floors")
