"""Halen en brengen (seed 001, lesson 8): what each stakeholder brings to the partnership and what it gets.

"Faciliteer dat partners doorlopend inzicht hebben in ieders belangen, zodat er een balans gevonden wordt
tussen 'halen en brengen' in de samenwerking." The canvas does not ask this directly, but several blocks
answer it: some blocks ask what a partner puts in, others what a partner gets out. ``GIVE_TAKE`` is the
one mapping of the code base; every choice is explained next to it.

A stakeholder's notes in a *brengen* block count as bringing, in a *halen* block as getting. A stakeholder
that only brings is at risk of dropping out ("als leden geen waar voor hun geld krijgen", seed 001); one
that only gets leans on the others. Both are flagged, so the facilitator can ask about the other side.

Pure: stdlib and pydantic only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from canvas.blocks import BLOCKS, BLOCKS_BY_ID
from canvas.model import Note
from stakeholders.roles import Role, role_info

__all__ = ["GIVE_TAKE", "Balance", "Side", "StakeholderBalance", "balance", "blocks_of"]


class Side(StrEnum):
    BRENGEN = "brengen"
    HALEN = "halen"

    @property
    def label(self) -> str:
        return {Side.BRENGEN: "Brengt", Side.HALEN: "Haalt"}[self]


GIVE_TAKE: dict[str, Side] = {
    # -- brengen: what a partner puts into the PPS ----------------------------------------------------
    # The block's own question: "welke bijdrage (resources) leveren zij aan de PPS?"
    "samenwerkingspartners": Side.BRENGEN,
    # People, knowledge, places, networks a partner makes available for the core activities.
    "kernbronnen": Side.BRENGEN,
    # The work a partner does for the PPS: time and effort ("de investering zit vooral in de uren", seed 001).
    "kernactiviteiten": Side.BRENGEN,
    # Costs a partner carries ("in hoeverre kunnen deze kosten gedekt worden door partners").
    "kosten": Side.BRENGEN,
    # Money a partner puts in ("Hoe is de PPS gefinancierd?": a bijdrage in euro of natura).
    "financiering": Side.BRENGEN,
    # "Wie financiert het initiatief?": a stakeholder answering names the subsidy or fund it brings in
    # (RIF, trajectsubsidies, scholingsfondsen). Seen from the one who answers, that is bringing.
    "financiele_ondersteuning": Side.BRENGEN,
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
    # Not mapped, on purpose: sociaal_probleem, oplossing, bestaande_alternatieven, governance,
    # sociale_impact, relaties and kanalen describe the partnership as a whole (why, how it is run, who it
    # reaches), not what one side gives or takes.
}

assert set(GIVE_TAKE) <= set(BLOCKS_BY_ID), "GIVE_TAKE names a block the registry does not know"


def blocks_of(side: Side) -> tuple[str, ...]:
    """The blocks on one side, in canvas order."""
    return tuple(b.id for b in BLOCKS if GIVE_TAKE.get(b.id) is side)


class StakeholderBalance(BaseModel):
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
        """A Dutch warning for a one-sided stakeholder, or ``""`` when it brings and gets (or said nothing)."""
        label = role_info(self.role).label
        if self.only_brings:
            return f"{label} brengt alleen: wat haalt deze kant uit de samenwerking?"
        if self.only_gets:
            return f"{label} haalt alleen: wat brengt deze kant in?"
        return ""


class Balance(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: tuple[StakeholderBalance, ...]

    def of(self, role: Role) -> StakeholderBalance:
        return next(r for r in self.rows if r.role is role)

    def flagged(self) -> list[StakeholderBalance]:
        return [r for r in self.rows if r.flag]


def balance(notes: Iterable[Note], roles: Sequence[Role]) -> Balance:
    """Per stakeholder, live notes in brengen blocks against live notes in halen blocks."""
    brings = dict.fromkeys(roles, 0)
    gets = dict.fromkeys(roles, 0)
    for n in notes:
        if n.deleted or n.role not in brings:
            continue
        side = GIVE_TAKE.get(n.block_id)
        if side is Side.BRENGEN:
            brings[n.role] += 1
        elif side is Side.HALEN:
            gets[n.role] += 1
    return Balance(rows=tuple(StakeholderBalance(role=r, brings=brings[r], gets=gets[r]) for r in roles))
