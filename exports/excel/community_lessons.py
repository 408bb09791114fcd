"""Sheet Lessen of the community workbook: the lessons, leervragen and actions members share, one per row."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from canvas.community import CommunitySnapshot, ItemKind
from canvas.lessons import LESSONS_BY_ID
from exports.excel.community_common import row_values, title, widths
from exports.excel.sizing import fit_rows
from exports.excel.styles import header, print_setup

__all__ = ["lessons_sheet"]

_KIND_ORDER = {ItemKind.LES: 0, ItemKind.LEERVRAAG: 1, ItemKind.ACTIE: 2}


def lessons_sheet(ws: Worksheet, snapshot: CommunitySnapshot) -> None:
    title(
        ws,
        f"Lessen · {snapshot.community.name}",
        "De tien lessen (gemiddelde score 1-5, ook per stakeholder, en toelichtingen), leervragen en acties die de "
        "samenwerkingen delen.",
    )
    labels = [
        "Soort", "Les", "Samenwerking", "Regio", "Ronde", "Fase", "Gemiddelde score", "Scores", "Per stakeholder",
        "Tekst", "Uitkomst", "Status en eigenaar",
    ]  # fmt: skip
    header(ws, 4, labels)
    widths(ws, [11, 26, 24, 18, 7, 16, 10, 8, 30, 50, 30, 30])
    items = sorted(snapshot.library, key=lambda i: (_KIND_ORDER[i.kind], i.lesson_id or 0))
    r = 5
    for i in items:
        row_values(
            ws,
            r,
            [
                i.kind.label,
                f"{i.lesson_id}. {LESSONS_BY_ID[i.lesson_id].title}" if i.lesson_id else "",
                i.samenwerking,
                i.region,
                i.ronde,
                i.phase.label,
                float(i.score) if i.score is not None else None,
                i.scores or None,
                i.per_role_text,
                i.text,
                i.outcome,
                i.detail,
            ],
        )
        r += 1
    fit_rows(ws, 4, max(4, r - 1))
    ws.freeze_panes = "A5"
    if r > 5:
        ws.auto_filter.ref = f"A4:L{r - 1}"
    print_setup(ws, title_rows="4:4")
