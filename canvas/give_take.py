"""Halen en brengen: which blocks say what a stakeholder brings to the PPS and which what it gets out of it.

A first, simple mapping (issue 15), kept in this one place so that charts and exports agree and a better one
can replace it: a note in a *brengen* block is counted as something its writer's side brings, a note in a
*halen* block as something that side gets. The other blocks (problem, solution, ecosystem, governance,
impact, relations, channels, financial support) describe the PPS as a whole and count for neither.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

from canvas.blocks import BLOCKS_BY_ID
from canvas.model import Note
from stakeholders.roles import Role

__all__ = ["BRINGS", "GETS", "Side", "give_take", "side_of"]


class Side(StrEnum):
    BRENGEN = "brengen"
    HALEN = "halen"

    @property
    def label(self) -> str:
        return {Side.BRENGEN: "Brengt in", Side.HALEN: "Haalt op"}[self]


# What a side puts in: partners and their resources, the work, the means, the costs it carries, its money.
BRINGS: tuple[str, ...] = ("samenwerkingspartners", "kernactiviteiten", "kernbronnen", "kosten", "financiering")
# What a side gets: the social and commercial value, being (or serving) a beneficiary, revenues, surplus.
GETS: tuple[str, ...] = (
    "sociale_waardepropositie",
    "commerciele_waardepropositie",
    "begunstigden",
    "opbrengsten",
    "surplus",
)

_SIDE: dict[str, Side] = {**dict.fromkeys(BRINGS, Side.BRENGEN), **dict.fromkeys(GETS, Side.HALEN)}
assert set(_SIDE) <= set(BLOCKS_BY_ID), "give_take names a block the registry does not know"


def side_of(block_id: str) -> Side | None:
    """Whether a block counts as brengen or halen, or ``None`` for the blocks about the PPS as a whole."""
    return _SIDE.get(block_id)


def give_take(notes: Iterable[Note]) -> dict[Side, Counter[Role]]:
    """Live notes per side and stakeholder: how much each side says it brings and how much it gets."""
    out: dict[Side, Counter[Role]] = {s: Counter() for s in Side}
    for n in notes:
        side = _SIDE.get(n.block_id)
        if side is not None and not n.deleted:
            out[side][n.role] += 1
    return out
