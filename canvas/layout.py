"""How the canvas board is laid out on screen, derived from the block registry (no UI library here).

The board is drawn as three horizontal sections (the social-innovation band, the business-model core and
the money row). Inside a section, blocks that share columns are stacked; a block two rows high gets the
height of two.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from canvas.blocks import BLOCKS, GRID_COLUMNS, Block

__all__ = ["Column", "Section", "SECTIONS", "sections"]


class Column(BaseModel):
    model_config = ConfigDict(frozen=True)

    width: int
    blocks: tuple[Block, ...]


class Section(BaseModel):
    model_config = ConfigDict(frozen=True)

    band: str
    rows: int
    columns: tuple[Column, ...]


def sections() -> tuple[Section, ...]:
    """The board as sections of columns, each column a stack of blocks, from ``BLOCKS``."""
    out: list[Section] = []
    for band in dict.fromkeys(b.band for b in BLOCKS):
        members = [b for b in BLOCKS if b.band == band]
        first_row = min(b.row for b in members)
        last_row = max(b.row + b.row_span - 1 for b in members)
        columns: list[Column] = []
        col = 1
        while col <= GRID_COLUMNS:
            stack = sorted((b for b in members if b.col == col), key=lambda b: b.row)
            width = stack[0].col_span if stack else 1
            columns.append(Column(width=width, blocks=tuple(stack)))
            col += width
        out.append(Section(band=band, rows=last_row - first_row + 1, columns=tuple(columns)))
    return tuple(out)


SECTIONS = sections()
