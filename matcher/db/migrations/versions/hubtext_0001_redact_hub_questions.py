"""Employers' questions about a candidate and the hub's answers are personal free text:
audit entries written before this revision hold them in full; they are replaced by the
keyed hash new entries store (:func:`matcher.db.audit.redact_snapshot`, which now counts
``hub_request`` among the entities that describe a person).

Revision ID: hubtext_0001
Revises: restore_0001
Create Date: 2026-12-01 12:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "hubtext_0001"
down_revision: str | Sequence[str] | None = "restore_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from matcher.db.audit import redact_snapshot

    bind = op.get_bind()
    audit = sa.table(
        "audit_log", sa.column("id", sa.Integer), sa.column("entity", sa.String),
        sa.column("before", sa.JSON), sa.column("after", sa.JSON),
    )  # fmt: skip
    query = sa.select(audit.c.id, audit.c.before, audit.c.after).where(
        audit.c.entity == "hub_request"
    )
    for row_id, before, after in bind.execute(query).all():
        new = redact_snapshot(before, "hub_request"), redact_snapshot(after, "hub_request")
        if new != (before, after):
            bind.execute(
                audit.update().where(audit.c.id == row_id).values(before=new[0], after=new[1])
            )


def downgrade() -> None:
    """Nothing to undo: a hash cannot be turned back into the text."""
