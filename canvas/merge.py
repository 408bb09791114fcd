"""Turn notes into the Perspectieven table of seed 001 and into a coverage summary.

Pure functions over domain objects: no storage, no UI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from canvas.blocks import BLOCK_ORDER, BLOCKS, BLOCKS_BY_ID, Question
from canvas.model import Note
from stakeholders.roles import MAIN_ROLES, Role

__all__ = ["Coverage", "Entry", "PerspectivesTable", "by_block", "coverage", "merge"]


class Entry(BaseModel):
    """One line in a cell of the perspectives table, with its provenance."""

    model_config = ConfigDict(frozen=True)

    text: str
    block_id: str
    block_title: str
    author_name: str
    author_organisation: str
    role: Role
    sub_role: str
    note_id: int


class PerspectivesTable(BaseModel):
    """Stakeholder rows × the four questions; every cell a list of entries (empty when nobody spoke)."""

    model_config = ConfigDict(frozen=True)

    rows: tuple[Role, ...]
    cells: dict[Role, dict[Question, tuple[Entry, ...]]]

    def cell(self, role: Role, question: Question) -> tuple[Entry, ...]:
        return self.cells[role][question]

    def empty_cells(self) -> list[tuple[Role, Question]]:
        return [(r, q) for r in self.rows for q in Question if not self.cells[r][q]]


def merge(notes: Iterable[Note], roles: Iterable[Role] = MAIN_ROLES) -> PerspectivesTable:
    """The perspectives table: the three rows of seed 001 always, and a row for every other role that wrote.

    Deleted notes are left out. Entries keep the canvas order of their blocks, then the order written.
    """
    live = sorted(
        (n for n in notes if not n.deleted),
        key=lambda n: (BLOCK_ORDER[n.block_id], n.created_at, n.id),
    )
    rows = list(roles)
    for n in live:
        if n.role not in rows:
            rows.append(n.role)
    rows.sort(key=list(Role).index)
    cells: dict[Role, dict[Question, list[Entry]]] = {r: {q: [] for q in Question} for r in rows}
    for n in live:
        b = BLOCKS_BY_ID[n.block_id]
        cells[n.role][b.feeds].append(
            Entry(
                text=n.text,
                block_id=b.id,
                block_title=b.title,
                author_name=n.author_name,
                author_organisation=n.author_organisation,
                role=n.role,
                sub_role=n.sub_role,
                note_id=n.id,
            )
        )
    return PerspectivesTable(
        rows=tuple(rows),
        cells={r: {q: tuple(v) for q, v in per_q.items()} for r, per_q in cells.items()},
    )


class Coverage(BaseModel):
    """How many live notes each stakeholder gave in each block."""

    model_config = ConfigDict(frozen=True)

    counts: dict[str, dict[Role, int]]

    def count(self, block_id: str, role: Role) -> int:
        return self.counts[block_id].get(role, 0)

    def roles_in(self, block_id: str) -> set[Role]:
        return {r for r, c in self.counts[block_id].items() if c}

    def single_voice_blocks(self) -> list[str]:
        """Blocks only one stakeholder answered: the ones a facilitator should ask the others about."""
        return [b.id for b in BLOCKS if len(self.roles_in(b.id)) == 1]

    def per_question(self) -> dict[Question, Counter[Role]]:
        """Notes per stakeholder for each perspective question: the balance of 'halen en brengen'."""
        out: dict[Question, Counter[Role]] = {q: Counter() for q in Question}
        for block_id, per_role in self.counts.items():
            out[BLOCKS_BY_ID[block_id].feeds].update(per_role)
        return out


def coverage(notes: Iterable[Note]) -> Coverage:
    counts: dict[str, Counter[Role]] = {b.id: Counter() for b in BLOCKS}
    for n in notes:
        if not n.deleted:
            counts[n.block_id][n.role] += 1
    return Coverage(counts={b: dict(c) for b, c in counts.items()})


def by_block(notes: Iterable[Note]) -> dict[str, list[Note]]:
    """Notes grouped per block, every block present (in canvas order), notes in the order given."""
    out: dict[str, list[Note]] = {b.id: [] for b in BLOCKS}
    for n in notes:
        out[n.block_id].append(n)
    return out
