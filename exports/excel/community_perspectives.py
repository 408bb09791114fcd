"""Sheet Perspectieven of the community workbook: the merged table, rows × the four questions, like seed 001.

Each cell lists its groups: "• text — samenwerking"; a bullet that another member said alike follows its group
on a line starting with "≈" (``canvas.community.group_similar``).
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from canvas.blocks import Question
from canvas.community import GEDEELD_ROW, BulletGroup, CommunitySnapshot, merged_table, row_label
from exports.excel.community_common import title, widths
from exports.excel.sizing import fit_rows
from exports.excel.styles import BOLD, WRAP_TOP, header, print_setup, put_text, role_fill, role_font
from stakeholders.roles import Role

__all__ = ["cell_text", "perspectives_sheet"]


def cell_text(groups: tuple[BulletGroup, ...]) -> str:
    lines = []
    for group in groups:
        for i, b in enumerate(group.bullets):
            author = f", {b.author}" if b.author else ""
            lines.append(f"{'•' if i == 0 else '  ≈'} {b.text} — {b.samenwerking}{author}")
    return "\n".join(lines)


def perspectives_sheet(ws: Worksheet, snapshot: CommunitySnapshot) -> None:
    table = merged_table(snapshot.perspectives)
    title(
        ws,
        f"Perspectieven · {snapshot.community.name}",
        "Samengevoegd over de samenwerkingen; elk punt met de samenwerking waar het vandaan komt. "
        "≈ : een andere samenwerking zei hetzelfde.",
    )
    header(ws, 4, ["", *(q.label for q in Question)])
    widths(ws, [22, 48, 48, 48, 48])
    r = 5
    for row in table.rows:
        label = put_text(ws.cell(r, 1), row_label(row))
        label.alignment = WRAP_TOP
        if row == GEDEELD_ROW:
            label.font = BOLD
        else:
            label.fill, label.font = role_fill(Role(row)), role_font(Role(row), bold=True)
        for c, question in enumerate(Question, start=2):
            text = cell_text(table.cell(row, question))
            cell = put_text(ws.cell(r, c), text or "—", "Een punt in de perspectieventabel")
            cell.alignment = WRAP_TOP
        r += 1
    fit_rows(ws, 4, max(4, r - 1))
    ws.freeze_panes = "B5"
    print_setup(ws, title_rows="4:4")
