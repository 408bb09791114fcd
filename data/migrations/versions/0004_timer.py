"""timer: the facilitator's countdown per workshop and the participants' "Klaar" marks per round

Revision ID: 0004
Revises: 0001
Create Date: 2026-12-01 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
# The head of this branch; the lead renumbers at merge when 0002/0003 land first.
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workshop_timer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("block_id", sa.String(length=64), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_remaining", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("workshop_timer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_timer_workshop_id"), ["workshop_id"], unique=True)

    op.create_table(
        "ready_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id", "round"),
    )
    with op.batch_alter_table("ready_mark", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ready_mark_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ready_mark_workshop_id"), ["workshop_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ready_mark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ready_mark_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_ready_mark_participant_id"))
    op.drop_table("ready_mark")
    with op.batch_alter_table("workshop_timer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_timer_workshop_id"))
    op.drop_table("workshop_timer")
