"""The Perspectieven sheet: the table of seed 001, stakeholders by the four questions.

A cell shows its synthesis (the facilitator's points, most votes first once a vote was closed) and, where a
cell has no synthesis yet, its notes as bullet lines with the block they came from.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from canvas.blocks import Question
from canvas.merge import merge
from canvas.model import Note, Workshop
from canvas.text import isolate
from exports.excel.sizing import fit_rows
from exports.excel.styles import (
    BOTTOM_LINE,
    CELL_LINES,
    EMPTY_FONT,
    NOTE_FONT,
    WRAP_TOP,
    cell_font,
    checked,
    header,
    print_setup,
    put_text,
    role_fill,
    role_font,
)
from exports.excel.synthesis_sheet import SynthesisData, cell_lines
from stakeholders.roles import ROLES


def perspectives_sheet(
    ws: Worksheet, workshop: Workshop, notes: list[Note], synthesis: SynthesisData | None = None
) -> None:
    synthesis = synthesis or SynthesisData()
    table = merge(notes)
    heading = put_text(ws.cell(1, 1), f"Perspectieven · {isolate(workshop.heading)}")
    heading.font = cell_font(bold=True, size=14)
    put_text(
        ws.cell(2, 1),
        "Per stakeholder de synthese bij de vier vragen van het canvas; waar een cel nog geen synthese heeft, "
        "de notities (tussen haakjes het blok waar ze staan).",
    ).font = NOTE_FONT
    header(ws, 3, ["Stakeholder", *(q.label for q in Question)])
    ws.row_dimensions[3].height = 30
    for i, role in enumerate(table.rows, start=4):
        cell = put_text(ws.cell(i, 1), ROLES[role].label)
        cell.fill, cell.font, cell.alignment = role_fill(role), role_font(role, bold=True), WRAP_TOP
        for j, question in enumerate(Question, start=2):
            entries = table.cell(role, question)
            lines = cell_lines(synthesis, role, question) or [
                f"• {isolate(checked(e.text, 'Een notitie'))} ({e.block_title})" for e in entries
            ]
            target = put_text(ws.cell(i, j), "\n".join(lines) or "—", f"De perspectieven van {ROLES[role].label}")
            target.alignment = WRAP_TOP
            target.border = CELL_LINES
            if not lines:
                target.font = EMPTY_FONT
        ws.cell(i, 1).border = BOTTOM_LINE
    ws.column_dimensions["A"].width = 16
    for col in "BCDE":
        ws.column_dimensions[col].width = 48
    ws.freeze_panes = "B4"
    fit_rows(ws, 4, 3 + len(table.rows))
    print_setup(ws, title_rows="3:3")
