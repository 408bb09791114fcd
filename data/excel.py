"""The Excel workbook of one workshop, for project leaders to share with partners and funders.

Five sheets: Overzicht (the workshop and its numbers), Canvas (the board in its grid, notes coloured per
stakeholder), Perspectieven (the table of seed 001: the synthesis where a cell has one, else the notes),
Synthese (every point with its source notes and votes, exports/synthesis_sheet.py) and Antwoorden (every
note, as a filterable table, with its votes).

Participants' words are written as text and nothing else: a note that starts with ``=``, ``+``, ``-`` or
``@`` never becomes a formula, and what comes back out of the file is exactly what was typed.
"""

from __future__ import annotations

import gc
import io
import re
import textwrap
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from copy import deepcopy
from datetime import UTC, date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import Element, fromstring, tostring, whitespace

from canvas.blocks import BLOCKS, BLOCKS_BY_ID, GRID_COLUMNS, GRID_ROWS, Block, Question
from canvas.merge import by_block, coverage, merge
from canvas.model import Note, Participant, SharedConclusion, Workshop
from canvas.synthesis import ItemKind
from data.store import InvalidInput, Store
from exports.synthesis_sheet import SynthesisData, cell_lines, write_synthesis_sheet
from stakeholders.roles import ROLES, Role, role_info

__all__ = ["SHEETS", "UnsafeText", "build_workbook", "file_stem", "label_colour", "workbook_bytes"]

SHEETS = ("Overzicht", "Canvas", "Perspectieven", "Synthese", "Antwoorden")

# Times in the workbook are local wall-clock times: Excel has no time zones, and the workshops are Dutch.
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

# Excel refuses row heights above 409 points; a block with more notes than fit is cut off on the Canvas
# sheet (the Antwoorden sheet always has every note).
MAX_ROW_HEIGHT = 409
# Canvas: width of one grid column in Excel character units, the note font size and its line height.
CANVAS_COLUMN_WIDTH = 19
CANVAS_FONT_SIZE = 9
CANVAS_LINE_HEIGHT = 11.5

HEADER_FILL = PatternFill("solid", fgColor="FF404040")
FONT_NAME = "Calibri"


def _cell_font(**kwargs: object) -> Font:
    """A font with its name set: without one, LibreOffice falls back to a serif face."""
    settings: dict[str, object] = {"name": FONT_NAME, **kwargs}
    return Font(**settings)


# Every style object is made once and shared: openpyxl hashes a style each time it is set on a cell, and
# building and hashing fresh Font/Fill/Alignment/Border objects per cell was most of the export's time.
HEADER_FONT = _cell_font(bold=True, color="FFFFFFFF")
BOLD = _cell_font(bold=True)
NOTE_FONT = _cell_font(italic=True, color="FF595959")
EMPTY_FONT = _cell_font(color="FF8C8C8C")
BLOCK_TITLE_FONT = _cell_font(bold=True, size=10)
BLOCK_TITLE_FILL = PatternFill("solid", fgColor="FFEDEBE6")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_TOP_LEFT = Alignment(wrap_text=True, vertical="top", horizontal="left")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center")
CENTERED = Alignment(horizontal="center", vertical="center")
THIN = Side(style="thin", color="FFB0B0B0")
MEDIUM = Side(style="medium", color="FF404040")
# openpyxl cuts a cell's text off at Excel's limit; the Antwoorden sheet, which sets its texts directly, too.
MAX_CELL_CHARS = 32767
TOP_LINE = Border(top=THIN)
BOTTOM_LINE = Border(bottom=THIN)
CELL_LINES = Border(bottom=THIN, left=THIN, right=THIN)


class UnsafeText(InvalidInput):
    """Text that Excel cannot hold (an invisible control character); nothing is changed behind anyone's back."""


# -- colours ------------------------------------------------------------------------------------------


def _argb(hex_colour: str) -> str:
    return "FF" + hex_colour.lstrip("#").upper()


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@cache
def label_colour(role: Role) -> str:
    """The role colour, darkened until it reads on white paper (contrast at least 4.5:1), as ``#RRGGBB``."""
    h = role_info(role).colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    while True:
        candidate = "#" + "".join(f"{c:02X}" for c in rgb)
        if 1.05 / (_luminance(candidate) + 0.05) >= 4.5:
            return candidate
        rgb = [int(c * 0.92) for c in rgb]


@cache
def _role_fill(role: Role) -> PatternFill:
    return PatternFill("solid", fgColor=_argb(role_info(role).colour))


@cache
def _role_font(role: Role, **kwargs: object) -> Font:
    return _cell_font(color=_argb(role_info(role).text_colour), **kwargs)


def _style_array(
    ws: Worksheet,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    border: Border | None = None,
    alignment: Alignment | None = None,
    number_format: str | None = None,
    quote_prefix: bool = False,
) -> StyleArray:
    """The style of a cell in this workbook, worked out once, for stamping onto many cells.

    Setting font, fill and alignment on every cell of a large sheet makes openpyxl hash each style object
    per cell; a cell made with ``Cell(ws, style_array=...)`` gets a copy of the indices instead.
    """
    cell = Cell(ws)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if border is not None:
        cell.border = border
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    if quote_prefix:
        cell.quotePrefix = True
    return StyleArray(cell._style) if cell._style is not None else StyleArray()


# -- safe cells ---------------------------------------------------------------------------------------


def _checked(text: str, what: str) -> str:
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise UnsafeText(
            f"{what} bevat een onzichtbaar stuurteken dat Excel niet kan bewaren; er is geen Excel-bestand "
            "gemaakt. Haal het teken weg en exporteer opnieuw."
        )
    return text


def _put_text(cell: Cell, text: str, what: str = "Een tekst") -> Cell:
    """Write ``text`` as a string, never as a formula, with the quote prefix Excel uses for typed text."""
    cell.value = _checked(text, what)
    # openpyxl takes a value that starts with "=" for a formula; a string cell stores it as text instead.
    cell.data_type = "s"
    cell.number_format = "@"
    # quotePrefix: when someone edits the cell in Excel later, it stays text too.
    cell.quotePrefix = True
    return cell


def _put_time(cell: Cell, moment: datetime) -> Cell:
    cell.value = _local(moment)
    cell.number_format = DATETIME_FORMAT
    return cell


def _local(moment: datetime) -> datetime:
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(LOCAL_TIME)
    return local.replace(tzinfo=None, microsecond=0)


def _note_what(note: Note) -> str:
    return f"De notitie van {note.author_name} in blok {note.block.title}"


# -- the workbook -------------------------------------------------------------------------------------


def build_workbook(
    workshop: Workshop,
    participants: Sequence[Participant],
    notes: Iterable[Note],
    conclusions: dict[str, SharedConclusion],
    *,
    exported_at: datetime | None = None,
    synthesis: SynthesisData | None = None,
) -> Workbook:
    """The workbook of one workshop from its domain objects; deleted notes are left out."""
    with _collector_paused():
        return _build_workbook(workshop, participants, notes, conclusions, exported_at, synthesis or SynthesisData())


def _build_workbook(
    workshop: Workshop,
    participants: Sequence[Participant],
    notes: Iterable[Note],
    conclusions: dict[str, SharedConclusion],
    exported_at: datetime | None,
    synthesis: SynthesisData,
) -> Workbook:
    live = [n for n in notes if not n.deleted]
    exported_at = exported_at or datetime.now(UTC)
    wb = Workbook()
    wb.remove(wb.active)
    _overview(wb.create_sheet("Overzicht"), workshop, participants, live, conclusions, exported_at)
    _canvas(wb.create_sheet("Canvas"), workshop, live, conclusions)
    _perspectives(wb.create_sheet("Perspectieven"), workshop, live, synthesis)
    write_synthesis_sheet(wb.create_sheet("Synthese"), workshop, synthesis, merge(live).rows)
    _print_setup(wb["Synthese"], title_rows="1:1")
    _answers(wb.create_sheet("Antwoorden"), workshop, live, synthesis.note_votes)
    wb.properties.title = f"{workshop.pps_name}: {workshop.title}"
    wb.properties.subject = "Sociale Innovatie Business Model Canvas"
    wb.properties.creator = "PPS Canvas"
    wb.properties.created = exported_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    wb.properties.modified = wb.properties.created
    for ws in wb.worksheets:
        ws.oddFooter.left.text = f"{workshop.pps_name} · {workshop.title}".replace("&", "&&")
        ws.oddFooter.right.text = "Pagina &P van &N"
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
    return wb


def workbook_bytes(store: Store, workshop: Workshop) -> bytes:
    """The ``.xlsx`` file of this workshop (every note, revealed or not)."""
    wb = build_workbook(
        workshop,
        store.participants(workshop.id),
        store.notes(workshop.id),
        store.conclusions(workshop.id),
        synthesis=SynthesisData(
            bullets=tuple(store.bullets(workshop.id)),
            notes_by_id={n.id: n for n in store.notes(workshop.id, include_deleted=True)},
            bullet_votes=store.vote_counts(workshop.id, ItemKind.BULLET),
            note_votes=store.vote_counts(workshop.id, ItemKind.NOTE),
        ),
    )
    return to_bytes(wb)


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    with _collector_paused():
        wb.save(buffer)
    return _keep_carriage_returns(buffer.getvalue())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a workbook is built or written.

    A large workbook is tens of thousands of new objects (cells, style arrays, rich-text runs) that all stay
    alive until the file is written; the collector keeps walking them, which cost a sixth of the export. It
    is switched back on afterwards (unless it was already off), and collects as usual from then on.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _keep_carriage_returns(xlsx: bytes) -> bytes:
    """Write a carriage return in cell text as ``&#13;``.

    openpyxl writes it as a raw byte, and every XML reader turns a raw carriage return into a line feed, so
    "\\rx" would come back as "\\nx". As a character reference it survives. Worksheet XML holds no raw
    carriage return anywhere else. A file without any is returned as it is (compressing it again is slow).
    """
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    contents = [(item, source.read(item)) for item in source.infolist()]
    if not any(b"\r" in data for item, data in contents if _holds_cell_text(item.filename)):
        return xlsx
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in contents:
            target.writestr(item, data.replace(b"\r", b"&#13;") if _holds_cell_text(item.filename) else data)
    return out.getvalue()


def _holds_cell_text(filename: str) -> bool:
    return filename.startswith("xl/worksheets/") or filename == "xl/sharedStrings.xml"


def file_stem(workshop: Workshop, on: date | None = None) -> str:
    """A file name without extension: PPS, workshop title and date, in plain letters, digits, - and _."""

    def safe(text: str, limit: int) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        words = re.sub(r"[^A-Za-z0-9]+", " ", ascii_text).split()
        out = ""
        for word in words:
            if out and len(out) + 1 + len(word) > limit:
                break
            out = f"{out}-{word}" if out else word[:limit]
        return out

    day = (on or date.today()).isoformat()
    parts = [safe(workshop.pps_name, 40), safe(workshop.title, 40), day]
    return "_".join(p for p in parts if p)


# -- Overzicht ----------------------------------------------------------------------------------------


def _overview(
    ws: Worksheet,
    workshop: Workshop,
    participants: Sequence[Participant],
    notes: list[Note],
    conclusions: dict[str, SharedConclusion],
    exported_at: datetime,
) -> None:
    roles = list(Role)
    last_col = 3 + len(roles)  # Blok, vraag, one column per role, total
    _put_text(ws.cell(1, 1), workshop.pps_name).font = _cell_font(bold=True, size=16)
    _put_text(ws.cell(2, 1), workshop.title).font = _cell_font(size=13)
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
    ]
    row = 4
    value_chars = sum(_overview_widths(last_col)[1:])
    for label, value in facts:
        _put_text(ws.cell(row, 1), label).font = BOLD
        cell = ws.cell(row, 2)
        if isinstance(value, datetime):
            _put_time(cell, value)
        elif isinstance(value, date):
            cell.value = value
            cell.number_format = "yyyy-mm-dd"
        else:
            _put_text(cell, value or "", f"{label} van de workshop")
        cell.alignment = WRAP_TOP_LEFT
        ws.cell(row, 1).alignment = WRAP_TOP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last_col)
        if isinstance(value, str) and value:
            ws.row_dimensions[row].height = 15 * _lines([value], value_chars)
        row += 1

    row += 1
    _put_text(ws.cell(row, 1), "Deelnemers en notities per stakeholder").font = _cell_font(bold=True, size=12)
    row += 1
    _header(ws, row, ["Stakeholder", "Deelnemers", "Notities"])
    people = Counter(p.role for p in participants)
    written = Counter(n.role for n in notes)
    for role in roles:
        row += 1
        cell = _put_text(ws.cell(row, 1), ROLES[role].label)
        cell.fill, cell.font = _role_fill(role), _role_font(role, bold=True)
        ws.cell(row, 2).value = people[role]
        ws.cell(row, 3).value = written[role]
    row += 1
    _put_text(ws.cell(row, 1), "Totaal").font = BOLD
    ws.cell(row, 2).value = len(participants)
    ws.cell(row, 3).value = len(notes)
    for c in range(1, 4):
        ws.cell(row, c).border = TOP_LINE
        ws.cell(row, c).font = BOLD

    row += 2
    _put_text(ws.cell(row, 1), "Notities per blok en stakeholder").font = _cell_font(bold=True, size=12)
    row += 1
    header_row = row
    _header(ws, row, ["Blok", "Perspectiefvraag", *(ROLES[r].label for r in roles), "Totaal"])
    for i, role in enumerate(roles, start=3):
        cell = ws.cell(header_row, i)
        cell.fill, cell.font = _role_fill(role), _role_font(role, bold=True)
    cov = coverage(notes)
    for blk in BLOCKS:
        row += 1
        _put_text(ws.cell(row, 1), blk.title).alignment = WRAP_TOP
        _put_text(ws.cell(row, 2), blk.feeds.label).alignment = WRAP_TOP
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
    _put_text(ws.cell(row, 1), "Vetgedrukt: blokken met een gedeeld perspectief.").font = NOTE_FONT

    for i, width in enumerate(_overview_widths(last_col), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    _fit_rows(ws, header_row + 1, header_row + len(BLOCKS))
    _print_setup(ws, fit_height=True)


def _overview_widths(last_col: int) -> list[int]:
    return [34, 30, *([14] * (last_col - 2))]


def _header(ws: Worksheet, row: int, labels: Sequence[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = _put_text(ws.cell(row, col), label)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = WRAP_CENTER


# -- Canvas -------------------------------------------------------------------------------------------


def _canvas(ws: Worksheet, workshop: Workshop, notes: list[Note], conclusions: dict[str, SharedConclusion]) -> None:
    """The board: each block a boxed region in its grid place, a title row over a body of notes."""
    _put_text(ws.cell(1, 1), f"Canvas · {workshop.pps_name}: {workshop.title}").font = _cell_font(bold=True, size=14)
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
        title = _put_text(ws.cell(top, left), blk.title)
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
        needed[blk.id] = _lines(paragraphs, chars) * CANVAS_LINE_HEIGHT + 8

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
    _print_setup(ws, title_rows="1:2", fit_height=True)


def _legend(ws: Worksheet, row: int) -> None:
    roles = list(Role)
    width = GRID_COLUMNS // len(roles)
    for i, role in enumerate(roles):
        col = 1 + i * width
        cell = _put_text(ws.cell(row, col), ROLES[role].label)
        cell.alignment = CENTERED
        for c in range(col, col + width):
            ws.cell(row, c).fill = _role_fill(role)
        cell.font = _role_font(role, bold=True)
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
        _checked(conclusion.text, f"Het gedeeld perspectief van blok {blk.title}")
        parts.append(TextBlock(_font(b=True), "Gedeeld perspectief: "))
        parts.append(TextBlock(_font(i=True), conclusion.text + "\n"))
        paragraphs.append("Gedeeld perspectief: " + conclusion.text)
        if notes:
            parts.append(TextBlock(_font(sz=4), "\n"))
            paragraphs.append("")
    for note in notes:
        info = role_info(note.role)
        label = f"{info.label} ({note.sub_role})" if note.sub_role else info.label
        _checked(note.text, _note_what(note))
        _checked(label, _note_what(note))
        parts.append(TextBlock(_font(color=_argb(info.colour)), "■ "))
        parts.append(TextBlock(_font(color=_argb(label_colour(note.role)), b=True), label))
        parts.append(TextBlock(_font(), ": " + note.text + "\n"))
        paragraphs.append(f"■ {label}: {note.text}")
    # No line break after the last note: it would add an empty line to the block.
    last = parts[-1]
    assert isinstance(last, TextBlock)
    parts[-1] = TextBlock(last.font, last.text.removesuffix("\n"))
    return _RichText(parts), paragraphs


class _RichText(CellRichText):
    """Rich text that serialises each distinct font once instead of once per run.

    The tree is exactly what openpyxl makes for a CellRichText (an ``r`` per part with its ``rPr`` and its
    ``t``, ``xml:space="preserve"`` where openpyxl sets it), but it is written out as text and parsed in one
    go: building it element by element in Python took longer than the rest of the Canvas sheet, a full
    block having thousands of runs.
    """

    def to_tree(self) -> Any:
        fonts: dict[int, str] = {}
        xml = ["<is>"]
        for part in self:
            xml.append("<r>")
            if isinstance(part, TextBlock):
                font = fonts.get(id(part.font))
                if font is None:
                    font = fonts[id(part.font)] = tostring(part.font.to_tree(tagname="rPr")).decode("utf-8")
                xml.append(font)
            text = str(part)
            stripped = text.strip()  # openpyxl's whitespace(): preserve only around visible text
            xml.append('<t xml:space="preserve">' if stripped and text != stripped else "<t>")
            xml.append(_xml_escape(text))
            xml.append("</t></r>")
        xml.append("</is>")
        try:
            return fromstring("".join(xml))
        except Exception:  # noqa: BLE001 - text XML cannot hold: let openpyxl's own way raise its error
            return self._elements()

    def _elements(self) -> Any:
        container = Element("is")
        fonts: dict[int, Any] = {}
        for part in self:
            run = Element("r")
            if isinstance(part, TextBlock):
                font = fonts.get(id(part.font))
                if font is None:
                    font = fonts[id(part.font)] = part.font.to_tree(tagname="rPr")
                run.append(deepcopy(font))
            t = Element("t")
            t.text = str(part)
            whitespace(t)
            run.append(t)
            container.append(run)
        return container


def _xml_escape(text: str) -> str:
    """Text as XML character data; a carriage return as a reference, so that parsing keeps it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


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


def _lines(paragraphs: Iterable[str], chars_per_line: int) -> int:
    """How many lines these paragraphs take when wrapped at ``chars_per_line`` (a generous estimate)."""
    total = 0
    for paragraph in paragraphs:
        for line in paragraph.splitlines() or [""]:
            # A line that fits is one line; textwrap only changes the length of a line with tabs in it.
            if len(line) <= chars_per_line and "\t" not in line:
                total += 1
            elif _OTHER_WHITESPACE.search(line):
                total += max(1, len(textwrap.wrap(line, chars_per_line, break_on_hyphens=False)))
            else:
                total += max(1, _wrapped_lines(line, chars_per_line))
    return total


# Whitespace other than the plain space: textwrap treats it specially, so such a line goes to textwrap itself.
_OTHER_WHITESPACE = re.compile(r"[^\S ]")
_SPACES = re.compile("( +)")


@cache
def _long_word(width: int) -> re.Pattern[str]:
    return re.compile(rf"[^ ]{{{width + 1}}}")


@cache
def _line_of_words(width: int) -> re.Pattern[str]:
    return re.compile(rf"[^ ].{{0,{width - 1}}}(?= |$)")


def _wrapped_lines(line: str, width: int) -> int:
    """``len(textwrap.wrap(line, width, break_on_hyphens=False))`` for a line whose only whitespace is spaces.

    The same greedy algorithm as ``textwrap.TextWrapper._wrap_chunks`` (drop whitespace at the line ends,
    break words longer than a line), counting lines instead of building them: textwrap was most of the time
    spent on row heights. A chunk is its length and whether ``chunk.strip() == ""``.
    """
    if "  " not in line and line[0] != " " and line[-1] != " " and not _long_word(width).search(line):
        # Words of at most a line apart by single spaces: each line is the longest run of whole words that
        # fits, which is what this pattern matches, in C.
        return len(_line_of_words(width).findall(line))
    chunks = [(len(c), c[0] == " ") for c in reversed(_SPACES.split(line)) if c]
    lines = 0
    while chunks:
        if chunks[-1][1] and lines:
            del chunks[-1]
        cur_len = 0
        cur_line: list[tuple[int, bool]] = []
        while chunks and cur_len + chunks[-1][0] <= width:
            cur_line.append(chunks.pop())
            cur_len += cur_line[-1][0]
        if chunks and chunks[-1][0] > width:
            size, blank = chunks[-1]
            piece = width - cur_len  # width is at least 1; the piece may be empty, which counts as blank
            cur_line.append((piece, blank or piece == 0))
            chunks[-1] = (size - piece, blank)
        if cur_line and cur_line[-1][1]:
            del cur_line[-1]
        if cur_line:
            lines += 1
    return lines


def _fit_rows(ws: Worksheet, first: int, last: int, *, line_height: float = 15.0) -> None:
    """Give rows with wrapped text a height that shows all of it (Excel and LibreOffice do not on opening)."""
    columns = ws.max_column
    chars = {c: _chars_per_line(ws.column_dimensions[get_column_letter(c)].width) for c in range(1, columns + 1)}
    for r, cells in enumerate(ws.iter_rows(min_row=first, max_row=last, max_col=columns), start=first):
        lines = 1
        for cell in cells:
            if isinstance(cell.value, str) and cell.value:
                lines = max(lines, _lines([cell.value], chars[cell.column]))
        ws.row_dimensions[r].height = _row_height(lines, line_height)


def _chars_per_line(width: float | None) -> int:
    return max(1, int((width or 13) * 1.1))


def _row_height(lines: int, line_height: float = 15.0) -> float:
    return min(MAX_ROW_HEIGHT, lines * line_height + 3)


# -- Perspectieven ------------------------------------------------------------------------------------


def _perspectives(ws: Worksheet, workshop: Workshop, notes: list[Note], synthesis: SynthesisData) -> None:
    table = merge(notes)
    heading = _put_text(ws.cell(1, 1), f"Perspectieven · {workshop.pps_name}: {workshop.title}")
    heading.font = _cell_font(bold=True, size=14)
    _put_text(
        ws.cell(2, 1),
        "Per stakeholder de synthese bij de vier vragen van het canvas; waar een cel nog geen synthese heeft, "
        "de notities (tussen haakjes het blok waar ze staan).",
    ).font = NOTE_FONT
    _header(ws, 3, ["Stakeholder", *(q.label for q in Question)])
    ws.row_dimensions[3].height = 30
    for i, role in enumerate(table.rows, start=4):
        cell = _put_text(ws.cell(i, 1), ROLES[role].label)
        cell.fill, cell.font, cell.alignment = _role_fill(role), _role_font(role, bold=True), WRAP_TOP
        for j, question in enumerate(Question, start=2):
            entries = table.cell(role, question)
            lines = cell_lines(synthesis, role, question) or [
                f"• {_checked(e.text, 'Een notitie')} ({e.block_title})" for e in entries
            ]
            target = _put_text(ws.cell(i, j), "\n".join(lines) or "—", f"De perspectieven van {ROLES[role].label}")
            target.alignment = WRAP_TOP
            target.border = CELL_LINES
            if not lines:
                target.font = EMPTY_FONT
        ws.cell(i, 1).border = BOTTOM_LINE
    ws.column_dimensions["A"].width = 16
    for col in "BCDE":
        ws.column_dimensions[col].width = 48
    ws.freeze_panes = "B4"
    _fit_rows(ws, 4, 3 + len(table.rows))
    _print_setup(ws, title_rows="3:3")


# -- Antwoorden ---------------------------------------------------------------------------------------

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
)


def _answers(ws: Worksheet, workshop: Workshop, notes: list[Note], votes: dict[int, int]) -> None:
    order = {b.id: i for i, b in enumerate(BLOCKS)}
    rows = sorted(notes, key=lambda n: (order[n.block_id], n.created_at, n.id))
    _header(ws, 1, [name for name, _ in ANSWER_COLUMNS])
    for i, (_, width) in enumerate(ANSWER_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    _fit_rows(ws, 1, 1)
    # One row per note, thousands of them: each cell is stamped with a style worked out once (the same
    # style _put_text and _put_time give, with WRAP_TOP), and the row height is counted from the texts.
    text_style = _style_array(ws, alignment=WRAP_TOP, number_format="@", quote_prefix=True)
    role_styles = {
        role: _style_array(
            ws,
            alignment=WRAP_TOP,
            number_format="@",
            quote_prefix=True,
            fill=_role_fill(role),
            font=_role_font(role, bold=True),
        )
        for role in Role
    }
    time_style = _style_array(ws, alignment=WRAP_TOP, number_format=DATETIME_FORMAT)
    blank_style = _style_array(ws, alignment=WRAP_TOP)
    chars = [_chars_per_line(width) for _, width in ANSWER_COLUMNS]
    heights = ws.row_dimensions
    for r, note in enumerate(rows, start=2):
        blk = BLOCKS_BY_ID[note.block_id]
        name, organisation = ("", "") if workshop.anonymous else (note.author_name, note.author_organisation)
        values = (blk.title, blk.feeds.label, ROLES[note.role].label, note.sub_role, name, organisation, note.text)
        cells: list[Cell] = []
        lines = 1
        if ILLEGAL_CHARACTERS_RE.search("".join(values)):
            for value in values:
                _checked(value, _note_what(note))
        for c, value in enumerate(values):
            cell = Cell(ws, style_array=role_styles[note.role] if c == 2 else text_style)
            # Always text, never a formula (see _put_text). The texts are checked above, so it is stored as
            # openpyxl's value setter would store it (cut off at Excel's limit) without checking it twice.
            cell._value = value if len(value) <= MAX_CELL_CHARS else value[:MAX_CELL_CHARS]
            cell.data_type = "s"
            cells.append(cell)
            # A short printable text is one line (no tab, no line break); anything else is counted.
            if cell._value and not (len(value) <= chars[c] and value.isprintable()):
                lines = max(lines, _lines([cell._value], chars[c]))
        cells.append(Cell(ws, value=_local(note.created_at), style_array=time_style))
        if note.version > 1 or note.updated_at != note.created_at:
            cells.append(Cell(ws, value=_local(note.updated_at), style_array=time_style))
        else:
            cells.append(Cell(ws, style_array=blank_style))
        # Votes of closed votes only (open ones stay hidden); 0 where nobody voted or there was no vote.
        cells.append(Cell(ws, value=votes.get(note.id, 0), style_array=blank_style))
        ws.append(cells)
        heights[r].height = _row_height(lines)
    last_row = max(2, len(rows) + 1)  # Excel wants at least one body row in a table
    ref = f"A1:{get_column_letter(len(ANSWER_COLUMNS))}{last_row}"
    # The columns named here, as openpyxl would from the header row: else it reads the whole table to find it.
    columns = [TableColumn(id=i, name=name) for i, (name, _) in enumerate(ANSWER_COLUMNS, start=1)]
    table = Table(displayName="Antwoorden", ref=ref, tableColumns=columns, autoFilter=AutoFilter(ref=ref))
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"
    _print_setup(ws, title_rows="1:1")


def _print_setup(ws: Worksheet, *, title_rows: str | None = None, fit_height: bool = False) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if fit_height else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
