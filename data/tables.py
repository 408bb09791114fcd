"""SQLModel tables. Only ``data/`` sees these; the store maps them to ``canvas.model`` objects.

Column types are portable (no SQLite-only SQL): the same tables run on PostgreSQL. Every change here needs
an Alembic migration in ``data/migrations/versions``; a test compares the two.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

__all__ = [
    "BulletNoteRow",
    "BulletRow",
    "BulletVersionRow",
    "ConclusionRow",
    "GroupDecisionRow",
    "NoteRow",
    "NoteVersionRow",
    "ParticipantRow",
    "VoteRow",
    "VoteSessionRow",
    "WorkshopRow",
]


class WorkshopRow(SQLModel, table=True):
    __tablename__ = "workshop"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True, index=True)
    pps_name: str = Field(max_length=200)
    title: str = Field(max_length=200)
    region: str = Field(default="", max_length=200)
    phase: str = Field(default="ontwerp", max_length=32)
    date: dt.date | None = None
    partners: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    closed: bool = False
    revealed_all: bool = False
    # Block ids revealed one by one, as a space-separated list: a handful of words, read with the workshop.
    revealed_blocks: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    anonymous: bool = False
    facilitator_key_hash: str = Field(max_length=64, index=True)
    created_at: datetime


class ParticipantRow(SQLModel, table=True):
    __tablename__ = "participant"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    organisation: str = Field(default="", max_length=200)
    role: str = Field(max_length=32)
    sub_role: str = Field(default="", max_length=200)
    joined_at: datetime


class NoteRow(SQLModel, table=True):
    __tablename__ = "note"
    __table_args__ = (Index("ix_note_workshop_block", "workshop_id", "block_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    block_id: str = Field(max_length=64)
    text: str = Field(sa_column=Column(Text, nullable=False))
    version: int = 1
    deleted: bool = False
    created_at: datetime
    updated_at: datetime


class NoteVersionRow(SQLModel, table=True):
    """Every text a note has had, the first one included: an edit never loses the earlier words."""

    __tablename__ = "note_version"
    __table_args__ = (UniqueConstraint("note_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    version: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    saved_at: datetime


class ConclusionRow(SQLModel, table=True):
    """The gedeeld perspectief of a block; a new row per version, the highest version is current."""

    __tablename__ = "conclusion"
    __table_args__ = (UniqueConstraint("workshop_id", "block_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    block_id: str = Field(max_length=64)
    version: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    saved_at: datetime


# -- synthesis (issue 13) -----------------------------------------------------------------------------


class BulletRow(SQLModel, table=True):
    """One point of the synthesis in a cell (stakeholder × question); ``removed`` is a soft delete."""

    __tablename__ = "bullet"
    __table_args__ = (Index("ix_bullet_workshop_cell", "workshop_id", "role", "question"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    role: str = Field(max_length=32)
    question: str = Field(max_length=32)
    position: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    version: int = 1
    removed: bool = False
    created_at: datetime
    updated_at: datetime


class BulletVersionRow(SQLModel, table=True):
    """Every text a bullet has had, as for notes."""

    __tablename__ = "bullet_version"
    __table_args__ = (UniqueConstraint("bullet_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    bullet_id: int = Field(foreign_key="bullet.id", index=True)
    version: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    saved_at: datetime


class BulletNoteRow(SQLModel, table=True):
    """A bullet sums up this note. A note deleted later keeps its link (and is shown as deleted)."""

    __tablename__ = "bullet_note"
    __table_args__ = (UniqueConstraint("bullet_id", "note_id"),)

    id: int | None = Field(default=None, primary_key=True)
    bullet_id: int = Field(foreign_key="bullet.id", index=True)
    note_id: int = Field(foreign_key="note.id", index=True)


class GroupDecisionRow(SQLModel, table=True):
    """The facilitator accepted or rejected a suggested group; undo deletes the row."""

    __tablename__ = "group_decision"
    __table_args__ = (UniqueConstraint("workshop_id", "scope", "note_ids"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    scope: str = Field(max_length=80)
    # The note ids of the group, sorted, space-separated: the group's identity.
    note_ids: str = Field(max_length=2000)
    accepted: bool
    decided_at: datetime


class VoteSessionRow(SQLModel, table=True):
    """A vote: on notes or bullets, in some blocks (space-separated ids; empty is the whole canvas)."""

    __tablename__ = "vote_session"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    kind: str = Field(max_length=16)
    blocks: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    votes_per_participant: int
    opened_at: datetime
    closed_at: datetime | None = None


class VoteRow(SQLModel, table=True):
    """One vote; one per participant per item (the unique constraint backs the store's check)."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("session_id", "participant_id", "kind", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="vote_session.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    kind: str = Field(max_length=16)
    item_id: int
    cast_at: datetime
