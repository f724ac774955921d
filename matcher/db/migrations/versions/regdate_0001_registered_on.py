"""A registration date for the people registered through the workspace's form.

The form stored no ``registered_on``, and the monitoring counts registrations by it, so
those people were in no period's registrations. From this revision the form stores the
day; this fills it in for the people stored before, from the day their row was created
(``created_at``, UTC). Rows with a date keep it.

Revision ID: regdate_0001
Revises: ids_0001
Create Date: 2026-12-02 18:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "regdate_0001"
down_revision: str | Sequence[str] | None = "ids_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PEOPLE = sa.table(
    "jobseekers",
    sa.column("id", sa.String),
    sa.column("registered_on", sa.Date),
    sa.column("created_at", sa.DateTime),
)


def upgrade() -> None:
    conn = op.get_bind()
    missing = conn.execute(
        sa.select(_PEOPLE.c.id, _PEOPLE.c.created_at).where(_PEOPLE.c.registered_on.is_(None))
    ).all()
    for person_id, created_at in missing:
        if created_at is None:
            continue
        conn.execute(
            sa.update(_PEOPLE)
            .where(_PEOPLE.c.id == person_id)
            .values(registered_on=created_at.date())
        )


def downgrade() -> None:
    """Nothing to undo: a date filled in is as good as one entered."""
