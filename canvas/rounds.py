"""A samenwerking (PPS) that lives over time: its partners, its rondes, lesson scores, leervragen and actions.

A *samenwerking* is the public-private partnership itself (name, region, theme, partner organisations with
their stakeholder role). Each workshop is one *ronde* of a samenwerking, numbered from 1, with its own phase
(ontwerp / looptijd / evaluatie) and date (seed 001, "Wat kun je met dit canvas?"). Seed 003 (reflective
monitoring) adds what a ronde leaves for the next one: leervragen, and actions with an owner that the next
ronde picks up. Frozen domain types only; the store (``data.store``) maps table rows to these.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from canvas.lessons import LESSONS_BY_ID, Lesson
from canvas.model import Phase
from canvas.monitoring import FRAME, Dimension, FrameCell, LeervraagStatus, Level
from stakeholders.roles import Role, role_info

__all__ = [
    "Action",
    "ActionStatus",
    "Leervraag",
    "LessonScore",
    "Partner",
    "Ronde",
    "Samenwerking",
    "guess_role",
    "parse_partners",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Partner(_Frozen):
    """An organisation taking part in a samenwerking, with the stakeholder side it speaks for."""

    id: int
    samenwerking_id: int
    organisation: str
    role: Role

    @property
    def label(self) -> str:
        info = role_info(self.role)
        return f"{self.organisation} ({info.label.lower()})"


class Samenwerking(_Frozen):
    id: int
    name: str
    region: str = ""
    theme: str = ""
    created_at: datetime
    partners: tuple[Partner, ...] = ()


class Ronde(_Frozen):
    """One workshop seen as a step of its samenwerking (no secrets, no notes)."""

    workshop_id: int
    code: str
    number: int
    title: str
    phase: Phase
    date: dt.date | None = None
    closed: bool = False
    lessons_revealed: bool = False

    @property
    def label(self) -> str:
        """'Ronde 2 · looptijd (monitoring) · 12-03-2024', the way pages and sheets name a ronde."""
        when = f" · {self.date:%d-%m-%Y}" if self.date else ""
        return f"Ronde {self.number} · {self.phase.label.lower()}{when}"


class LessonScore(_Frozen):
    """How far one participant thinks the samenwerking follows one lesson (1 = nog niet, 5 = helemaal)."""

    workshop_id: int
    participant_id: int
    lesson_id: int
    score: int
    remark: str = ""
    updated_at: datetime
    role: Role
    organisation: str = ""
    author_name: str = ""

    @property
    def lesson(self) -> Lesson:
        return LESSONS_BY_ID[self.lesson_id]


class Leervraag(_Frozen):
    """A challenge the samenwerking faces now (seed 003), placed in Tabel 4.2 and followed up until answered."""

    id: int
    workshop_id: int
    text: str
    created_at: datetime
    ronde: int = 1
    theme_id: int | None = None
    theme_title: str = ""
    dimension: Dimension | None = None
    level: Level | None = None
    status: LeervraagStatus = LeervraagStatus.OPEN
    answer: str = ""
    ronde_answered: int | None = None

    @property
    def cell(self) -> FrameCell | None:
        """Its cell of Tabel 4.2, once placed."""
        return FRAME.get((self.dimension, self.level)) if self.dimension and self.level else None


class ActionStatus(StrEnum):
    OPEN = "open"
    BEZIG = "bezig"
    AFGEROND = "afgerond"
    VERVALLEN = "vervallen"

    @property
    def label(self) -> str:
        return {"open": "Open", "bezig": "Bezig", "afgerond": "Afgerond", "vervallen": "Vervallen"}[self.value]

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.AFGEROND, ActionStatus.VERVALLEN)


class Action(_Frozen):
    """An agreed action with an owner organisation (a partner), picked up again at the next ronde."""

    id: int
    samenwerking_id: int
    ronde_created: int
    text: str
    owner_partner_id: int
    owner_organisation: str
    owner_role: Role
    person: str = ""
    due: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    outcome: str = ""
    ronde_closed: int | None = None
    created_at: datetime
    updated_at: datetime
    # The leervraag this action answers (seed 003: "concrete acties" tied to a leervraag), if any.
    leervraag_id: int | None = None

    @property
    def owner_label(self) -> str:
        who = f"{self.owner_organisation} ({role_info(self.owner_role).label.lower()})"
        return f"{who}, {self.person}" if self.person else who


# Words that tell which side an organisation named in a free "partners" text speaks for. Checked in this
# order: "Regionaal Werkbedrijf" is public (overheid) although it contains "bedrijf".
_ROLE_WORDS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.OVERHEID, re.compile(r"gemeente|provincie|\buwv\b|werkbedrijf|overheid|ministerie|uitkerende", re.I)),
    (
        Role.ONDERWIJS,
        re.compile(r"\broc\b|\bmbo\b|hogeschool|universiteit|school|college|onderwijs|opleid", re.I),
    ),
    (Role.ONDERNEMER, re.compile(r"bedrij|branche|ondernem|werkgever|\bbv\b|industrie", re.I)),
)


def guess_role(organisation: str) -> Role:
    """The stakeholder side an organisation's name suggests; ``overig`` when nothing does."""
    for role, pattern in _ROLE_WORDS:
        if pattern.search(organisation):
            return role
    return Role.OVERIG


def parse_partners(text: str) -> list[tuple[str, Role]]:
    """A free partners text ("gemeente Dronten, MBO College Almere, UWV") as organisations with a side.

    Split on commas, semicolons and line breaks; empty and repeated names (case-insensitive) are dropped.
    """
    seen: set[str] = set()
    found: list[tuple[str, Role]] = []
    for part in re.split(r"[,;\n]+", text or ""):
        name = " ".join(part.split())
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        found.append((name[:1].upper() + name[1:], guess_role(name)))
    return found
