"""The Canvas sheet: the board in its grid, each block a boxed region, notes coloured per stakeholder."""

from __future__ import annotations

from functools import cache

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Border
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from canvas.blocks import BLOCKS, GRID_COLUMNS, GRID_ROWS, Block
from canvas.merge import by_block
from canvas.model import Note, SharedConclusion, Workshop
from canvas.text import isolate
from exports.excel.openpyxl_speedups import (
    RichText,
)
from exports.excel.sizing import count_lines
from exports.excel.styles import (
    BLOCK_TITLE_FILL,
    BLOCK_TITLE_FONT,
    CENTERED,
    FONT_NAME,
    MAX_ROW_HEIGHT,
    MEDIUM,
    THIN,
    WRAP_CENTER,
    WRAP_TOP,
    argb,
    cell_font,
    checked,
    label_colour,
    note_what,
    print_setup,
    put_text,
    role_fill,
    role_font,
)
from stakeholders.roles import ROLES, Role, role_info

# Canvas: width of one grid column in Excel character units, the note font size and its line height.
CANVAS_COLUMN_WIDTH = 19

CANVAS_FONT_SIZE = 9

CANVAS_LINE_HEIGHT = 11.5


def canvas_sheet(
    ws: Worksheet, workshop: Workshop, notes: list[Note], conclusions: dict[str, SharedConclusion]
) -> None:
    """The board: each block a boxed region in its grid place, a title row over a body of notes."""
    put_text(ws.cell(1, 1), f"Canvas · {isolate(workshop.heading)}").font = cell_font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=GRID_COLUMNS)
    _legend(ws, 2)
    ws.row_dimensions[1].height = 22
    ws.row_dimensions[2].height = 18

    def title_row(grid_row: int) -> int:
        return 3 + 2 * (grid_row - 1)

    grouped = by_block(notes)
    needed: dict[str, float] = {}
    for blk in BLOCKS:
        top, left = title_row(blk.row), blk.col
        bottom = title_row(blk.row + blk.row_span - 1) + 1
        right = blk.col + blk.col_span - 1
        title = put_text(ws.cell(top, left), blk.title)
        title.font = BLOCK_TITLE_FONT
        title.fill = BLOCK_TITLE_FILL
        title.alignment = WRAP_CENTER
        ws.merge_cells(start_row=top, start_column=left, end_row=top, end_column=right)
        body = ws.cell(top + 1, left)
        text, paragraphs = _block_text(blk, grouped[blk.id], conclusions.get(blk.id))
        body.value = text
        body.alignment = WRAP_TOP
        ws.merge_cells(start_row=top + 1, start_column=left, end_row=bottom, end_column=right)
        _box(ws, top, left, bottom, right)
        for r in range(top, top + 1):
            for c in range(left, right + 1):
                ws.cell(r, c).fill = BLOCK_TITLE_FILL
        chars = int(CANVAS_COLUMN_WIDTH * blk.col_span * 11 / CANVAS_FONT_SIZE)
        needed[blk.id] = count_lines(paragraphs, chars) * CANVAS_LINE_HEIGHT + 8

    title_heights = dict.fromkeys(range(1, GRID_ROWS + 1), 28.0)
    body_heights = dict.fromkeys(range(1, GRID_ROWS + 1), 60.0)
    for blk in sorted(BLOCKS, key=lambda b: b.row_span):
        span = range(blk.row, blk.row + blk.row_span)
        have = sum(body_heights[r] for r in span) + sum(title_heights[r] for r in span[1:])
        if needed[blk.id] > have:
            body_heights[span[-1]] += needed[blk.id] - have
    for r in range(1, GRID_ROWS + 1):
        ws.row_dimensions[title_row(r)].height = title_heights[r]
        ws.row_dimensions[title_row(r) + 1].height = min(body_heights[r], MAX_ROW_HEIGHT)
    for c in range(1, GRID_COLUMNS + 1):
        ws.column_dimensions[get_column_letter(c)].width = CANVAS_COLUMN_WIDTH
    print_setup(ws, title_rows="1:2", fit_height=True)


def _legend(ws: Worksheet, row: int) -> None:
    roles = list(Role)
    width = GRID_COLUMNS // len(roles)
    for i, role in enumerate(roles):
        col = 1 + i * width
        cell = put_text(ws.cell(row, col), ROLES[role].label)
        cell.alignment = CENTERED
        for c in range(col, col + width):
            ws.cell(row, c).fill = role_fill(role)
        cell.font = role_font(role, bold=True)
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + width - 1)


def _block_text(
    blk: Block, notes: list[Note], conclusion: SharedConclusion | None
) -> tuple[CellRichText | str, list[str]]:
    """The body of a block: the gedeeld perspectief on top, then every note after a square in its colour."""
    if not notes and conclusion is None:
        return "", []
    parts: list[TextBlock | str] = []
    paragraphs: list[str] = []
    if conclusion is not None:
        checked(conclusion.text, f"Het gedeeld perspectief van blok {blk.title}")
        parts.append(TextBlock(_font(b=True), "Gedeeld perspectief: "))
        parts.append(TextBlock(_font(i=True), isolate(conclusion.text) + "\n"))
        paragraphs.append("Gedeeld perspectief: " + isolate(conclusion.text))
        if notes:
            parts.append(TextBlock(_font(sz=4), "\n"))
            paragraphs.append("")
    for note in notes:
        info = role_info(note.role)
        label = note.role_label
        checked(note.text, note_what(note))
        checked(label, note_what(note))
        parts.append(TextBlock(_font(color=argb(info.colour)), "■ "))
        parts.append(TextBlock(_font(color=argb(label_colour(note.role)), b=True), isolate(label)))
        parts.append(TextBlock(_font(), ": " + isolate(note.text) + "\n"))
        paragraphs.append(f"■ {isolate(label)}: {isolate(note.text)}")
    # No line break after the last note: it would add an empty line to the block.
    last = parts[-1]
    assert isinstance(last, TextBlock)
    parts[-1] = TextBlock(last.font, last.text.removesuffix("\n"))
    return RichText(parts), paragraphs


@cache
def _font(**kwargs: object) -> InlineFont:
    """A rich-text font, made once per kind and shared by every run of text in that kind (never changed)."""
    settings: dict[str, object] = {"rFont": FONT_NAME, "sz": CANVAS_FONT_SIZE, **kwargs}
    return InlineFont(**settings)


def _box(ws: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    """A medium border around a merged region (each edge cell carries its own part)."""
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            ws.cell(r, c).border = _box_border(c == left, c == right, r - top, r == bottom)


@cache
def _box_border(left: bool, right: bool, below_top: int, bottom: bool) -> Border:
    return Border(
        left=MEDIUM if left else None,
        right=MEDIUM if right else None,
        top=MEDIUM if below_top == 0 else (THIN if below_top == 1 else None),
        bottom=MEDIUM if bottom else None,
    )
