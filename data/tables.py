"""SQLModel tables. Only ``data/`` sees these; the store maps them to ``canvas.model`` objects.

Column types are portable (no SQLite-only SQL): the same tables run on PostgreSQL. Every change here needs
an Alembic migration in ``data/migrations/versions``; a test compares the two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from canvas.blocks import BLOCK_ORDER

__all__ = [
    "ActionRow",
    "BulletNoteRow",
    "BulletRow",
    "BulletVersionRow",
    "CommunityMemberRow",
    "CommunityRow",
    "ConclusionRow",
    "GroupDecisionRow",
    "LeervraagRow",
    "LessonScoreRow",
    "PartnerRow",
    "ReadyRow",
    "FactorRow",
    "ThemeRow",
    "RondeKenmerkenRow",
    "RondeResultRow",
    "SamenwerkingRow",
    "TimerRow",
    "NoteRow",
    "NoteVersionRow",
    "ParticipantRow",
    "VoteRow",
    "VoteSessionRow",
    "WorkshopRow",
    "WriteReceiptRow",
    "join_revealed_blocks",
    "split_revealed_blocks",
]


def join_revealed_blocks(block_ids: Iterable[str]) -> str:
    """``WorkshopRow.revealed_blocks`` from block ids: space-separated, in canvas order, each once."""
    return " ".join(sorted(set(block_ids) & BLOCK_ORDER.keys(), key=BLOCK_ORDER.__getitem__))


def split_revealed_blocks(column: str) -> tuple[str, ...]:
    """The block ids in a ``WorkshopRow.revealed_blocks`` column, in the order stored."""
    return tuple(column.split())


class SamenwerkingRow(SQLModel, table=True):
    """A public-private partnership that meets in rondes (each ronde is a workshop)."""

    __tablename__ = "samenwerking"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    region: str = Field(default="", max_length=200)
    theme: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime


class PartnerRow(SQLModel, table=True):
    """An organisation of a samenwerking with the stakeholder side it speaks for; owner of actions."""

    __tablename__ = "partner"

    id: int | None = Field(default=None, primary_key=True)
    samenwerking_id: int = Field(foreign_key="samenwerking.id", index=True)
    organisation: str = Field(max_length=200)
    role: str = Field(max_length=32)


class WorkshopRow(SQLModel, table=True):
    __tablename__ = "workshop"
    # Two facilitators starting "the next ronde" at the same moment cannot both make ronde 3.
    __table_args__ = (UniqueConstraint("samenwerking_id", "ronde", name="uq_workshop_samenwerking_ronde"),)

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
    # Bumped by the store in the same transaction as every write to this workshop (notes, participants,
    # conclusions, settings): a board polls this one number by primary key and redraws only when it moved.
    change_stamp: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    samenwerking_id: int = Field(foreign_key="samenwerking.id", index=True)
    # Which ronde of its samenwerking this workshop is, from 1.
    ronde: int = 1
    lessons_revealed: bool = False
    # The factoren of this ronde, hidden from the room until the facilitator reveals them (like notes).
    factors_revealed: bool = False


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
    interviewer: str = Field(default="", max_length=200)


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
    source: str = Field(default="workshop", max_length=16)
    quote: bool = False


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


class LessonScoreRow(SQLModel, table=True):
    """A participant's score (1-5) for one of the ten lessons in one ronde: one row per lesson, updated."""

    __tablename__ = "lesson_score"
    __table_args__ = (UniqueConstraint("participant_id", "lesson_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    lesson_id: int
    score: int
    remark: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime


class LeervraagRow(SQLModel, table=True):
    """A leervraag of a ronde; since 0010 with its theme, its cell of Tabel 4.2, a status and an answer."""

    __tablename__ = "leervraag"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime
    theme_id: int | None = Field(default=None, foreign_key="theme.id", index=True)
    dimension: str = Field(default="", max_length=16)
    level: str = Field(default="", max_length=16)
    status: str = Field(default="open", max_length=16)
    answer: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    ronde_answered: int | None = None


class ActionRow(SQLModel, table=True):
    """An agreed action of a samenwerking, owned by one of its partners; the next rondes pick it up."""

    __tablename__ = "action"

    id: int | None = Field(default=None, primary_key=True)
    samenwerking_id: int = Field(foreign_key="samenwerking.id", index=True)
    ronde_created: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    owner_partner_id: int = Field(foreign_key="partner.id", index=True)
    person: str = Field(default="", max_length=200)
    due: dt.date | None = None
    status: str = Field(default="open", max_length=16)
    outcome: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    ronde_closed: int | None = None
    created_at: datetime
    updated_at: datetime
    leervraag_id: int | None = Field(default=None, foreign_key="leervraag.id", index=True)


class TimerRow(SQLModel, table=True):
    """The facilitator's countdown of one workshop (at most one row per workshop; no row: never started).

    Running: ``ends_at`` is set (UTC). Paused: ``paused_remaining`` holds the seconds left. Stopped: both empty.
    ``round`` goes up with every start, so "Klaar" marks of an earlier countdown never count again.
    """

    __tablename__ = "workshop_timer"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", unique=True, index=True)
    round: int = 0
    block_id: str = Field(default="", max_length=64)
    seconds: int = 0
    ends_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    paused_remaining: int | None = None


class ReadyRow(SQLModel, table=True):
    """A participant tapped "Klaar" in one timer round; undo deletes the row."""

    __tablename__ = "ready_mark"
    __table_args__ = (UniqueConstraint("participant_id", "round"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    round: int
    marked_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


# -- synthesis (issue 13): bullets per cell, group decisions, votes ---------------------------------------


def _moment(*, nullable: bool = False) -> Column:
    return Column(DateTime(timezone=True), nullable=nullable)


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
    created_at: datetime = Field(sa_column=_moment())
    updated_at: datetime = Field(sa_column=_moment())


class BulletVersionRow(SQLModel, table=True):
    """Every text a bullet has had, as for notes."""

    __tablename__ = "bullet_version"
    __table_args__ = (UniqueConstraint("bullet_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    bullet_id: int = Field(foreign_key="bullet.id", index=True)
    version: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    saved_at: datetime = Field(sa_column=_moment())


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
    decided_at: datetime = Field(sa_column=_moment())


class VoteSessionRow(SQLModel, table=True):
    """A vote: on notes or bullets, in some blocks (space-separated ids; empty is the whole canvas)."""

    __tablename__ = "vote_session"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    kind: str = Field(max_length=16)
    blocks: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    votes_per_participant: int
    opened_at: datetime = Field(sa_column=_moment())
    closed_at: datetime | None = Field(default=None, sa_column=_moment(nullable=True))


class VoteRow(SQLModel, table=True):
    """One vote; one per participant per item (the unique constraint backs the store's check)."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("session_id", "participant_id", "kind", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="vote_session.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    kind: str = Field(max_length=16)
    item_id: int
    cast_at: datetime = Field(sa_column=_moment())


class CommunityRow(SQLModel, table=True):
    """A lerende community of samenwerkingen; its coordinator key is kept only as a SHA-256 hash.

    ``invite_code`` is what a coordinator hands to facilitators: with it (and their own facilitator key) they
    can *offer* their samenwerking; it opens nothing of the community.
    """

    __tablename__ = "community"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    region: str = Field(default="", max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    invite_code: str = Field(max_length=16, unique=True, index=True)
    coordinator_key_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime


class CommunityMemberRow(SQLModel, table=True):
    """A samenwerking that opted into a community, with what its facilitator chose to share.

    Leaving deletes the row: nothing shared is copied anywhere, every community view reads through this row,
    so what was shared is gone from every view and export at once.
    """

    __tablename__ = "community_member"
    __table_args__ = (UniqueConstraint("community_id", "samenwerking_id", name="uq_community_member"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    samenwerking_id: int = Field(foreign_key="samenwerking.id", index=True)
    share_perspective: bool = True
    share_lessons: bool = True
    share_notes: bool = False
    share_names: bool = False
    joined_at: datetime
    updated_at: datetime


class WriteReceiptRow(SQLModel, table=True):
    """A write that landed, under the request key its writer made before sending (``data.receipts``).

    A retry with the same key (the reply was lost: a dropped connection, a server restart) finds this row
    and gets the first result back instead of writing again. Written in the write's own transaction, so the
    receipt exists iff the write does; the primary key makes two retries at once store one write. The key is
    a hash of the writer's secret, the kind of write and the request key: nobody can look up another's write.
    """

    __tablename__ = "write_receipt"

    receipt_key: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=32)
    result_id: int | None = None
    created_at: datetime = Field(sa_column=_moment())


# -- kenmerken (issue 21): what makes samenwerkingen comparable, kept per ronde --------------------------


class RondeKenmerkenRow(SQLModel, table=True):
    """The kenmerken of a samenwerking as set in one ronde (``canvas.kenmerken``); list fields space-separated.

    No row: the ronde has the kenmerken of the nearest earlier ronde that has one (nothing changed since).
    """

    __tablename__ = "ronde_kenmerken"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", unique=True, index=True)
    type: str = Field(default="", max_length=32)
    initiator: str = Field(default="", max_length=32)
    transitions: str = Field(default="", max_length=400)
    target_groups: str = Field(default="", max_length=400)
    scope: str = Field(default="", max_length=32)
    region: str = Field(default="", max_length=200)
    start_year: int | None = None
    development_phase: str = Field(default="", max_length=32)
    updated_at: datetime = Field(sa_column=_moment())


class RondeResultRow(SQLModel, table=True):
    """One number of ``canvas.resultaten.RESULTS`` in one ronde, with its source; set again, it is updated."""

    __tablename__ = "ronde_result"
    __table_args__ = (UniqueConstraint("workshop_id", "result_id", name="uq_ronde_result"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    result_id: str = Field(max_length=32)
    value: int
    source: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime = Field(sa_column=_moment())


# -- the monitoring cycle (seed 003): factoren, thema's -------------------------------------------------


class ThemeRow(SQLModel, table=True):
    """A theme the facilitator made of factors of one ronde."""

    __tablename__ = "theme"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    title: str = Field(max_length=200)
    created_at: datetime = Field(sa_column=_moment())


class FactorRow(SQLModel, table=True):
    """A bevorderende or belemmerende factor a participant named; ``deleted`` is a soft delete, as for notes."""

    __tablename__ = "factor"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    kind: str = Field(max_length=16)
    text: str = Field(sa_column=Column(Text, nullable=False))
    theme_id: int | None = Field(default=None, foreign_key="theme.id", index=True)
    deleted: bool = False
    created_at: datetime = Field(sa_column=_moment())
