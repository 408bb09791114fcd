"""community: lerende communities of samenwerkingen, and which samenwerking shares what with which community

Two new tables, nothing else changes: ``community`` (name, region, invite code, the SHA-256 of the coordinator
key) and ``community_member`` (a samenwerking that opted in, with its sharing choices). Independent of the
synthesis tables: the full-text search reads the shared texts on the fly, it keeps no index table.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
# The head of this branch; the lead relinks this to 0005 (synthesis) at merge.
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "community",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("invite_code", sa.String(length=16), nullable=False),
        sa.Column("coordinator_key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_community_invite_code"), ["invite_code"], unique=True)
        batch_op.create_index(batch_op.f("ix_community_coordinator_key_hash"), ["coordinator_key_hash"], unique=True)

    op.create_table(
        "community_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("samenwerking_id", sa.Integer(), nullable=False),
        sa.Column("share_perspective", sa.Boolean(), nullable=False),
        sa.Column("share_lessons", sa.Boolean(), nullable=False),
        sa.Column("share_notes", sa.Boolean(), nullable=False),
        sa.Column("share_names", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"]),
        sa.ForeignKeyConstraint(["samenwerking_id"], ["samenwerking.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("community_id", "samenwerking_id", name="uq_community_member"),
    )
    with op.batch_alter_table("community_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_community_member_community_id"), ["community_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_community_member_samenwerking_id"), ["samenwerking_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("community_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_community_member_samenwerking_id"))
        batch_op.drop_index(batch_op.f("ix_community_member_community_id"))
    op.drop_table("community_member")
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_community_coordinator_key_hash"))
        batch_op.drop_index(batch_op.f("ix_community_invite_code"))
    op.drop_table("community")
