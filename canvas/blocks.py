"""The 18 blocks of the Sociale Innovatie Business Model Canvas (seed 001), as one registry.

Pages, exports and tests loop over ``BLOCKS``; nothing else in the code base names a block's title or
question.

Board grid (10 columns × 4 rows), following the Business Model Canvas that people recognise, with the
social-innovation blocks in a band of their own on top::

    row 1  | sociaal probleem | oplossing | bestaande alternatieven | governance | sociale impact meten |
    row 2  | samenwerkings-   | kern-     | sociale waarde-         | relaties   | begunstigden /       |
           | partners         | activit.  | propositie              |            | doelgroep            |
    row 3  |  (2 rows high)   | kern-     | commerciële waarde-     | kanalen    |  (2 rows high)       |
           |                  | bronnen   | propositie              |            |                      |
    row 4  | kosten | surplus             | opbrengsten | financiële ondersteuning | financiering   |

Every block is two columns wide; partners and beneficiaries are two rows high. Costs sit bottom-left and
revenues and funding bottom-right, as in the original canvas.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = [
    "BLOCKS",
    "BLOCK_ORDER",
    "BLOCKS_BY_ID",
    "GRID_COLUMNS",
    "GRID_ROWS",
    "WALK_ORDER",
    "Block",
    "Question",
    "UnknownBlock",
    "block",
]

GRID_COLUMNS = 10
GRID_ROWS = 4


class UnknownBlock(ValueError):
    """A block id that the registry does not know."""


class Question(StrEnum):
    """The four questions of the Perspectieven table (seed 001)."""

    WAARDEPROPOSITIE = "waardepropositie"
    VOOR_WIE = "voor_wie"
    HOE_GECREEERD = "hoe_gecreeerd"
    FINANCIERING = "financiering"

    @property
    def label(self) -> str:
        return QUESTION_LABELS[self]


QUESTION_LABELS: dict[Question, str] = {
    Question.WAARDEPROPOSITIE: "Wat is de waardepropositie?",
    Question.VOOR_WIE: "Voor wie wordt waarde gecreëerd?",
    Question.HOE_GECREEERD: "Hoe wordt waarde gecreëerd?",
    Question.FINANCIERING: "Hoe wordt dit gefinancierd?",
}


class Block(BaseModel):
    """One canvas block: its words from seed 001 and its place on the board."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    question: str
    feeds: Question
    row: int
    col: int
    row_span: int = 1
    col_span: int = 2
    band: str

    def cells(self) -> set[tuple[int, int]]:
        """The grid cells (row, column) this block covers."""
        return {
            (r, c) for r in range(self.row, self.row + self.row_span) for c in range(self.col, self.col + self.col_span)
        }


_Q = Question
BLOCKS: tuple[Block, ...] = (
    # Band of social innovation, row 1.
    Block(
        id="sociaal_probleem",
        title="Sociaal probleem / Sociale behoefte",
        question="Welk maatschappelijk probleem wordt (of welke problemen worden) met deze PPS aangepakt?",
        feeds=_Q.WAARDEPROPOSITIE,
        row=1,
        col=1,
        band="sociale innovatie",
    ),
    Block(
        id="oplossing",
        title="Oplossing",
        question="Welke oplossing biedt deze PPS en voor wie biedt dit een oplossing?",
        feeds=_Q.WAARDEPROPOSITIE,
        row=1,
        col=3,
        band="sociale innovatie",
    ),
    Block(
        id="bestaande_alternatieven",
        title="Bestaande alternatieven en initiatieven in het regionale ecosysteem",
        question=(
            "Hoe verhoudt deze PPS zich tot andere initiatieven in het regionale ecosysteem als het gaat om "
            "het specifieke sociale probleem dat wordt opgelost?"
        ),
        feeds=_Q.HOE_GECREEERD,
        row=1,
        col=5,
        band="sociale innovatie",
    ),
    Block(
        id="governance",
        title="Governance, risk & compliance",
        question="Welke governance structuur kent deze PPS en wat zijn de sterke en zwakke kanten van deze structuur?",
        feeds=_Q.HOE_GECREEERD,
        row=1,
        col=7,
        band="sociale innovatie",
    ),
    Block(
        id="sociale_impact",
        title="Sociale impact meten",
        question="Wat is de (beoogde) sociale impact van deze PPS en kan deze gemeten worden?",
        feeds=_Q.WAARDEPROPOSITIE,
        row=1,
        col=9,
        band="sociale innovatie",
    ),
    # Business model core, rows 2-3.
    Block(
        id="samenwerkingspartners",
        title="Samenwerkingspartners",
        question="Wie zijn de (kern)-partners voor de PPS en welke bijdrage (resources) leveren zij aan de PPS?",
        feeds=_Q.HOE_GECREEERD,
        row=2,
        col=1,
        row_span=2,
        band="bedrijfsmodel",
    ),
    Block(
        id="kernactiviteiten",
        title="Kernactiviteiten",
        question="Welke activiteiten zijn essentieel voor de ontwikkeling en uitvoering van het initiatief?",
        feeds=_Q.HOE_GECREEERD,
        row=2,
        col=3,
        band="bedrijfsmodel",
    ),
    Block(
        id="kernbronnen",
        title="Kernbronnen",
        question="Welke kernbronnen staan centraal voor de kernactiviteiten van de PPS?",
        feeds=_Q.HOE_GECREEERD,
        row=3,
        col=3,
        band="bedrijfsmodel",
    ),
    Block(
        id="sociale_waardepropositie",
        title="Sociale waardepropositie",
        question="Welke sociale waarde levert deze PPS en hoe is deze sociale waarde verdeeld over de partners?",
        feeds=_Q.WAARDEPROPOSITIE,
        row=2,
        col=5,
        band="bedrijfsmodel",
    ),
    Block(
        id="commerciele_waardepropositie",
        title="Commerciële waardepropositie",
        question=(
            "Welke commerciële waarde levert deze PPS en voor wie levert dit in het bijzonder commerciële waarde op?"
        ),
        feeds=_Q.WAARDEPROPOSITIE,
        row=3,
        col=5,
        band="bedrijfsmodel",
    ),
    Block(
        id="relaties",
        title="Relaties",
        question=(
            "Welke relaties onderhoudt de PPS met externe stakeholders en doelgroep en welke relaties hebben "
            "de partners met elkaar?"
        ),
        feeds=_Q.VOOR_WIE,
        row=2,
        col=7,
        band="bedrijfsmodel",
    ),
    Block(
        id="kanalen",
        title="Kanalen",
        question=(
            "Via welke kanalen bereikt deze PPS de begunstigden en via welke kanalen bereikt de PPS de financiers?"
        ),
        feeds=_Q.VOOR_WIE,
        row=3,
        col=7,
        band="bedrijfsmodel",
    ),
    Block(
        id="begunstigden",
        title="Begunstigden / doelgroep",
        question="Wie zijn de begunstigden van de PPS?",
        feeds=_Q.VOOR_WIE,
        row=2,
        col=9,
        row_span=2,
        band="bedrijfsmodel",
    ),
    # Money, row 4: costs left, revenues and funding right.
    Block(
        id="kosten",
        title="Kosten (euro)",
        question=(
            "Welke kosten zijn er te onderscheiden en in hoeverre kunnen deze kosten gedekt worden door "
            "partners of andere stakeholders?"
        ),
        feeds=_Q.FINANCIERING,
        row=4,
        col=1,
        band="geld",
    ),
    Block(
        id="surplus",
        title="Surplus (euro)",
        question="In hoeverre is de PPS in staat om surplus op de opbrengsten te genereren en te herinvesteren?",
        feeds=_Q.FINANCIERING,
        row=4,
        col=3,
        band="geld",
    ),
    Block(
        id="opbrengsten",
        title="Opbrengsten (euro)",
        question="Waar komen de opbrengsten vandaan?",
        feeds=_Q.FINANCIERING,
        row=4,
        col=5,
        band="geld",
    ),
    Block(
        id="financiele_ondersteuning",
        title="Financiële ondersteuning",
        question="Wie financiert het initiatief en/of de samenwerking?",
        feeds=_Q.FINANCIERING,
        row=4,
        col=7,
        band="geld",
    ),
    Block(
        id="financiering",
        title="Financiering (euro)",
        question="Hoe is de PPS gefinancierd?",
        feeds=_Q.FINANCIERING,
        row=4,
        col=9,
        band="geld",
    ),
)

BLOCKS_BY_ID: dict[str, Block] = {b.id: b for b in BLOCKS}

# Canvas order (the order of ``BLOCKS``) as a sort key: block id -> its place. Lists of notes, the
# Perspectieven entries and the Antwoorden sheet are sorted by it.
BLOCK_ORDER: dict[str, int] = {b.id: i for i, b in enumerate(BLOCKS)}

# The order in which a participant is walked through the canvas: from why (problem, solution) to whom
# (beneficiaries, relations, channels), to how (partners, activities, resources, governance, the
# ecosystem, impact) and last the money, which people find hardest and answer best once the rest is said.
WALK_ORDER: tuple[str, ...] = (
    "sociaal_probleem",
    "oplossing",
    "begunstigden",
    "sociale_waardepropositie",
    "commerciele_waardepropositie",
    "samenwerkingspartners",
    "kernactiviteiten",
    "kernbronnen",
    "relaties",
    "kanalen",
    "bestaande_alternatieven",
    "governance",
    "sociale_impact",
    "kosten",
    "financiele_ondersteuning",
    "financiering",
    "opbrengsten",
    "surplus",
)


def block(block_id: str) -> Block:
    """The block with this id, or ``UnknownBlock``."""
    try:
        return BLOCKS_BY_ID[block_id]
    except KeyError:
        raise UnknownBlock(f"Onbekend blok: {block_id!r}") from None
