"""The synthesis of a workshop: short bullets per cell of the Perspectieven table, and votes.

Seed 001's Perspectieven table is a synthesis: per stakeholder (row) and per question (column) a few
bullets, distilled from many interviews. Here the facilitator writes those bullets from the notes; each
bullet keeps links to the notes it sums up, so a conclusion can always be traced back to who said it.

Pure types and functions only (no storage, no UI): the store (``data.store``) maps rows to these.

Voting rule (documented in README.md): **one vote per item**. A participant has N votes in a vote session
(default 3) and spends them on N *different* items; a second vote on the same item is refused. This keeps a
single enthusiast from putting all their dots on one note, and on a phone a vote is a simple toggle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from canvas.blocks import BLOCKS, BLOCKS_BY_ID, Question
from canvas.model import Note
from stakeholders.roles import Role

__all__ = [
    "DEFAULT_VOTES",
    "MAX_BULLET_LENGTH",
    "MAX_VOTES",
    "Bullet",
    "BulletVersion",
    "CellCoverage",
    "GroupDecision",
    "ItemKind",
    "Vote",
    "VoteSession",
    "cell_notes",
    "cell_of",
    "cell_coverage",
    "order_by_votes",
    "remaining_votes",
    "tally",
    "top_note",
]

# A bullet reads like one line of seed 001's table: a sentence or two. Longer is refused, not cut.
MAX_BULLET_LENGTH = 300
DEFAULT_VOTES = 3
# More than 20 votes per person stops being a choice.
MAX_VOTES = 20


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Bullet(_Frozen):
    """One point of the synthesis in the cell (role × question); ``note_ids`` are the notes behind it."""

    id: int
    workshop_id: int
    role: Role
    question: Question
    position: int
    text: str
    version: int = 1
    removed: bool = False
    note_ids: tuple[int, ...] = ()
    created_at: datetime
    updated_at: datetime

    @property
    def without_notes(self) -> bool:
        """Written by the facilitator with no note behind it (shown as "zonder notitie")."""
        return not self.note_ids


class BulletVersion(_Frozen):
    bullet_id: int
    version: int
    text: str
    saved_at: datetime


class GroupDecision(_Frozen):
    """The facilitator's answer to a suggested group: ``accepted`` or ``rejected`` (undo deletes it)."""

    id: int
    workshop_id: int
    scope: str
    note_ids: tuple[int, ...]
    accepted: bool
    decided_at: datetime


class ItemKind(StrEnum):
    NOTE = "note"
    BULLET = "bullet"

    @property
    def label(self) -> str:
        return {ItemKind.NOTE: "notities", ItemKind.BULLET: "synthesepunten"}[self]


class VoteSession(_Frozen):
    """A vote opened by the facilitator: on notes or bullets, in some blocks (empty: the whole canvas)."""

    id: int
    workshop_id: int
    kind: ItemKind
    blocks: frozenset[str] = Field(default_factory=frozenset)
    votes_per_participant: int = DEFAULT_VOTES
    opened_at: datetime
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def whole_canvas(self) -> bool:
        return not self.blocks

    def covers_block(self, block_id: str) -> bool:
        return self.whole_canvas or block_id in self.blocks

    def covers_question(self, question: Question) -> bool:
        """Bullets belong to a question, not a block: a bullet is in scope when a chosen block feeds its question."""
        return self.whole_canvas or any(BLOCKS_BY_ID[b].feeds is question for b in self.blocks)

    @property
    def scope_label(self) -> str:
        if self.whole_canvas:
            return "het hele canvas"
        if self.kind is ItemKind.BULLET:
            # Points belong to questions: name the questions the chosen blocks feed.
            questions = [q.label for q in Question if self.covers_question(q)]
            return " ".join(questions)
        titles = [b.title for b in BLOCKS if b.id in self.blocks]
        return titles[0] if len(titles) == 1 else f"{len(titles)} blokken: " + ", ".join(titles)


class Vote(_Frozen):
    session_id: int
    participant_id: int
    kind: ItemKind
    item_id: int
    cast_at: datetime


# -- cells and coverage ---------------------------------------------------------------------------------


def cell_of(note: Note) -> tuple[Role, Question]:
    """The cell of the Perspectieven table a note lands in: its author's side × the question its block feeds."""
    return note.role, BLOCKS_BY_ID[note.block_id].feeds


def cell_notes(notes: Iterable[Note], role: Role, question: Question) -> list[Note]:
    """The notes of one cell, in the order given."""
    return [n for n in notes if cell_of(n) == (role, question)]


class CellCoverage(_Frozen):
    """How far the synthesis of a cell covers its notes: "x van y notities verwerkt"."""

    covered: int
    total: int
    uncovered: tuple[Note, ...]

    @property
    def label(self) -> str:
        word = "notitie" if self.total == 1 else "notities"
        return f"{self.covered} van {self.total} {word} verwerkt"

    @property
    def complete(self) -> bool:
        return self.covered == self.total


def cell_coverage(notes: Iterable[Note], bullets: Iterable[Bullet]) -> CellCoverage:
    """Which live notes of a cell at least one live bullet links to; deleted notes do not count either way."""
    linked = {i for b in bullets if not b.removed for i in b.note_ids}
    live = [n for n in notes if not n.deleted]
    uncovered = tuple(n for n in live if n.id not in linked)
    return CellCoverage(covered=len(live) - len(uncovered), total=len(live), uncovered=uncovered)


# -- votes ------------------------------------------------------------------------------------------------

T = TypeVar("T")


def _id(item: Any) -> int:
    return item.id


def tally(votes: Iterable[Vote]) -> Counter[tuple[ItemKind, int]]:
    """Votes per item, as ``{(kind, item id): count}``."""
    return Counter((v.kind, v.item_id) for v in votes)


def remaining_votes(session: VoteSession, votes: Iterable[Vote], participant_id: int) -> int:
    """How many votes this participant may still cast in this session (never below zero)."""
    used = sum(1 for v in votes if v.session_id == session.id and v.participant_id == participant_id)
    return max(0, session.votes_per_participant - used)


def top_note(notes: Sequence[Note], votes: Mapping[int, int]) -> Note | None:
    """The one note a block shows when there is room for one (Canvas › Overzicht).

    Once a vote on notes is closed the most-voted, the newest among equals; before any vote, the newest.
    """
    return max(notes, key=lambda n: (votes.get(n.id, 0), n.created_at, n.id), default=None)


def order_by_votes(items: Sequence[T], counts: Mapping[int, int], *, key: Callable[[T], int] = _id) -> list[T]:
    """Items with the most votes first; equal counts keep their own order (a stable sort)."""
    return sorted(items, key=lambda item: -counts.get(key(item), 0))
