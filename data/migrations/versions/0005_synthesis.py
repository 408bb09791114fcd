"""synthesis: bullets per cell with versions and note links, group decisions, votes (issue 13)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 13:05:15.623737
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
# The head of this branch (after the timer); the lead renumbers at merge when another 0005 lands first.
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "bullet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("question", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bullet", schema=None) as batch_op:
        batch_op.create_index("ix_bullet_workshop_cell", ["workshop_id", "role", "question"], unique=False)
        batch_op.create_index(batch_op.f("ix_bullet_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "group_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("note_ids", sa.String(length=2000), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workshop_id", "scope", "note_ids"),
    )
    with op.batch_alter_table("group_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_decision_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "vote_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("blocks", sa.Text(), nullable=False),
        sa.Column("votes_per_participant", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("vote_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_session_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "bullet_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bullet_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bullet_id"],
            ["bullet.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bullet_id", "version"),
    )
    with op.batch_alter_table("bullet_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bullet_version_bullet_id"), ["bullet_id"], unique=False)

    op.create_table(
        "vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["vote_session.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "participant_id", "kind", "item_id"),
    )
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vote_session_id"), ["session_id"], unique=False)

    op.create_table(
        "bullet_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bullet_id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bullet_id"],
            ["bullet.id"],
        ),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["note.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bullet_id", "note_id"),
    )
    with op.batch_alter_table("bullet_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bullet_note_bullet_id"), ["bullet_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bullet_note_note_id"), ["note_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("bullet_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bullet_note_note_id"))
        batch_op.drop_index(batch_op.f("ix_bullet_note_bullet_id"))

    op.drop_table("bullet_note")
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_session_id"))
        batch_op.drop_index(batch_op.f("ix_vote_participant_id"))

    op.drop_table("vote")
    with op.batch_alter_table("bullet_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bullet_version_bullet_id"))

    op.drop_table("bullet_version")
    with op.batch_alter_table("vote_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_session_workshop_id"))

    op.drop_table("vote_session")
    with op.batch_alter_table("group_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_decision_workshop_id"))

    op.drop_table("group_decision")
    with op.batch_alter_table("bullet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bullet_workshop_id"))
        batch_op.drop_index("ix_bullet_workshop_cell")

    op.drop_table("bullet")
