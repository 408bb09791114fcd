"""monitoringcyclus: factoren and thema's per ronde, leervragen in Tabel 4.2 with status and answer, actions
linked to the leervraag they answer

Two new tables (``theme``, ``factor``); new columns with defaults on ``leervraag`` (theme, dimension, level,
status, answer, ronde answered), ``action`` (leervraag) and ``workshop`` (factors revealed). Existing
leervragen become *open*, not yet placed in the frame; existing actions answer no leervraag. No row changes
otherwise.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_theme_workshop_id"), ["workshop_id"], unique=False)
    op.create_table(
        "factor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"]),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("factor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_factor_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_factor_theme_id"), ["theme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_factor_workshop_id"), ["workshop_id"], unique=False)
    with op.batch_alter_table("leervraag", schema=None) as batch_op:
        batch_op.add_column(sa.Column("theme_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("dimension", sa.String(length=16), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("level", sa.String(length=16), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="open"))
        batch_op.add_column(sa.Column("answer", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("ronde_answered", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_leervraag_theme_id"), ["theme_id"], unique=False)
        batch_op.create_foreign_key("fk_leervraag_theme_id", "theme", ["theme_id"], ["id"])
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("leervraag_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_action_leervraag_id"), ["leervraag_id"], unique=False)
        batch_op.create_foreign_key("fk_action_leervraag_id", "leervraag", ["leervraag_id"], ["id"])
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(sa.Column("factors_revealed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("factors_revealed")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_constraint("fk_action_leervraag_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_action_leervraag_id"))
        batch_op.drop_column("leervraag_id")
    with op.batch_alter_table("leervraag", schema=None) as batch_op:
        batch_op.drop_constraint("fk_leervraag_theme_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_leervraag_theme_id"))
        for column in ("ronde_answered", "answer", "status", "level", "dimension", "theme_id"):
            batch_op.drop_column(column)
    with op.batch_alter_table("factor", schema=None) as batch_op:
        for index in ("ix_factor_workshop_id", "ix_factor_theme_id", "ix_factor_participant_id"):
            batch_op.drop_index(batch_op.f(index))
    op.drop_table("factor")
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_workshop_id"))
    op.drop_table("theme")
