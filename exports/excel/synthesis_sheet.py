"""The Synthese sheet, and what the Perspectieven and Antwoorden sheets take from the synthesis.

* ``SynthesisData``: the bullets of a workshop with every note they link to (deleted ones included) and the
  votes of closed votes (open votes stay hidden, as on screen).
* ``cell_lines``: the lines of one Perspectieven cell from its bullets, most votes first (the Perspectieven
  sheet shows the notes instead where a cell has no bullets yet).
* ``synthesis_sheet``: the sheet "Synthese", one row per bullet with its cell, its source notes (a deleted
  note marked as such), whether it was written without a note, and its votes; a filterable table.

Text is written as text, never as a formula (``styles.put_text``), as on every sheet.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ConfigDict, Field

from canvas.blocks import BLOCKS_BY_ID, Question
from canvas.model import Note, Workshop
from canvas.synthesis import Bullet, order_by_votes
from canvas.text import isolate
from exports.excel.sizing import fit_rows
from exports.excel.styles import WRAP_TOP, checked, header, print_setup, put_text, role_fill, role_font
from stakeholders.roles import ROLES, Role

__all__ = ["SYNTHESIS_COLUMNS", "SynthesisData", "cell_lines", "synthesis_sheet"]

# Order and votes: centred at the top, clear of the texts next to them.
NUMBER_TOP = Alignment(horizontal="center", vertical="top")

SYNTHESIS_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Stakeholder", 14),
    ("Perspectiefvraag", 30),
    ("Volgorde", 9),
    ("Punt", 50),
    ("Stemmen", 9),
    ("Zonder notitie", 12),
    ("Notities erachter", 70),
)


class SynthesisData(BaseModel):
    """What the workbook shows of the synthesis; empty for a workshop without one."""

    model_config = ConfigDict(frozen=True)

    bullets: tuple[Bullet, ...] = ()
    notes_by_id: dict[int, Note] = Field(default_factory=dict)
    bullet_votes: dict[int, int] = Field(default_factory=dict)
    note_votes: dict[int, int] = Field(default_factory=dict)

    def cell(self, role: Role, question: Question) -> list[Bullet]:
        """The live bullets of one cell: most votes first once a vote was closed, else the facilitator's order."""
        live = [b for b in self.bullets if not b.removed and b.role is role and b.question is question]
        return order_by_votes(live, self.bullet_votes) if self.bullet_votes else live


def votes_suffix(count: int) -> str:
    return f" ({count} {'stem' if count == 1 else 'stemmen'})" if count else ""


def cell_lines(data: SynthesisData, role: Role, question: Question) -> list[str]:
    """The bullets of one cell as "• text (n stemmen)" lines; empty when the cell has no synthesis yet."""
    return [
        f"• {isolate(checked(b.text, 'Een punt van de synthese'))}{votes_suffix(data.bullet_votes.get(b.id, 0))}"
        for b in data.cell(role, question)
    ]


def _source(note: Note, votes: int, anonymous: bool) -> str:
    who = "" if anonymous else f", {isolate(note.author_name)}"
    mark = "[verwijderd] " if note.deleted else ""
    text = isolate(checked(note.text, "Een notitie"))
    return f"– {mark}{text} ({BLOCKS_BY_ID[note.block_id].title}{who}){votes_suffix(votes)}"


def synthesis_sheet(ws: Worksheet, workshop: Workshop, data: SynthesisData, rows: Sequence[Role]) -> None:
    """One row per live bullet, cell by cell in the Perspectieven order (stakeholder, then question)."""
    header(ws, 1, [name for name, _ in SYNTHESIS_COLUMNS])
    for c, (_, width) in enumerate(SYNTHESIS_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    roles = [*rows, *(r for r in Role if r not in rows and any(b.role is r for b in data.bullets))]
    r = 1
    for role in roles:
        for question in Question:
            for position, bullet in enumerate(data.cell(role, question), start=1):
                r += 1
                sources = [
                    _source(data.notes_by_id[i], data.note_votes.get(i, 0), workshop.anonymous)
                    for i in bullet.note_ids
                    if i in data.notes_by_id
                ]
                stakeholder = put_text(ws.cell(r, 1), ROLES[role].label)
                stakeholder.fill, stakeholder.font = role_fill(role), role_font(role, bold=True)
                put_text(ws.cell(r, 2), question.label)
                ws.cell(r, 3, position)
                put_text(ws.cell(r, 4), bullet.text, "Een punt van de synthese")
                ws.cell(r, 5, data.bullet_votes.get(bullet.id, 0))
                put_text(ws.cell(r, 6), "ja" if bullet.without_notes else "nee")
                put_text(ws.cell(r, 7), "\n".join(sources))
                for c in range(1, len(SYNTHESIS_COLUMNS) + 1):
                    ws.cell(r, c).alignment = NUMBER_TOP if c in (3, 5) else WRAP_TOP
    fit_rows(ws, 1, r)
    last_row = max(2, r)  # Excel wants at least one body row in a table
    ref = f"A1:{get_column_letter(len(SYNTHESIS_COLUMNS))}{last_row}"
    columns = [TableColumn(id=i, name=name) for i, (name, _) in enumerate(SYNTHESIS_COLUMNS, start=1)]
    table = Table(displayName="Synthese", ref=ref, tableColumns=columns, autoFilter=AutoFilter(ref=ref))
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"
    print_setup(ws, title_rows="1:1")
