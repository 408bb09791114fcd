"""Fonts, fills, borders and colours of the workbook, and the safe way to put text and times in a cell.

Every style object is made once and shared: openpyxl hashes a style each time it is set on a cell, and
building and hashing fresh Font/Fill/Alignment/Border objects per cell was most of the export's time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from canvas.clock import local
from canvas.model import Note
from data.store import InvalidInput
from stakeholders.roles import Role, role_info

# Times in the workbook are local wall-clock times (canvas.clock.local): Excel has no time zones.

DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

# Excel refuses row heights above 409 points; a block with more notes than fit is cut off on the Canvas
# sheet (the Antwoorden sheet always has every note).
MAX_ROW_HEIGHT = 409

HEADER_FILL = PatternFill("solid", fgColor="FF404040")

FONT_NAME = "Calibri"


def cell_font(**kwargs: object) -> Font:
    """A font with its name set: without one, LibreOffice falls back to a serif face."""
    settings: dict[str, object] = {"name": FONT_NAME, **kwargs}
    return Font(**settings)


# Every style object is made once and shared: openpyxl hashes a style each time it is set on a cell, and
# building and hashing fresh Font/Fill/Alignment/Border objects per cell was most of the export's time.
HEADER_FONT = cell_font(bold=True, color="FFFFFFFF")

BOLD = cell_font(bold=True)

NOTE_FONT = cell_font(italic=True, color="FF595959")

# Grey for "—" (nothing here), still 5:1 on white (WCAG AA asks 4.5:1; #8C8C8C gave 3.4:1).
EMPTY_FONT = cell_font(color="FF707070")

BLOCK_TITLE_FONT = cell_font(bold=True, size=10)

BLOCK_TITLE_FILL = PatternFill("solid", fgColor="FFEDEBE6")

WRAP_TOP = Alignment(wrap_text=True, vertical="top")

WRAP_TOP_LEFT = Alignment(wrap_text=True, vertical="top", horizontal="left")

WRAP_CENTER = Alignment(wrap_text=True, vertical="center")

CENTERED = Alignment(horizontal="center", vertical="center")

THIN = Side(style="thin", color="FFB0B0B0")

MEDIUM = Side(style="medium", color="FF404040")

TOP_LINE = Border(top=THIN)

BOTTOM_LINE = Border(bottom=THIN)

CELL_LINES = Border(bottom=THIN, left=THIN, right=THIN)


class UnsafeText(InvalidInput):
    """Text that Excel cannot hold (an invisible control character); nothing is changed behind anyone's back."""


def argb(hex_colour: str) -> str:
    return "FF" + hex_colour.lstrip("#").upper()


def luminance(hex_colour: str) -> float:
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
        if 1.05 / (luminance(candidate) + 0.05) >= 4.5:
            return candidate
        rgb = [int(c * 0.92) for c in rgb]


@cache
def role_fill(role: Role) -> PatternFill:
    return PatternFill("solid", fgColor=argb(role_info(role).colour))


@cache
def role_font(role: Role, **kwargs: object) -> Font:
    return cell_font(color=argb(role_info(role).text_colour), **kwargs)


def checked(text: str, what: str) -> str:
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise UnsafeText(
            f"{what} bevat een onzichtbaar stuurteken dat Excel niet kan bewaren; er is geen Excel-bestand "
            "gemaakt. Haal het teken weg en exporteer opnieuw."
        )
    return text


def put_text(cell: Cell, text: str, what: str = "Een tekst") -> Cell:
    """Write ``text`` as a string, never as a formula, with the quote prefix Excel uses for typed text."""
    cell.value = checked(text, what)
    # openpyxl takes a value that starts with "=" for a formula; a string cell stores it as text instead.
    cell.data_type = "s"
    cell.number_format = "@"
    # quotePrefix: when someone edits the cell in Excel later, it stays text too.
    cell.quotePrefix = True
    return cell


def put_time(cell: Cell, moment: datetime) -> Cell:
    cell.value = local(moment)
    cell.number_format = DATETIME_FORMAT
    return cell


def note_what(note: Note) -> str:
    return f"De notitie van {note.author_name} in blok {note.block.title}"


def header(ws: Worksheet, row: int, labels: Sequence[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = put_text(ws.cell(row, col), label)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = WRAP_CENTER


def print_setup(ws: Worksheet, *, title_rows: str | None = None, fit_height: bool = False) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if fit_height else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
