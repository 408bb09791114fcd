"""The Overzicht sheet: the workshop's facts, who took part per stakeholder and the notes per block."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from canvas.blocks import BLOCKS
from canvas.clock import time_zone
from canvas.merge import coverage
from canvas.model import Note, Participant, SharedConclusion, Workshop
from exports.excel.sizing import count_lines, fit_rows
from exports.excel.styles import (
    BOLD,
    BOTTOM_LINE,
    NOTE_FONT,
    TOP_LINE,
    WRAP_TOP,
    WRAP_TOP_LEFT,
    cell_font,
    header,
    print_setup,
    put_text,
    put_time,
    role_fill,
    role_font,
)
from stakeholders.roles import ROLES, Role


def overview_sheet(
    ws: Worksheet,
    workshop: Workshop,
    participants: Sequence[Participant],
    notes: list[Note],
    conclusions: dict[str, SharedConclusion],
    exported_at: datetime,
) -> None:
    roles = list(Role)
    last_col = 3 + len(roles)  # Blok, vraag, one column per role, total
    put_text(ws.cell(1, 1), workshop.pps_name).font = cell_font(bold=True, size=16)
    put_text(ws.cell(2, 1), workshop.title).font = cell_font(size=13)
    facts: list[tuple[str, str | date | datetime | None]] = [
        ("PPS", workshop.pps_name),
        ("Workshop", workshop.title),
        ("Code", workshop.code),
        ("Regio", workshop.region),
        ("Fase", workshop.phase.label),
        ("Datum", workshop.date),
        ("Partners", workshop.partners),
        ("Status", "gesloten" if workshop.closed else "open"),
        ("Anoniem", "ja: namen en organisaties zijn weggelaten" if workshop.anonymous else "nee"),
        ("Geëxporteerd", exported_at),
        # Excel has no time zones: every time in the file is wall-clock time of the app's zone, said here once.
        ("Tijdzone", f"Alle tijden in dit bestand zijn {time_zone().key}-tijd (de back-up bewaart UTC)"),
    ]
    row = 4
    value_chars = sum(_overview_widths(last_col)[1:])
    for label, value in facts:
        put_text(ws.cell(row, 1), label).font = BOLD
        cell = ws.cell(row, 2)
        if isinstance(value, datetime):
            put_time(cell, value)
        elif isinstance(value, date):
            cell.value = value
            cell.number_format = "yyyy-mm-dd"
        else:
            put_text(cell, value or "", f"{label} van de workshop")
        cell.alignment = WRAP_TOP_LEFT
        ws.cell(row, 1).alignment = WRAP_TOP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last_col)
        if isinstance(value, str) and value:
            ws.row_dimensions[row].height = 15 * count_lines([value], value_chars)
        row += 1

    row += 1
    put_text(ws.cell(row, 1), "Deelnemers en notities per stakeholder").font = cell_font(bold=True, size=12)
    row += 1
    header(ws, row, ["Stakeholder", "Deelnemers", "Notities"])
    people = Counter(p.role for p in participants)
    written = Counter(n.role for n in notes)
    for role in roles:
        row += 1
        cell = put_text(ws.cell(row, 1), ROLES[role].label)
        cell.fill, cell.font = role_fill(role), role_font(role, bold=True)
        ws.cell(row, 2).value = people[role]
        ws.cell(row, 3).value = written[role]
    row += 1
    put_text(ws.cell(row, 1), "Totaal").font = BOLD
    ws.cell(row, 2).value = len(participants)
    ws.cell(row, 3).value = len(notes)
    for c in range(1, 4):
        ws.cell(row, c).border = TOP_LINE
        ws.cell(row, c).font = BOLD

    row += 2
    put_text(ws.cell(row, 1), "Notities per blok en stakeholder").font = cell_font(bold=True, size=12)
    row += 1
    header_row = row
    header(ws, row, ["Blok", "Perspectiefvraag", *(ROLES[r].label for r in roles), "Totaal"])
    for i, role in enumerate(roles, start=3):
        cell = ws.cell(header_row, i)
        cell.fill, cell.font = role_fill(role), role_font(role, bold=True)
    cov = coverage(notes)
    for blk in BLOCKS:
        row += 1
        put_text(ws.cell(row, 1), blk.title).alignment = WRAP_TOP
        put_text(ws.cell(row, 2), blk.feeds.label).alignment = WRAP_TOP
        for i, role in enumerate(roles, start=3):
            ws.cell(row, i).value = cov.count(blk.id, role)
            ws.cell(row, i).alignment = WRAP_TOP
        ws.cell(row, last_col).value = sum(cov.counts[blk.id].values())
        ws.cell(row, last_col).alignment = WRAP_TOP
        ws.cell(row, last_col).font = BOLD
        if blk.id in conclusions:
            ws.cell(row, 1).font = BOLD
    for r in range(header_row + 1, row + 1):
        for c in range(1, last_col + 1):
            ws.cell(r, c).border = BOTTOM_LINE
    row += 2
    put_text(ws.cell(row, 1), "Vetgedrukt: blokken met een gedeeld perspectief.").font = NOTE_FONT

    for i, width in enumerate(_overview_widths(last_col), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    fit_rows(ws, header_row + 1, header_row + len(BLOCKS))
    print_setup(ws, fit_height=True)


def _overview_widths(last_col: int) -> list[int]:
    return [34, 30, *([14] * (last_col - 2))]
