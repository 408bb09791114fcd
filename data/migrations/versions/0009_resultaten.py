"""resultaten: a few numbers per ronde from seed 004's results areas, each with its source

One new table, ``ronde_result``; nothing else changes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ronde_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("result_id", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workshop_id", "result_id", name="uq_ronde_result"),
    )
    with op.batch_alter_table("ronde_result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ronde_result_workshop_id"), ["workshop_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ronde_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ronde_result_workshop_id"))
    op.drop_table("ronde_result")
