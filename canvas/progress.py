"""How far a workshop is: who joined, how much each wrote, which notes the room does not see yet.

Pure functions over domain objects, for the facilitator's screens: no storage, no UI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from canvas.blocks import BLOCKS, WALK_ORDER
from canvas.model import Note, Participant, Workshop
from stakeholders.roles import MAIN_ROLES, Role

__all__ = [
    "ParticipantProgress",
    "hidden_per_block",
    "neighbours",
    "participant_progress",
    "role_counts",
    "roles_to_show",
]


class ParticipantProgress(BaseModel):
    """One participant and how much of the canvas they answered."""

    model_config = ConfigDict(frozen=True)

    participant: Participant
    notes: int
    blocks: int


def participant_progress(participants: Iterable[Participant], notes: Iterable[Note]) -> list[ParticipantProgress]:
    """Every participant in the order given, with their live notes and the number of blocks they answered."""
    count: Counter[int] = Counter()
    blocks: dict[int, set[str]] = {}
    for n in notes:
        if n.deleted:
            continue
        count[n.participant_id] += 1
        blocks.setdefault(n.participant_id, set()).add(n.block_id)
    return [
        ParticipantProgress(participant=p, notes=count[p.id], blocks=len(blocks.get(p.id, ()))) for p in participants
    ]


def role_counts(participants: Iterable[Participant]) -> dict[Role, int]:
    """How many joined per stakeholder, every role present (zero when nobody of that side joined)."""
    counted = Counter(p.role for p in participants)
    return {r: counted[r] for r in Role}


def roles_to_show(notes: Iterable[Note]) -> tuple[Role, ...]:
    """The three main stakeholders always, then any other role that wrote, in registry order."""
    present = set(MAIN_ROLES) | {n.role for n in notes if not n.deleted}
    return tuple(r for r in Role if r in present)


def hidden_per_block(notes: Iterable[Note], workshop: Workshop) -> dict[str, int]:
    """Live notes the room does not see yet, per block (blocks without hidden notes left out)."""
    hidden = Counter(n.block_id for n in notes if not n.deleted and not workshop.is_revealed(n.block_id))
    return {b.id: hidden[b.id] for b in BLOCKS if hidden[b.id]}


def neighbours(block_id: str, order: Sequence[str] = WALK_ORDER) -> tuple[str | None, str | None]:
    """The block before and after this one when stepping through the canvas (``None`` at either end)."""
    i = order.index(block_id)
    return (order[i - 1] if i > 0 else None, order[i + 1] if i + 1 < len(order) else None)
