"""The synthesis in the Excel workbook (data/excel.py calls this): what the Perspectieven and Synthese sheets need.

* ``SynthesisData``: the bullets of a workshop with every note they link to (deleted ones included) and the
  votes of closed votes (open votes stay hidden, as on screen).
* ``cell_lines``: the lines of one Perspectieven cell from its bullets, most votes first (the sheet shows the
  notes instead where a cell has no bullets yet).
* ``write_synthesis_sheet``: the sheet "Synthese", one row per bullet with its cell, its source notes (a
  deleted note marked as such), whether it was written without a note, and its votes.

Self-contained on purpose (its own text-safety, the same rule as data/excel.py: text is never a formula), so
that data/excel.py can import it without a cycle.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ConfigDict, Field

from canvas.blocks import BLOCKS_BY_ID, Question
from canvas.model import Note, Workshop
from canvas.synthesis import Bullet, order_by_votes
from data.store import InvalidInput
from stakeholders.roles import ROLES, Role

__all__ = ["SYNTHESIS_COLUMNS", "SynthesisData", "cell_lines", "write_synthesis_sheet"]

SYNTHESIS_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Stakeholder", 14),
    ("Perspectiefvraag", 30),
    ("Volgorde", 9),
    ("Punt", 50),
    ("Stemmen", 9),
    ("Zonder notitie", 12),
    ("Notities erachter", 70),
)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_HEADER_FILL = PatternFill("solid", fgColor="FF404040")
_HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFFFF")


class UnsafeSynthesisText(InvalidInput):
    pass


class SynthesisData(BaseModel):
    model_config = ConfigDict(frozen=True)

    bullets: tuple[Bullet, ...] = ()
    notes_by_id: dict[int, Note] = Field(default_factory=dict)
    bullet_votes: dict[int, int] = Field(default_factory=dict)
    note_votes: dict[int, int] = Field(default_factory=dict)

    def cell(self, role: Role, question: Question) -> list[Bullet]:
        live = [b for b in self.bullets if not b.removed and b.role is role and b.question is question]
        return order_by_votes(live, self.bullet_votes) if self.bullet_votes else live


def _votes(count: int) -> str:
    return f" ({count} {'stem' if count == 1 else 'stemmen'})" if count else ""


def cell_lines(data: SynthesisData, role: Role, question: Question) -> list[str]:
    """The bullets of one cell as "• text (n stemmen)" lines; empty when the cell has no synthesis yet."""
    return [f"• {_safe(b.text)}{_votes(data.bullet_votes.get(b.id, 0))}" for b in data.cell(role, question)]


def _safe(text: str) -> str:
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise UnsafeSynthesisText(
            "Een punt van de synthese bevat een onzichtbaar stuurteken dat Excel niet kan bewaren; er is geen "
            "Excel-bestand gemaakt."
        )
    return text


def _text(ws: Worksheet, value: str) -> Cell:
    cell = Cell(ws, value=_safe(value))
    cell.data_type = "s"  # text, never a formula, however it starts
    cell.number_format = "@"
    cell.quotePrefix = True
    cell.alignment = _WRAP_TOP
    return cell


def _number(ws: Worksheet, value: int) -> Cell:
    cell = Cell(ws, value=value)
    cell.alignment = _WRAP_TOP
    return cell


def _source(note: Note, votes: int, anonymous: bool) -> str:
    who = "" if anonymous else f", {note.author_name}"
    mark = "[verwijderd] " if note.deleted else ""
    return f"– {mark}{note.text} ({BLOCKS_BY_ID[note.block_id].title}{who}){_votes(votes)}"


def write_synthesis_sheet(ws: Worksheet, workshop: Workshop, data: SynthesisData, rows: Sequence[Role]) -> None:
    """One row per live bullet, cell by cell in the Perspectieven order; a filterable table."""
    for c, (name, width) in enumerate(SYNTHESIS_COLUMNS, start=1):
        cell = ws.cell(1, c, name)
        cell.fill, cell.font, cell.alignment = _HEADER_FILL, _HEADER_FONT, _WRAP_TOP
        ws.column_dimensions[get_column_letter(c)].width = width
    count = 0
    for role in rows:
        for question in Question:
            for position, bullet in enumerate(data.cell(role, question), start=1):
                sources = [
                    _source(data.notes_by_id[i], data.note_votes.get(i, 0), workshop.anonymous)
                    for i in bullet.note_ids
                    if i in data.notes_by_id
                ]
                ws.append(
                    [
                        _text(ws, ROLES[role].label),
                        _text(ws, question.label),
                        _number(ws, position),
                        _text(ws, bullet.text),
                        _number(ws, data.bullet_votes.get(bullet.id, 0)),
                        _text(ws, "ja" if bullet.without_notes else "nee"),
                        _text(ws, "\n".join(sources)),
                    ]
                )
                # Wrapped lines of the tallest cell: each source note in the 70-wide column, the point in the 50.
                lines = max(1, sum(len(line) // 62 + 1 for line in sources), len(bullet.text) // 44 + 1)
                ws.row_dimensions[ws.max_row].height = min(409, 15 * lines)
                count += 1
    last_row = max(2, count + 1)
    ref = f"A1:{get_column_letter(len(SYNTHESIS_COLUMNS))}{last_row}"
    columns = [TableColumn(id=i, name=name) for i, (name, _) in enumerate(SYNTHESIS_COLUMNS, start=1)]
    table = Table(displayName="Synthese", ref=ref, tableColumns=columns, autoFilter=AutoFilter(ref=ref))
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"
