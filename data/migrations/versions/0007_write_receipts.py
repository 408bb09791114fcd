"""write receipts: a retry of a write whose reply was lost stores it once (issue 20)

One new table, nothing else changes: ``write_receipt`` (a hash of the writer's secret, the kind of write and
the request key the page made before sending; the id of what the write made). Backups do not carry it: a
restored workshop starts without receipts, which only matter for the seconds around a lost reply.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "write_receipt",
        sa.Column("receipt_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("receipt_key"),
    )


def downgrade() -> None:
    op.drop_table("write_receipt")
