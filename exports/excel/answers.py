"""The Antwoorden sheet: every note as a row of a filterable Excel table (thousands of rows, made fast).

The last column holds each note's votes in closed votes (0 where nobody voted or there was no vote).
"""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from canvas.blocks import BLOCK_ORDER, BLOCKS_BY_ID
from canvas.clock import local
from canvas.model import Note, Workshop
from exports.excel.openpyxl_speedups import (
    style_array,
    text_cell,
)
from exports.excel.sizing import chars_per_line, count_lines, fit_rows, row_height
from exports.excel.styles import (
    DATETIME_FORMAT,
    WRAP_TOP,
    checked,
    header,
    note_what,
    print_setup,
    role_fill,
    role_font,
)
from stakeholders.roles import ROLES, Role

ANSWER_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Blok", 26),
    ("Perspectiefvraag", 30),
    ("Stakeholder", 14),
    ("Subrol", 14),
    ("Naam", 18),
    ("Organisatie", 22),
    ("Notitie", 60),
    ("Aangemaakt", 16),
    ("Laatst bewerkt", 16),
    ("Stemmen", 9),
    # Where the note came from (issue 22), after the columns older workbooks had, so their places stay.
    ("Bron", 22),
    ("Citaat", 8),
)


def answers_sheet(ws: Worksheet, workshop: Workshop, notes: list[Note], votes: dict[int, int] | None = None) -> None:
    votes = votes or {}
    rows = sorted(notes, key=lambda n: (BLOCK_ORDER[n.block_id], n.created_at, n.id))
    header(ws, 1, [name for name, _ in ANSWER_COLUMNS])
    for i, (_, width) in enumerate(ANSWER_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    fit_rows(ws, 1, 1)
    # One row per note, thousands of them: each cell is stamped with a style worked out once (the same
    # style put_text and put_time give, with WRAP_TOP), and the row height is counted from the texts.
    text_style = style_array(ws, alignment=WRAP_TOP, number_format="@", quote_prefix=True)
    role_styles = {
        role: style_array(
            ws,
            alignment=WRAP_TOP,
            number_format="@",
            quote_prefix=True,
            fill=role_fill(role),
            font=role_font(role, bold=True),
        )
        for role in Role
    }
    time_style = style_array(ws, alignment=WRAP_TOP, number_format=DATETIME_FORMAT)
    blank_style = style_array(ws, alignment=WRAP_TOP)
    chars = [chars_per_line(width) for _, width in ANSWER_COLUMNS]
    heights = ws.row_dimensions
    for r, note in enumerate(rows, start=2):
        blk = BLOCKS_BY_ID[note.block_id]
        name, organisation = ("", "") if workshop.anonymous else (note.author_name, note.author_organisation)
        values = (blk.title, blk.feeds.label, ROLES[note.role].label, note.sub_role, name, organisation, note.text)
        cells: list[Cell] = []
        lines = 1
        if ILLEGAL_CHARACTERS_RE.search("".join(values)):
            for value in values:
                checked(value, note_what(note))
        for c, value in enumerate(values):
            # Always text, never a formula (see put_text); the texts are checked above.
            cell = text_cell(ws, value, role_styles[note.role] if c == 2 else text_style)
            cells.append(cell)
            # A short printable text is one line (no tab, no line break); anything else is counted.
            stored = cell.value
            if stored and not (len(value) <= chars[c] and value.isprintable()):
                lines = max(lines, count_lines([stored], chars[c]))
        cells.append(Cell(ws, value=local(note.created_at), style_array=time_style))
        if note.version > 1 or note.updated_at != note.created_at:
            cells.append(Cell(ws, value=local(note.updated_at), style_array=time_style))
        else:
            cells.append(Cell(ws, style_array=blank_style))
        # Votes of closed votes only (open ones stay hidden, as on screen).
        cells.append(Cell(ws, value=votes.get(note.id, 0), style_array=blank_style))
        source = note.source.label + (f" (door {note.interviewer})" if note.interviewer else "")
        checked(source, note_what(note))
        cells.append(text_cell(ws, source, text_style))
        cells.append(text_cell(ws, "ja" if note.quote else "", text_style))
        ws.append(cells)
        heights[r].height = row_height(lines)
    last_row = max(2, len(rows) + 1)  # Excel wants at least one body row in a table
    ref = f"A1:{get_column_letter(len(ANSWER_COLUMNS))}{last_row}"
    # The columns named here, as openpyxl would from the header row: else it reads the whole table to find it.
    columns = [TableColumn(id=i, name=name) for i, (name, _) in enumerate(ANSWER_COLUMNS, start=1)]
    table = Table(displayName="Antwoorden", ref=ref, tableColumns=columns, autoFilter=AutoFilter(ref=ref))
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"
    print_setup(ws, title_rows="1:1")
