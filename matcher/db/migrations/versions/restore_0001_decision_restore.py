"""A decision may take back a rejection (``restore``) without accepting the item.

Before, putting a rejected item back was stored as an acceptance, so the learned
re-ranker read a changed mind as a positive label. Only the CHECK constraint of
``recommendation_decisions.action`` changes; existing rows are kept as they are.

Revision ID: restore_0001
Revises: wage_0001
Create Date: 2026-12-01 11:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "restore_0001"
down_revision: str | Sequence[str] | None = "wage_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("accept", "reject", "pin", "unpin", "move_up", "move_down", "note", "relax_rule",
       "set_weights", "reorder")  # fmt: skip
NEW = OLD[:2] + ("restore",) + OLD[2:]


def _action(values: Sequence[str]) -> sa.Enum:
    return sa.Enum(*values, name="action", native_enum=False, create_constraint=True,
                   length=32)  # fmt: skip


def _retype(old: Sequence[str], new: Sequence[str]) -> None:
    with op.batch_alter_table("recommendation_decisions") as batch:
        batch.alter_column("action", existing_type=_action(old), type_=_action(new),
                           existing_nullable=False)  # fmt: skip


def upgrade() -> None:
    _retype(OLD, NEW)


def downgrade() -> None:
    op.execute("UPDATE recommendation_decisions SET action = 'accept' WHERE action = 'restore'")
    _retype(NEW, OLD)
