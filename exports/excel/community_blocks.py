"""Sheet Blokken of the community workbook: one canvas block per row, one member per column (current ronde)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from canvas.blocks import BLOCKS
from canvas.community import BlockColumn, CommunitySnapshot, block_side_by_side
from exports.excel.community_common import title, widths
from exports.excel.sizing import fit_rows
from exports.excel.styles import BOLD, WRAP_TOP, header, print_setup, put_text
from stakeholders.roles import role_info

__all__ = ["blocks_sheet", "column_text"]


def column_text(column: BlockColumn) -> str:
    parts = [column.gedeeld] if column.gedeeld else []
    if column.notes:
        parts.append("Notities:")
        parts += [
            f"- {role_info(n.role).label if n.role else ''}: {n.text}" + (f" ({n.author})" if n.author else "")
            for n in column.notes
        ]
    return "\n".join(parts)


def blocks_sheet(ws: Worksheet, snapshot: CommunitySnapshot) -> None:
    members = snapshot.perspectives
    title(
        ws,
        f"Blokken · {snapshot.community.name}",
        "Per blok hoe elke samenwerking het invulde: het gedeeld perspectief, en de notities als ze die deelt.",
    )
    header(
        ws,
        4,
        ["Blok", *(f"{m.samenwerking}\n{m.ronde.label if m.ronde else 'nog geen ronde'}" for m in members)],
    )
    widths(ws, [26, *([44] * len(members))])
    r = 5
    for blk in BLOCKS:
        put_text(ws.cell(r, 1), blk.title).font = BOLD
        ws.cell(r, 1).alignment = WRAP_TOP
        for c, column in enumerate(block_side_by_side(members, blk.id), start=2):
            cell = put_text(ws.cell(r, c), column_text(column), "Een blok")
            cell.alignment = WRAP_TOP
        r += 1
    fit_rows(ws, 4, r - 1)
    ws.freeze_panes = "B5"
    print_setup(ws, title_rows="4:4")
