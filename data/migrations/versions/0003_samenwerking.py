"""samenwerking: partnerships with partners, workshops as numbered rondes, lesson scores, leervragen, actions

Every existing workshop becomes a ronde of a samenwerking: workshops with the same PPS name (compared without
case and surrounding spaces) form one samenwerking, numbered by date (then creation) from 1. The samenwerking
takes its name and region from its newest workshop; its partners are the organisations named in the
workshops' partners texts, each with the side its name suggests. No row is changed except for the new
columns, so every join code, facilitator key and participant link keeps working.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 12:50:00
"""

import re
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of canvas.rounds.guess_role as it was when this migration was written: a migration must do
# the same thing on every database, whatever later versions of the app's code do.
_ROLE_WORDS = (
    ("overheid", re.compile(r"gemeente|provincie|\buwv\b|werkbedrijf|overheid|ministerie|uitkerende", re.I)),
    ("onderwijs", re.compile(r"\broc\b|\bmbo\b|hogeschool|universiteit|school|college|onderwijs|opleid", re.I)),
    ("ondernemer", re.compile(r"bedrij|branche|ondernem|werkgever|\bbv\b|industrie", re.I)),
)


def _partners(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for part in re.split(r"[,;\n]+", text or ""):
        name = " ".join(part.split())[:200]
        if name:
            role = next((r for r, pattern in _ROLE_WORDS if pattern.search(name)), "overig")
            found.append((name[:1].upper() + name[1:], role))
    return found


def _group_workshops() -> None:
    bind = op.get_bind()
    meta = sa.MetaData()
    workshop = sa.Table("workshop", meta, autoload_with=bind)
    samenwerking = sa.Table("samenwerking", meta, autoload_with=bind)
    partner = sa.Table("partner", meta, autoload_with=bind)
    rows = bind.execute(
        sa.select(
            workshop.c.id, workshop.c.pps_name, workshop.c.region, workshop.c.partners, workshop.c.date,
            workshop.c.created_at,
        )
    ).all()  # fmt: skip
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(" ".join(row.pps_name.split()).casefold(), []).append(row)

    def when(row) -> tuple:
        created = row.created_at or datetime(1970, 1, 1)
        created = created if created.tzinfo else created.replace(tzinfo=UTC)
        return (row.date is None, row.date or created.date(), created, row.id)

    for members in sorted(groups.values(), key=lambda m: min(when(r)[2] for r in m)):
        members.sort(key=when)
        # The name as the newest ronde spells it; the region of the newest ronde that names one.
        name = " ".join(members[-1].pps_name.split())[:200]
        region = next((r.region for r in reversed(members) if (r.region or "").strip()), "")
        created = min(when(r)[2] for r in members)
        samenwerking_id = bind.execute(
            samenwerking.insert()
            .values(name=name, region=region, theme="", created_at=created)
            .returning(samenwerking.c.id)
        ).scalar_one()
        seen: set[str] = set()
        for member in members:
            for organisation, role in _partners(member.partners):
                if organisation.casefold() not in seen:
                    seen.add(organisation.casefold())
                    bind.execute(
                        partner.insert().values(samenwerking_id=samenwerking_id, organisation=organisation, role=role)
                    )
        for number, member in enumerate(members, start=1):
            bind.execute(
                workshop.update()
                .where(workshop.c.id == member.id)
                .values(samenwerking_id=samenwerking_id, ronde=number)
            )


def upgrade() -> None:
    op.create_table(
        "samenwerking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=False),
        sa.Column("theme", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("samenwerking_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["samenwerking_id"], ["samenwerking.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_samenwerking_id"), ["samenwerking_id"], unique=False)

    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(sa.Column("samenwerking_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ronde", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("lessons_revealed", sa.Boolean(), nullable=False, server_default=sa.false()))

    _group_workshops()

    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.alter_column("samenwerking_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_workshop_samenwerking_id"), ["samenwerking_id"], unique=False)
        batch_op.create_foreign_key("fk_workshop_samenwerking_id", "samenwerking", ["samenwerking_id"], ["id"])
        batch_op.create_unique_constraint("uq_workshop_samenwerking_ronde", ["samenwerking_id", "ronde"])

    op.create_table(
        "lesson_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id", "lesson_id"),
    )
    with op.batch_alter_table("lesson_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lesson_score_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lesson_score_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "leervraag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("leervraag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leervraag_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("samenwerking_id", sa.Integer(), nullable=False),
        sa.Column("ronde_created", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_partner_id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("ronde_closed", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_partner_id"], ["partner.id"]),
        sa.ForeignKeyConstraint(["samenwerking_id"], ["samenwerking.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_owner_partner_id"), ["owner_partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_samenwerking_id"), ["samenwerking_id"], unique=False)


def downgrade() -> None:
    for table in ("action", "leervraag", "lesson_score"):
        op.drop_table(table)
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_constraint("uq_workshop_samenwerking_ronde", type_="unique")
        batch_op.drop_constraint("fk_workshop_samenwerking_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_workshop_samenwerking_id"))
        batch_op.drop_column("lessons_revealed")
        batch_op.drop_column("ronde")
        batch_op.drop_column("samenwerking_id")
    op.drop_table("partner")
    op.drop_table("samenwerking")
