"""Sheet Perspectieven of the community workbook: the merged table, rows × the four questions, like seed 001.

Each cell lists its groups: "• text — samenwerking"; a bullet that another member said alike follows its group
on a line starting with "≈" (``canvas.community.group_similar``). A stakeholder with more than one sheet row can
hold (Excel's rows stop at 409 points) goes on over the next rows, its label repeated with "(vervolg)"; a
group is never split over two rows.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from canvas.blocks import Question
from canvas.community import GEDEELD_ROW, BulletGroup, CommunitySnapshot, merged_table, row_label
from exports.excel.community_common import title, widths
from exports.excel.sizing import chars_per_line, count_lines, fit_rows
from exports.excel.styles import BOLD, WRAP_TOP, header, print_setup, put_text, role_fill, role_font
from stakeholders.roles import Role

__all__ = ["cell_text", "perspectives_sheet"]


# Wrapped lines that fit in one row at the tallest row height Excel allows (409 points, 15 per line), with room.
LINES_PER_ROW = 24
COLUMN_WIDTH = 48


def group_lines(group: BulletGroup) -> list[str]:
    lines = []
    for i, b in enumerate(group.bullets):
        author = f", {b.author}" if b.author else ""
        lines.append(f"{'•' if i == 0 else '  ≈'} {b.text} — {b.samenwerking}{author}")
    return lines


def cell_text(groups: tuple[BulletGroup, ...]) -> str:
    return "\n".join(line for group in groups for line in group_lines(group))


def split_cell(groups: tuple[BulletGroup, ...], *, lines_per_row: int = LINES_PER_ROW) -> list[str]:
    """A cell's text in pieces that each fit one sheet row (at least one piece, perhaps empty)."""
    pieces: list[list[str]] = [[]]
    used = 0
    for group in groups:
        lines = group_lines(group)
        size = count_lines(lines, chars_per_line(COLUMN_WIDTH))
        if pieces[-1] and used + size > lines_per_row:
            pieces.append([])
            used = 0
        pieces[-1] += lines
        used += size
    return ["\n".join(p) for p in pieces]


def perspectives_sheet(ws: Worksheet, snapshot: CommunitySnapshot) -> None:
    table = merged_table(snapshot.perspectives)
    title(
        ws,
        f"Perspectieven · {snapshot.community.name}",
        "Samengevoegd over de samenwerkingen; elk punt met de samenwerking waar het vandaan komt. "
        "≈ : een andere samenwerking zei hetzelfde.",
    )
    header(ws, 4, ["", *(q.label for q in Question)])
    widths(ws, [22, *([COLUMN_WIDTH] * 4)])
    r = 5
    for row in table.rows:
        pieces = {q: split_cell(table.cell(row, q)) for q in Question}
        for part in range(max(len(p) for p in pieces.values())):
            label = put_text(ws.cell(r, 1), row_label(row) + (" (vervolg)" if part else ""))
            label.alignment = WRAP_TOP
            if row == GEDEELD_ROW:
                label.font = BOLD
            else:
                label.fill, label.font = role_fill(Role(row)), role_font(Role(row), bold=True)
            for c, question in enumerate(Question, start=2):
                mine = pieces[question]
                text = mine[part] if part < len(mine) else ""
                cell = put_text(ws.cell(r, c), text or ("—" if part == 0 else ""), "Een punt in de perspectieventabel")
                cell.alignment = WRAP_TOP
            r += 1
    fit_rows(ws, 4, max(4, r - 1))
    ws.freeze_panes = "B5"
    print_setup(ws, title_rows="4:4")
