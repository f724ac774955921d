"""Personal data (UU PDP): random candidate tokens, the erasure record, a redacted audit log.

Audit entries written before this revision hold full copies of names, phone numbers
and free text; they are replaced by the keyed hash new entries store
(:func:`matcher.db.audit.redact_snapshot`).

Revision ID: pdp_0001
Revises: needs_0001
Create Date: 2026-11-29 23:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "pdp_0001"
down_revision: str | Sequence[str] | None = "needs_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _redact_audit_log() -> None:
    from matcher.db.audit import redact_snapshot

    bind = op.get_bind()
    audit = sa.table(
        "audit_log", sa.column("id", sa.Integer), sa.column("entity", sa.String),
        sa.column("before", sa.JSON), sa.column("after", sa.JSON),
    )  # fmt: skip
    rows = bind.execute(sa.select(audit.c.id, audit.c.entity, audit.c.before, audit.c.after))
    for row_id, entity, before, after in rows.all():
        new_before, new_after = redact_snapshot(before, entity), redact_snapshot(after, entity)
        if (new_before, new_after) != (before, after):
            bind.execute(
                audit.update()
                .where(audit.c.id == row_id)
                .values(before=new_before, after=new_after)
            )


def upgrade() -> None:
    op.create_table(
        "candidate_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.Column("jobseeker_id", sa.String(length=64), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_candidate_tokens_jobseeker_id_jobseekers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_tokens")),
        sa.UniqueConstraint(
            "opportunity_kind", "opportunity_id", "jobseeker_id", name="uq_candidate_tokens_pair"
        ),
        sa.UniqueConstraint("token", name=op.f("uq_candidate_tokens_token")),
    )
    with op.batch_alter_table("candidate_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidate_tokens_jobseeker_id"), ["jobseeker_id"], unique=False
        )
    op.create_table(
        "erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=64), nullable=False),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows_changed", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasures")),
        sa.UniqueConstraint("pseudonym", name=op.f("uq_erasures_pseudonym")),
    )
    _redact_audit_log()


def downgrade() -> None:
    op.drop_table("erasures")
    with op.batch_alter_table("candidate_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_tokens_jobseeker_id"))
    op.drop_table("candidate_tokens")
