"""kenmerken: what makes samenwerkingen comparable, per ronde; "lerende community" is no longer a ronde's use

One new table, ``ronde_kenmerken`` (type, initiator, transitions, target groups, scope, region, start year and
ontwikkelfase of a samenwerking as set in one ronde). The workshop column ``phase`` now holds only the *gebruik*
of a ronde (ontwerp, looptijd, evaluatie): rondes stored as ``lerende_community`` become ``looptijd`` (seed 001:
a lerende community is several samenwerkingen learning together, which the community tables hold since 0006,
not a use of one ronde). No other row changes. Every samenwerking gets a kenmerken row for its first ronde with
its region, so the region is a kenmerk from the start.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 13:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ronde_kenmerken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("initiator", sa.String(length=32), nullable=False),
        sa.Column("transitions", sa.String(length=400), nullable=False),
        sa.Column("target_groups", sa.String(length=400), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("development_phase", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ronde_kenmerken", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ronde_kenmerken_workshop_id"), ["workshop_id"], unique=True)

    bind = op.get_bind()
    meta = sa.MetaData()
    workshop = sa.Table("workshop", meta, autoload_with=bind)
    samenwerking = sa.Table("samenwerking", meta, autoload_with=bind)
    kenmerken = sa.Table("ronde_kenmerken", meta, autoload_with=bind)
    bind.execute(workshop.update().where(workshop.c.phase == "lerende_community").values(phase="looptijd"))
    now = datetime.now(UTC)
    firsts = bind.execute(
        sa.select(workshop.c.id, samenwerking.c.region)
        .join(samenwerking, workshop.c.samenwerking_id == samenwerking.c.id)
        .where(workshop.c.ronde == 1)
    ).all()
    for workshop_id, region in firsts:
        bind.execute(
            kenmerken.insert().values(
                workshop_id=workshop_id, type="", initiator="", transitions="", target_groups="", scope="",
                region=region or "", start_year=None, development_phase="", updated_at=now,
            )
        )  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("ronde_kenmerken", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ronde_kenmerken_workshop_id"))
    op.drop_table("ronde_kenmerken")
