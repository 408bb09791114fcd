"""The monitoring cycle of seed 003 (TNO, "Nieuwe Banen Lelystad", ch. 4.2 "Reflectieve monitoring van het
proces"): per ronde participants name **bevorderende en belemmerende factoren**; the facilitator groups them
into **thema's**; a theme becomes a **leervraag** ("een formulering van een uitdaging waar het project op dat
moment voor staat"), placed in the frame of **Tabel 4.2** (Leren / Handelen / Institutionele verandering ×
Individu / Netwerk); actions answer a leervraag; the stuurgroep follows them up and the next ronde opens with
the leervragen still open ("dynamische leeragenda").

``FRAME`` holds Tabel 4.2's kernvragen and indicatoren per cell, verbatim from the seed (the Netwerk ×
Institutionele verandering cell lists no indicatoren there). Frozen domain types only; the store maps rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from canvas.grouping import group_texts
from stakeholders.roles import Role

__all__ = [
    "FRAME",
    "MAX_FACTOR_LENGTH",
    "Dimension",
    "Factor",
    "FactorKind",
    "FrameCell",
    "LeervraagStatus",
    "Level",
    "Theme",
    "suggest_themes",
]

# A factor is a sticky note's length: one observation, read back in a room.
MAX_FACTOR_LENGTH = 300


class FactorKind(StrEnum):
    """Seed 003, Tabel 4.3: "Positieve impact op werking" / "Belemmerende impact op werking"."""

    BEVORDEREND = "bevorderend"
    BELEMMEREND = "belemmerend"

    @property
    def label(self) -> str:
        return {"bevorderend": "Bevorderend", "belemmerend": "Belemmerend"}[self.value]

    @property
    def icon(self) -> str:
        return {"bevorderend": "➕", "belemmerend": "➖"}[self.value]

    @property
    def question(self) -> str:
        return {
            "bevorderend": "Wat helpt de samenwerking vooruit?",
            "belemmerend": "Wat houdt de samenwerking tegen?",
        }[self.value]


class Dimension(StrEnum):
    """The columns of Tabel 4.2."""

    LEREN = "leren"
    HANDELEN = "handelen"
    INSTITUTIONEEL = "institutioneel"

    @property
    def label(self) -> str:
        return {"leren": "Leren", "handelen": "Handelen", "institutioneel": "Institutionele verandering"}[self.value]


class Level(StrEnum):
    """The rows of Tabel 4.2."""

    INDIVIDU = "individu"
    NETWERK = "netwerk"

    @property
    def label(self) -> str:
        return {"individu": "Individu", "netwerk": "Netwerk"}[self.value]


class FrameCell(BaseModel):
    model_config = ConfigDict(frozen=True)

    dimension: Dimension
    level: Level
    questions: tuple[str, ...]
    indicators: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.dimension.label} × {self.level.label}"


def _cell(dimension: Dimension, level: Level, questions: Sequence[str], indicators: Sequence[str]) -> FrameCell:
    return FrameCell(dimension=dimension, level=level, questions=tuple(questions), indicators=tuple(indicators))


FRAME: dict[tuple[Dimension, Level], FrameCell] = {
    (c.dimension, c.level): c
    for c in (
        _cell(
            Dimension.LEREN,
            Level.INDIVIDU,
            [
                "Wat vind je er van dat we nieuwe banen creëren voor werkzoekenden met een situationele afstand tot "
                "de arbeidsmarkt?",
                "Gaat jouw organisatie hier in mee?",
            ],
            [
                "Jouw doel",
                "Jouw belang (inclusief sense of urgency)",
                "Verwachtingen ten aanzien van opbrengsten en kosten (primair effect, neveneffect)",
                "Welke nieuwe dingen zie je gebeuren? (is het vernieuwend)",
                "Welke nieuwe inzichten heb je opgedaan?",
            ],
        ),
        _cell(
            Dimension.HANDELEN,
            Level.INDIVIDU,
            ["Wat heb je gedaan?", "Gaat jouw organisatie hier in mee?", "Wat was het effect?"],
            [
                "Werkwijze (hoe aangepakt, is het nieuw, snelheid van handelen (toe of af?))",
                "Betrekken van anderen",
                "Bevorderende en belemmerende factoren/randvoorwaarden",
                "Wat ben je van plan nu te gaan doen op basis van nieuwe inzichten?",
            ],
        ),
        _cell(
            Dimension.INSTITUTIONEEL,
            Level.INDIVIDU,
            ["Wat is er structureel veranderd?", "Is dit formeel bekrachtigd?"],
            [
                "Impact op taken en functies",
                "Impact op werkprocessen",
                "Impact op HR",
                "Afstemming met wet- en regelgeving",
                "Impact op doelen, normen en waarden",
            ],
        ),
        _cell(
            Dimension.LEREN,
            Level.NETWERK,
            ["Wat vind je van de samenwerking?"],
            [
                "Netwerksamenstelling (trekkers? Wie mist?)",
                "Gedeelde en tegenstrijdige belangen",
                "Gedeelde sense of urgency of niet",
                "Verwachting ten aanzien van samenwerking en ieders rol",
                "Onderling vertrouwen",
            ],
        ),
        _cell(
            Dimension.HANDELEN,
            Level.NETWERK,
            ["Hoe zag de samenwerking met partners er uit?", "Wat was het effect?"],
            [
                "Rolverdeling (wie deed wat?)",
                "Werkwijze (hoe aangepakt, is het nieuw, snelheid van handelen?)",
                "Belemmerende en bevorderende factoren/randvoorwaarden",
            ],
        ),
        _cell(
            Dimension.INSTITUTIONEEL,
            Level.NETWERK,
            ["Is de samenwerking structureel geworden?", "In welke vorm wordt dit geborgd?", "Op welk niveau geborgd?"],
            [],
        ),
    )
}


class LeervraagStatus(StrEnum):
    OPEN = "open"
    IN_BEHANDELING = "in_behandeling"
    BEANTWOORD = "beantwoord"

    @property
    def label(self) -> str:
        return {"open": "Open", "in_behandeling": "In behandeling", "beantwoord": "Beantwoord"}[self.value]

    @property
    def icon(self) -> str:
        return {"open": "❓", "in_behandeling": "⏳", "beantwoord": "✅"}[self.value]


class Factor(BaseModel):
    """One bevorderende or belemmerende factor named by a participant in one ronde."""

    model_config = ConfigDict(frozen=True)

    id: int
    workshop_id: int
    participant_id: int
    kind: FactorKind
    text: str
    role: Role
    organisation: str = ""
    author_name: str = ""
    theme_id: int | None = None
    deleted: bool = False
    created_at: datetime


class Theme(BaseModel):
    """A group of factors the facilitator named; a factor is in one theme at most."""

    model_config = ConfigDict(frozen=True)

    id: int
    workshop_id: int
    title: str
    factor_ids: tuple[int, ...] = ()
    created_at: datetime


def suggest_themes(factors: Sequence[Factor]) -> list[tuple[int, ...]]:
    """Groups of similar factors not yet in a theme (``canvas.grouping``), as factor ids, strongest first.

    Bevorderend and belemmerend are grouped together: "vertrouwen groeit" and "te weinig vertrouwen" are one
    theme with two sides. Advisory only: the facilitator makes a theme or not.
    """
    free = [f for f in factors if f.theme_id is None and not f.deleted]
    return [tuple(free[i].id for i in group) for group, _ in group_texts([f.text for f in free])]
