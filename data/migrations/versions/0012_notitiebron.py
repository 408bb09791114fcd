"""notitiebron: where a note came from (workshop, voorbereiding, interview), whether it is a quote, and who
interviewed a participant

Columns with defaults on ``note`` (source, quote) and ``participant`` (interviewer). Every existing note becomes
*workshop*, not a quote; every existing participant joined with a code (no interviewer). No row changes otherwise.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-04 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=16), nullable=False, server_default="workshop"))
        batch_op.add_column(sa.Column("quote", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("interviewer", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("interviewer")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_column("quote")
        batch_op.drop_column("source")
