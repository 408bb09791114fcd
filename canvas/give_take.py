"""Halen en brengen (seed 001, lesson 8): what each stakeholder brings to the partnership and what it gets.

"Faciliteer dat partners doorlopend inzicht hebben in ieders belangen, zodat er een balans gevonden wordt
tussen 'halen en brengen' in de samenwerking." The canvas does not ask this directly, but several blocks
answer it: some ask what a partner puts in, others what a partner gets out. ``GIVE_TAKE`` is the one mapping
of the code base (charts, slides, poster and the Perspectieven page all read it); every choice is explained
next to it.

A stakeholder's live notes in a *brengen* block count as bringing, in a *halen* block as getting; the other
blocks (problem, solution, alternatives, governance, impact, relations, channels, financial support) describe
the PPS as a whole and count for neither. A stakeholder that only brings is at risk of dropping out ("als
leden geen waar voor hun geld krijgen", seed 001); one that only gets leans on the others. Both are flagged
(``balance``), so the facilitator can ask about the other side.

Pure: stdlib and pydantic only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from canvas.blocks import BLOCKS, BLOCKS_BY_ID
from canvas.model import Note
from stakeholders.roles import Role, role_info

__all__ = [
    "BRINGS",
    "GETS",
    "GIVE_TAKE",
    "Balance",
    "Side",
    "StakeholderBalance",
    "balance",
    "blocks_of",
    "give_take",
    "side_of",
]


class Side(StrEnum):
    BRENGEN = "brengen"
    HALEN = "halen"

    @property
    def label(self) -> str:
        return {Side.BRENGEN: "Brengt in", Side.HALEN: "Haalt op"}[self]


GIVE_TAKE: dict[str, Side] = {
    # -- brengen: what a partner puts into the PPS ----------------------------------------------------
    # The block's own question: "welke bijdrage (resources) leveren zij aan de PPS?"
    "samenwerkingspartners": Side.BRENGEN,
    # The work a partner does for the PPS: time and effort ("de investering zit vooral in de uren", seed 001).
    "kernactiviteiten": Side.BRENGEN,
    # People, knowledge, places, networks a partner makes available for the core activities.
    "kernbronnen": Side.BRENGEN,
    # Costs a partner carries ("in hoeverre kunnen deze kosten gedekt worden door partners").
    "kosten": Side.BRENGEN,
    # Money a partner puts in ("Hoe is de PPS gefinancierd?": a bijdrage in euro of natura).
    "financiering": Side.BRENGEN,
    # -- halen: what a partner gets out of it ------------------------------------------------------------
    # "Welke sociale waarde levert deze PPS en hoe is deze verdeeld over de partners?"
    "sociale_waardepropositie": Side.HALEN,
    # "... voor wie levert dit in het bijzonder commerciële waarde op?"
    "commerciele_waardepropositie": Side.HALEN,
    # Who benefits: a partner naming its own staff, students or clients names what it gets.
    "begunstigden": Side.HALEN,
    # Revenues and savings (the opportunity costs of seed 001) that come back.
    "opbrengsten": Side.HALEN,
    # What is left over to reinvest.
    "surplus": Side.HALEN,
    # Not mapped, on purpose: sociaal_probleem, oplossing, bestaande_alternatieven, governance, sociale_impact,
    # relaties and kanalen describe the partnership as a whole (why, how it is run, who it reaches), and
    # financiele_ondersteuning ("wie financiert het initiatief?") names outside funds, not one side's share.
}

assert set(GIVE_TAKE) <= set(BLOCKS_BY_ID), "give_take names a block the registry does not know"


def blocks_of(side: Side) -> tuple[str, ...]:
    """The blocks on one side, in canvas order."""
    return tuple(b.id for b in BLOCKS if GIVE_TAKE.get(b.id) is side)


# What a side puts in and what it gets, in canvas order (the slides and the poster list them).
BRINGS: tuple[str, ...] = blocks_of(Side.BRENGEN)
GETS: tuple[str, ...] = blocks_of(Side.HALEN)


def side_of(block_id: str) -> Side | None:
    """Whether a block counts as brengen or halen, or ``None`` for the blocks about the PPS as a whole."""
    return GIVE_TAKE.get(block_id)


def give_take(notes: Iterable[Note]) -> dict[Side, Counter[Role]]:
    """Live notes per side and stakeholder: how much each side says it brings and how much it gets."""
    out: dict[Side, Counter[Role]] = {s: Counter() for s in Side}
    for n in notes:
        side = GIVE_TAKE.get(n.block_id)
        if side is not None and not n.deleted:
            out[side][n.role] += 1
    return out


class StakeholderBalance(BaseModel):
    """One stakeholder's notes on what it brings against what it gets."""

    model_config = ConfigDict(frozen=True)

    role: Role
    brings: int
    gets: int

    @property
    def only_brings(self) -> bool:
        return self.brings > 0 and self.gets == 0

    @property
    def only_gets(self) -> bool:
        return self.gets > 0 and self.brings == 0

    @property
    def flag(self) -> str:
        """A Dutch warning for a one-sided stakeholder (starting with its name), or ``""``."""
        label = role_info(self.role).label
        if self.only_brings:
            return f"{label} brengt alleen in: wat haalt deze kant uit de samenwerking?"
        if self.only_gets:
            return f"{label} haalt alleen op: wat brengt deze kant in?"
        return ""


class Balance(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: tuple[StakeholderBalance, ...]

    def of(self, role: Role) -> StakeholderBalance:
        return next(r for r in self.rows if r.role is role)

    def flagged(self) -> list[StakeholderBalance]:
        return [r for r in self.rows if r.flag]


def balance(notes: Iterable[Note], roles: Sequence[Role]) -> Balance:
    """Per stakeholder (in the order given), live notes in brengen blocks against live notes in halen blocks."""
    sides = give_take(n for n in notes if n.role in roles)
    return Balance(
        rows=tuple(StakeholderBalance(role=r, brings=sides[Side.BRENGEN][r], gets=sides[Side.HALEN][r]) for r in roles)
    )
