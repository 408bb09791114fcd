"""Frozen domain types: a workshop, its participants, their notes and the group's shared conclusions.

The store (``data.store``) maps table rows to these; pages and exports see only these.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from canvas.blocks import BLOCKS_BY_ID, Block
from canvas.text import isolate
from stakeholders.roles import Role, role_label

__all__ = [
    "MAX_NOTE_LENGTH",
    "Note",
    "NoteSource",
    "NoteVersion",
    "Participant",
    "Phase",
    "SharedConclusion",
    "Workshop",
]

# A note is a sticky note: short on purpose. 500 characters fits three full sentences and still reads on
# a projected board; anything longer is refused with a message, never cut off silently.
MAX_NOTE_LENGTH = 500


class Phase(StrEnum):
    """*Gebruik*: why a ronde uses the canvas (seed 001, "Wat kun je met dit canvas?").

    Where the partnership is in its life is another field, its ontwikkelfase (``canvas.kenmerken``). Seed 001's
    fourth use, the lerende community, is not a use of one ronde but lives in the community (``canvas.community``):
    an old value ``lerende_community`` (a database before migration 0008, a backup) reads as ``looptijd``.
    """

    ONTWERP = "ontwerp"
    LOOPTIJD = "looptijd"
    EVALUATIE = "evaluatie"

    @classmethod
    def _missing_(cls, value: object) -> Phase | None:
        return cls.LOOPTIJD if value == "lerende_community" else None

    @property
    def label(self) -> str:
        return {
            Phase.ONTWERP: "Ontwerp",
            Phase.LOOPTIJD: "Looptijd (monitoring)",
            Phase.EVALUATIE: "Evaluatie",
        }[self]


class NoteSource(StrEnum):
    """Where a note came from. The publication built its canvases from interviews with each stakeholder before
    any session (seed 001, "Werkwijze"), and seed 002's sessions shared their questions beforehand: a board that
    mixes the three should say which is which.

    Stored on the note when it is written, so moving the workshop's date later does not rewrite history.
    """

    WORKSHOP = "workshop"
    VOORBEREIDING = "voorbereiding"
    INTERVIEW = "interview"

    @property
    def label(self) -> str:
        return {
            NoteSource.WORKSHOP: "workshop",
            NoteSource.VOORBEREIDING: "voorbereiding",
            NoteSource.INTERVIEW: "interview",
        }[self]

    @property
    def icon(self) -> str:
        return {NoteSource.WORKSHOP: "🧩", NoteSource.VOORBEREIDING: "🏠", NoteSource.INTERVIEW: "🎙️"}[self]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Workshop(_Frozen):
    id: int
    code: str
    pps_name: str
    title: str
    region: str = ""
    phase: Phase = Phase.ONTWERP
    date: dt.date | None = None
    partners: str = ""
    closed: bool = False
    revealed_all: bool = False
    revealed_blocks: frozenset[str] = Field(default_factory=frozenset)
    anonymous: bool = False
    created_at: datetime
    # The samenwerking this workshop is a ronde of (canvas.rounds), and which ronde, counted from 1.
    samenwerking_id: int | None = None
    ronde: int = 1
    # The lesson scores of this ronde, hidden from the room until the facilitator reveals them.
    lessons_revealed: bool = False
    # The factoren of this ronde (canvas.monitoring), hidden from the room until revealed.
    factors_revealed: bool = False

    def is_revealed(self, block_id: str) -> bool:
        return self.revealed_all or block_id in self.revealed_blocks

    def before_session(self, today: dt.date) -> bool:
        """Whether ``today`` is before the day of the session: a note written now is preparation
        (``NoteSource.VOORBEREIDING``). A workshop without a date has no before."""
        return self.date is not None and today < self.date

    @property
    def heading(self) -> str:
        """The workshop as one line: ``PPS: titel``, e.g. ``NexTechnician: Evaluatie coöperatie``.

        The separator is always ": " (a colon and a space). Exports put their own prefix before it with a
        middle dot, e.g. ``Canvas · NexTechnician: Evaluatie coöperatie``, so the two never look alike.
        """
        # Each part isolated (canvas.text.isolate): a direction control in the PPS name cannot reverse the title.
        return f"{isolate(self.pps_name)}: {isolate(self.title)}"


class Participant(_Frozen):
    id: int
    workshop_id: int
    name: str
    organisation: str = ""
    role: Role
    sub_role: str = ""
    joined_at: datetime
    # Who interviewed this person (Interview page); empty for whoever joined with a code.
    interviewer: str = ""

    @property
    def role_label(self) -> str:
        """``Overheid (wethouder)``: see ``stakeholders.roles.role_label``."""
        return role_label(self.role, isolate(self.sub_role))


class Note(_Frozen):
    """One sticky note, with who wrote it; ``version`` counts edits from 1."""

    id: int
    workshop_id: int
    participant_id: int
    block_id: str
    text: str
    version: int = 1
    deleted: bool = False
    created_at: datetime
    updated_at: datetime
    author_name: str
    author_organisation: str = ""
    role: Role
    sub_role: str = ""
    source: NoteSource = NoteSource.WORKSHOP
    # Marked as a quote (the interviewee's own words), to cite by role and organisation, never by name.
    quote: bool = False
    interviewer: str = ""

    @property
    def role_label(self) -> str:
        """The author's role with their sub-role, as on the Participant: ``Overheid (wethouder)``."""
        return role_label(self.role, isolate(self.sub_role))

    @property
    def block(self) -> Block:
        return BLOCKS_BY_ID[self.block_id]


class NoteVersion(_Frozen):
    note_id: int
    version: int
    text: str
    saved_at: datetime


class SharedConclusion(_Frozen):
    workshop_id: int
    block_id: str
    text: str
    version: int
    updated_at: datetime
