"""first schema: workshops, participants, notes with versions, conclusions

Revision ID: 0001
Revises:
Create Date: 2026-11-23 15:29:22.470880
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workshop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("pps_name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=False),
        sa.Column("phase", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("partners", sa.Text(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("revealed_all", sa.Boolean(), nullable=False),
        sa.Column("revealed_blocks", sa.Text(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("facilitator_key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_code"), ["code"], unique=True)
        batch_op.create_index(batch_op.f("ix_workshop_facilitator_key_hash"), ["facilitator_key_hash"], unique=False)

    op.create_table(
        "conclusion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("block_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workshop_id", "block_id", "version"),
    )
    with op.batch_alter_table("conclusion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conclusion_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("sub_role", sa.String(length=200), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participant_token_hash"), ["token_hash"], unique=True)
        batch_op.create_index(batch_op.f("ix_participant_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("block_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index("ix_note_workshop_block", ["workshop_id", "block_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "note_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["note.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("note_id", "version"),
    )
    with op.batch_alter_table("note_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_version_note_id"), ["note_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("note_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_version_note_id"))

    op.drop_table("note_version")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_workshop_id"))
        batch_op.drop_index("ix_note_workshop_block")
        batch_op.drop_index(batch_op.f("ix_note_participant_id"))

    op.drop_table("note")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_participant_token_hash"))

    op.drop_table("participant")
    with op.batch_alter_table("conclusion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conclusion_workshop_id"))

    op.drop_table("conclusion")
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_facilitator_key_hash"))
        batch_op.drop_index(batch_op.f("ix_workshop_code"))

    op.drop_table("workshop")
