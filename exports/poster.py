"""The poster of a workshop's canvas, as a PDF to print and hang on the wall (A3 landscape, or A1/A0).

Page 1 is the board: the 18 blocks in the grid of ``canvas.blocks`` (the same as the board page), per block
the gedeeld perspectief and every note in its stakeholder's colour with the stakeholder's name on it, a
legend, and the PPS, workshop, phase and date on top. Page 2 (and on) is the Perspectieven table: the
facilitator's synthesis where a cell has one, else that cell's notes (``canvas.merge``). Text that does not
fit its block is set smaller, down to a minimum; what still does not fit continues on a "Vervolg" page, and
the block says so ("vervolg op pagina N"). Nothing is cut off.

Drawn with ReportLab (vector, the font embedded): see the README for why, and ``exports.text`` for how
right-to-left text and missing glyphs are handled.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A0, A1, A3, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from canvas.blocks import BLOCKS, GRID_COLUMNS, GRID_ROWS, Block, Question
from canvas.merge import merge
from canvas.model import Note, SharedConclusion, Workshop
from data.store import InvalidInput, Store
from exports.excel import synthesis_data
from exports.excel.synthesis_sheet import SynthesisData, votes_suffix
from exports.text import Line, wrap
from stakeholders.roles import Role, role_info

__all__ = ["BOLD", "FONT_FILES", "FORMATS", "REGULAR", "UnknownFormat", "build_poster", "poster_pdf", "register_fonts"]

FORMATS: dict[str, tuple[float, float]] = {"A3": landscape(A3), "A1": landscape(A1), "A0": landscape(A0)}

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"PPSCanvasSans": FONT_DIR / "DejaVuSans.ttf", "PPSCanvasSans-Bold": FONT_DIR / "DejaVuSans-Bold.ttf"}
REGULAR, BOLD = FONT_FILES

# Sizes in points on A3; larger formats scale everything with the page width, so an A0 looks the same.
NOTE_SIZE = 7.5
# The smallest note text: readable at arm's length on A3 (and 10 pt on A1).
MIN_NOTE_SIZE = 5.0
SIZE_STEP = 0.25
# Padding inside a note, as a fraction of its text size.
PAD_RATIO = 0.34
TITLE_SIZE = 8.5
TABLE_SIZE = 7.5
MARGIN = 9 * mm
GAP = 2.2 * mm
BAND_GAP = 3.2 * mm
HEADER_HEIGHT = 19 * mm
FOOTER_HEIGHT = 6 * mm

INK = "#1A1A1A"
MUTED = "#595959"  # 7:1 on white
BLOCK_FILL = "#F4F3EF"
BLOCK_LINE = "#A6A39B"
CONCLUSION_LINE = "#404040"
MARKER = "#9E1A1A"  # 7.6:1 on the block fill
TINT = 0.30  # a note's fill: its role colour, 30 % on white, under black text (contrast above 10:1)

MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december".split()  # noqa: SIM905
)


class UnknownFormat(InvalidInput):
    """A paper size the poster does not come in."""


def poster_pdf(store: Store, workshop: Workshop, formaat: str = "A3", *, on: date | None = None) -> bytes:
    """The poster PDF of this workshop (every live note, revealed or not), from the store as it is now.

    Page 1 holds every note in its block; the Perspectieven table shows the synthesis where a cell has one
    (as the workbook does: most votes first once a vote was closed) and that cell's notes where it has none.
    """
    return build_poster(
        workshop,
        store.notes(workshop.id),
        store.conclusions(workshop.id),
        formaat=formaat,
        on=on or date.today(),
        synthesis=synthesis_data(store, workshop),
    )


def build_poster(
    workshop: Workshop,
    notes: Iterable[Note],
    conclusions: dict[str, SharedConclusion],
    *,
    formaat: str = "A3",
    on: date | None = None,
    synthesis: SynthesisData | None = None,
) -> bytes:
    size = FORMATS.get(formaat.upper())
    if size is None:
        raise UnknownFormat(f"Onbekend formaat {formaat!r}: kies A3, A1 of A0.")
    register_fonts()
    notes = [n for n in notes if not n.deleted]
    poster = _Poster(workshop, notes, conclusions, size, on or date.today(), synthesis or SynthesisData())
    return poster.render()


# -- fonts --------------------------------------------------------------------------------------------


@cache
def register_fonts() -> None:
    """The vendored DejaVu fonts under their names ``REGULAR`` and ``BOLD``, once per process (the report too)."""
    for name, path in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))


@cache
def _glyphs(font: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def _has_glyph(font: str) -> Callable[[int], bool]:
    glyphs = _glyphs(font)
    return glyphs.__contains__


def _lines(text: str, font: str, size: float, width: float, first_indent: float = 0.0) -> list[Line]:
    return wrap(text, width, lambda s: pdfmetrics.stringWidth(s, font, size), _has_glyph(font), first_indent)


# -- colours ------------------------------------------------------------------------------------------


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def tint(hex_colour: str, amount: float = TINT) -> str:
    """The colour mixed with white: ``amount`` of the colour."""
    r, g, b = _rgb(hex_colour)
    mixed = (round(255 * (1 - amount + amount * c)) for c in (r, g, b))
    return "#" + "".join(f"{c:02X}" for c in mixed)


def note_fill(role: Role) -> str:
    return tint(role_info(role).colour)


def _set_fill(c: Canvas, hex_colour: str) -> None:
    c.setFillColorRGB(*_rgb(hex_colour))


def _set_stroke(c: Canvas, hex_colour: str) -> None:
    c.setStrokeColorRGB(*_rgb(hex_colour))


def _long_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


# -- layout -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """A note, a gedeeld perspectief or a table entry, wrapped at one size: its lines and how it is drawn."""

    kind: str  # "note", "conclusion" or "entry"
    size: float
    lines: tuple[Line, ...]
    role: Role | None = None
    header: str = ""  # a bold line of its own above the text
    prefix: str = ""  # a bold label at the start of the first line

    @property
    def leading(self) -> float:
        return self.size * 1.2

    @property
    def pad(self) -> float:
        return 0 if self.kind == "entry" else self.size * PAD_RATIO

    @property
    def chrome(self) -> float:
        """Height without the text lines: padding and the header line."""
        return 2 * self.pad + (self.leading if self.header else 0)

    @property
    def height(self) -> float:
        return self.chrome + len(self.lines) * self.leading

    def split(self, keep: int) -> tuple[_Item, _Item]:
        head = replace(self, lines=self.lines[:keep])
        label = self.header or self.prefix.rstrip(": ·")
        rest = [replace(line, indent=0.0) for line in self.lines[keep:]]
        tail = replace(self, lines=tuple(rest), header=f"{label} (vervolg)" if label else "", prefix="")
        return head, tail


def _gap(size: float) -> float:
    return size * 0.32


def _take(items: Sequence[_Item], room: float) -> tuple[list[_Item], list[_Item], float]:
    """As many items as fit in ``room`` (the one that straddles split by lines); what is left; the height used."""
    placed: list[_Item] = []
    used = 0.0
    for i, item in enumerate(items):
        gap = _gap(item.size) if placed else 0.0
        if used + gap + item.height <= room + 0.01:
            placed.append(item)
            used += gap + item.height
            continue
        keep = int((room - used - gap - item.chrome + 0.01) // item.leading)
        if 1 <= keep < len(item.lines):
            head, tail = item.split(keep)
            placed.append(head)
            return placed, [tail, *items[i + 1 :]], used + gap + head.height
        return placed, list(items[i:]), used
    return placed, [], used


def _total(items: Sequence[_Item]) -> float:
    return sum(i.height for i in items) + sum(_gap(i.size) for i in items[1:])


@dataclass
class _Source:
    """What goes into a block before it is wrapped: its kind, text and writer's role."""

    kind: str
    text: str
    role: Role | None = None


def _taking_turns(sources: list[_Source]) -> list[_Source]:
    """The gedeeld perspectief first, then one note of each stakeholder in turn (each in the order written)."""
    firsts = [s for s in sources if s.kind != "note"]
    queues: dict[Role | None, list[_Source]] = {}
    for s in sources:
        if s.kind == "note":
            queues.setdefault(s.role, []).append(s)
    turns: list[_Source] = []
    while any(queues.values()):
        for queue in queues.values():
            if queue:
                turns.append(queue.pop(0))
    return firsts + turns


@dataclass
class _BlockFit:
    block: Block
    x: float
    y: float  # top
    w: float
    h: float
    title_lines: list[Line]
    size: float
    placed: list[_Item]
    rest: list[_Item]
    continued_on: int = 0


# On a Vervolg page: (x, top, width, an item or a block's heading).
_Part = tuple[float, float, float, "_Item | str"]


class _Poster:
    def __init__(
        self,
        workshop: Workshop,
        notes: list[Note],
        conclusions: dict[str, SharedConclusion],
        size: tuple[float, float],
        on: date,
        synthesis: SynthesisData,
    ) -> None:
        self.workshop = workshop
        self.notes = notes
        self.synthesis = synthesis
        self.conclusions = conclusions
        self.width, self.height = size
        self.s = self.width / FORMATS["A3"][0]
        self.on = on
        order = list(Role)
        main = {Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS}
        self.roles_present = sorted({n.role for n in notes} | main, key=order.index)

    # sizes scaled to the page
    def k(self, value: float) -> float:
        return value * self.s

    # -- items ---------------------------------------------------------------------------------------

    def _item(self, source: _Source, size: float, width: float) -> _Item:
        pad = size * PAD_RATIO
        inner = width - 2 * pad - (self.k(1.6) if source.kind == "note" else 0)
        if source.kind == "conclusion":
            lines = _lines(source.text, REGULAR, size, inner)
            return _Item("conclusion", size, tuple(lines), header="Gedeeld perspectief")
        assert source.role is not None
        prefix = f"{role_info(source.role).label}: "
        indent = pdfmetrics.stringWidth(prefix, BOLD, size)
        lines = _lines(source.text, REGULAR, size, inner, first_indent=indent)
        return _Item("note", size, tuple(lines), role=source.role, prefix=prefix)

    def _sources(self, block: Block) -> list[_Source]:
        out: list[_Source] = []
        conclusion = self.conclusions.get(block.id)
        if conclusion is not None and conclusion.text.strip():
            out.append(_Source("conclusion", conclusion.text))
        order = list(Role)
        mine = sorted(
            (n for n in self.notes if n.block_id == block.id),
            key=lambda n: (order.index(n.role), n.created_at, n.id),
        )
        out.extend(_Source("note", n.text, n.role) for n in mine)
        return out

    # -- page 1: the board ---------------------------------------------------------------------------

    def _grid(self) -> list[_BlockFit]:
        left, right = self.k(MARGIN), self.width - self.k(MARGIN)
        top = self.height - self.k(MARGIN) - self.k(HEADER_HEIGHT)
        bottom = self.k(MARGIN) + self.k(FOOTER_HEIGHT)
        gap, band_gap = self.k(GAP), self.k(BAND_GAP)
        col_w = (right - left - (GRID_COLUMNS - 1) * gap) / GRID_COLUMNS
        # Band gaps between row 1 | rows 2-3 | row 4.
        room = top - bottom - (GRID_ROWS - 1) * gap - 2 * (band_gap - gap)

        def width(b: Block) -> float:
            return b.col_span * col_w + (b.col_span - 1) * gap

        # Rows get their height from what their blocks hold (each at least a sixth of the board, so the canvas
        # keeps its shape; a block two rows high shares its need over both). The largest note size at which
        # every row fits is the poster's size; the room left over is shared out in proportion.
        def needs(size: float) -> dict[int, float]:
            need = dict.fromkeys(range(1, GRID_ROWS + 1), room / 6)
            for b in BLOCKS:
                if b.row_span == 1:
                    need[b.row] = max(need[b.row], self._natural(b, width(b), size))
            for b in BLOCKS:
                if b.row_span > 1:
                    rows = range(b.row, b.row + b.row_span)
                    short = self._natural(b, width(b), size) - sum(need[r] for r in rows) - (b.row_span - 1) * gap
                    for r in rows:
                        need[r] += max(0.0, short) / b.row_span
            return need

        size = self.k(NOTE_SIZE)
        need = needs(size)
        while sum(need.values()) > room and size > self.k(MIN_NOTE_SIZE) + 0.001:
            size = max(size - self.k(SIZE_STEP), self.k(MIN_NOTE_SIZE))
            need = needs(size)
        total = sum(need.values())
        if total <= room:
            row_h = {r: need[r] * room / total for r in need}
        else:
            # More than fits even at the smallest size: every row keeps its floor, the rest of the room goes
            # by how much more each needs.
            floor = room / 6
            extra = {r: need[r] - floor for r in need}
            row_h = {r: floor + (room - GRID_ROWS * floor) * extra[r] / sum(extra.values()) for r in need}

        def row_top(row: int) -> float:
            extra = (band_gap - gap) * ((row > 1) + (row > 3))
            return top - sum(row_h[r] + gap for r in range(1, row)) - extra

        places = []
        for b in BLOCKS:
            x = left + (b.col - 1) * (col_w + gap)
            h = sum(row_h[r] for r in range(b.row, b.row + b.row_span)) + (b.row_span - 1) * gap
            places.append((b, x, row_top(b.row), width(b), h))
        # One note size for the whole poster (it reads calmer); a block that still needs smaller type to hold
        # everything goes smaller on its own, down to the minimum.
        return [self._fit(*place, cap=size) for place in places]

    def _room(self, b: Block, w: float, h: float) -> tuple[list[Line], float]:
        pad = self.k(2.2 * mm)
        title_size = self.k(TITLE_SIZE)
        title_lines = _lines(b.title, BOLD, title_size, w - 2 * pad)
        return title_lines, h - 2 * pad - len(title_lines) * title_size * 1.2 - self.k(1.6 * mm)

    def _items(self, sources: list[_Source], size: float, inner: float) -> list[_Item]:
        return [self._item(s, size + (self.k(0.5) if s.kind == "conclusion" else 0), inner) for s in sources]

    def _natural(self, b: Block, w: float, size: float) -> float:
        """The height a block needs to show everything at this note size."""
        title_lines, room = self._room(b, w, 0.0)
        items = self._items(self._sources(b), size, w - 2 * self.k(2.2 * mm))
        return _total(items) - room

    def _fit(self, b: Block, x: float, y: float, w: float, h: float, cap: float | None = None) -> _BlockFit:
        title_lines, room = self._room(b, w, h)
        inner = w - 2 * self.k(2.2 * mm)
        sources = self._sources(b)
        size = cap or self.k(NOTE_SIZE)
        while True:
            items = self._items(sources, size, inner)
            if _total(items) <= room or size <= self.k(MIN_NOTE_SIZE) + 0.001:
                break
            size = max(size - self.k(SIZE_STEP), self.k(MIN_NOTE_SIZE))
        if _total(items) <= room:
            return _BlockFit(b, x, y, w, h, title_lines, size, items, [])
        # Still too much at the smallest size: keep a line for the marker, the rest goes to a Vervolg page.
        # The stakeholders take turns, so every side that wrote here is seen on the board itself.
        items = self._items(_taking_turns(sources), size, inner)
        placed, rest, _ = _take(items, room - size * 1.6)
        return _BlockFit(b, x, y, w, h, title_lines, size, placed, rest)

    def _draw_block(self, c: Canvas, f: _BlockFit) -> None:
        pad = self.k(2.2 * mm)
        _set_fill(c, BLOCK_FILL)
        _set_stroke(c, BLOCK_LINE)
        c.setLineWidth(self.k(0.6))
        c.roundRect(f.x, f.y - f.h, f.w, f.h, self.k(1.6 * mm), stroke=1, fill=1)
        title_size = self.k(TITLE_SIZE)
        ty = f.y - pad - title_size * 0.9
        _set_fill(c, INK)
        for line in f.title_lines:
            c.setFont(BOLD, title_size)
            c.drawString(f.x + pad, ty, line.text)
            ty -= title_size * 1.2
        cursor = f.y - pad - len(f.title_lines) * title_size * 1.2 - self.k(1.6 * mm)
        for i, item in enumerate(f.placed):
            if i:
                cursor -= _gap(item.size)
            self._draw_item(c, item, f.x + pad, cursor, f.w - 2 * pad)
            cursor -= item.height
        if not f.placed:
            c.setFont(REGULAR, self.k(NOTE_SIZE))
            _set_fill(c, MUTED)
            c.drawString(f.x + pad, cursor - self.k(NOTE_SIZE), "nog geen notities")
        if f.rest:
            notes_left = sum(1 for i in f.rest if i.kind == "note" and not i.header)
            more = f" (nog {notes_left} notitie{'s' if notes_left != 1 else ''})" if notes_left else ""
            c.setFont(BOLD, f.size)
            _set_fill(c, MARKER)
            c.drawString(f.x + pad, f.y - f.h + pad + f.size * 0.2, f"▶ vervolg op pagina {f.continued_on}{more}")

    def _draw_item(self, c: Canvas, item: _Item, x: float, top: float, w: float) -> None:
        size, lead, pad = item.size, item.leading, item.pad
        text_x = x + pad
        if item.kind == "note":
            assert item.role is not None
            _set_fill(c, note_fill(item.role))
            c.setLineWidth(0)
            c.rect(x, top - item.height, w, item.height, stroke=0, fill=1)
            _set_fill(c, role_info(item.role).colour)
            c.rect(x, top - item.height, self.k(1.6), item.height, stroke=0, fill=1)
            text_x += self.k(1.6)
        elif item.kind == "conclusion":
            c.setFillColorRGB(1, 1, 1)
            _set_stroke(c, CONCLUSION_LINE)
            c.setLineWidth(self.k(0.9))
            c.rect(x, top - item.height, w, item.height, stroke=1, fill=1)
        right = x + w - pad
        y = top - pad - size * 0.93
        if item.header:
            c.setFont(BOLD, size * 0.92)
            _set_fill(c, INK if item.kind != "conclusion" else MUTED)
            c.drawString(text_x, y, item.header.upper() if item.kind == "conclusion" else item.header)
            y -= lead
        _set_fill(c, INK)
        for n, line in enumerate(item.lines):
            if n == 0 and item.prefix:
                c.setFont(BOLD, size)
                c.drawString(text_x, y, item.prefix)
            c.setFont(REGULAR, size)
            if line.rtl:
                c.drawRightString(right, y, line.text)
            else:
                c.drawString(text_x + line.indent, y, line.text)
            y -= lead

    def _draw_header(self, c: Canvas, page: int, pages: int, subtitle: str) -> None:
        w = self.workshop
        left, right = self.k(MARGIN), self.width - self.k(MARGIN)
        top = self.height - self.k(MARGIN)
        _set_fill(c, INK)
        name_size = self.k(20)
        c.setFont(BOLD, name_size)
        name = _lines(w.pps_name, BOLD, name_size, (right - left) * 0.55)[0].text
        c.drawString(left, top - name_size * 0.85, name)
        c.setFont(REGULAR, self.k(10))
        details = [w.title, w.phase.label]
        if w.date:
            details.append(_long_date(w.date))
        if w.region:
            details.append(w.region)
        line = _lines(" · ".join(details), REGULAR, self.k(10), (right - left) * 0.62)[0].text
        c.drawString(left, top - name_size * 0.85 - self.k(13), line)
        _set_fill(c, MUTED)
        c.setFont(BOLD, self.k(9))
        c.drawRightString(right, top - self.k(8), subtitle)
        # Legend: a swatch per stakeholder, always with its name.
        c.setFont(REGULAR, self.k(8.5))
        x = right
        y = top - self.k(22)
        for role in reversed(self.roles_present):
            info = role_info(role)
            label_w = pdfmetrics.stringWidth(info.label, REGULAR, self.k(8.5))
            x -= label_w
            _set_fill(c, INK)
            c.drawString(x, y, info.label)
            sw = self.k(14)
            x -= sw + self.k(4)
            _set_fill(c, note_fill(role))
            c.rect(x, y - self.k(2.5), sw, self.k(10), stroke=0, fill=1)
            _set_fill(c, info.colour)
            c.rect(x, y - self.k(2.5), self.k(1.6), self.k(10), stroke=0, fill=1)
            x -= self.k(12)
        _set_stroke(c, BLOCK_LINE)
        c.setLineWidth(self.k(0.6))
        rule_y = self.height - self.k(MARGIN) - self.k(HEADER_HEIGHT) + self.k(2.2 * mm)
        c.line(left, rule_y, right, rule_y)
        self._draw_footer(c, page, pages)

    def _draw_footer(self, c: Canvas, page: int, pages: int) -> None:
        left, right = self.k(MARGIN), self.width - self.k(MARGIN)
        y = self.k(MARGIN) + self.k(1)
        c.setFont(REGULAR, self.k(7.5))
        _set_fill(c, MUTED)
        c.drawString(
            left,
            y,
            f"Sociale Innovatie Business Model Canvas · workshop {self.workshop.code} · "
            f"gemaakt met PPS Canvas op {_long_date(self.on)}",
        )
        c.drawRightString(right, y, f"pagina {page} van {pages}")

    # -- page 2 and on: the Perspectieven table ---------------------------------------------------------

    def _table_pages(self) -> list[list[tuple[Role, bool, list[list[_Item]], float]]]:
        """The table's rows per page: (role, continued, cells, height)."""
        table = merge(self.notes)
        left, right = self.k(MARGIN), self.width - self.k(MARGIN)
        top = self.height - self.k(MARGIN) - self.k(HEADER_HEIGHT)
        bottom = self.k(MARGIN) + self.k(FOOTER_HEIGHT)
        self.table_x = left
        widths = [(right - left) * 0.12] + [(right - left) * 0.22] * 4
        self.table_widths = widths
        size = self.k(TABLE_SIZE)
        cell_pad = self.k(1.8 * mm)
        head_h = self._table_head_height(size, widths, cell_pad)
        room = top - bottom - head_h
        pages: list[list[tuple[Role, bool, list[list[_Item]], float]]] = [[]]
        left_on_page = room
        # A side with a point of the synthesis but no note (a point "zonder notitie") gets its row too.
        pointed = {b.role for b in self.synthesis.bullets if not b.removed}
        rows = sorted(set(table.rows) | pointed, key=list(Role).index)
        for role in rows:
            cells: list[list[_Item]] = []
            for q, width in zip(Question, widths[1:], strict=True):
                inner = width - 2 * cell_pad
                bullet = pdfmetrics.stringWidth("• ", BOLD, size)
                points = self.synthesis.cell(role, q)
                votes = self.synthesis.bullet_votes
                texts = (
                    [f"{b.text}{votes_suffix(votes.get(b.id, 0))}" for b in points]
                    if points
                    else [f"{e.text} ({e.block_title})" for e in table.cell(role, q)]
                )
                cells.append(
                    [
                        _Item("entry", size, tuple(_lines(text, REGULAR, size, inner, bullet)), prefix="• ")
                        for text in texts
                    ]
                )
            continued = False
            while True:
                need = max([_total(cell) for cell in cells] + [size * 2.5]) + 2 * cell_pad
                if need <= left_on_page + 0.01:
                    pages[-1].append((role, continued, cells, need))
                    left_on_page -= need
                    break
                if need <= room and pages[-1]:
                    pages.append([])
                    left_on_page = room
                    continue
                if left_on_page < size * 6 and pages[-1]:
                    pages.append([])
                    left_on_page = room
                    continue
                # Split the row: every cell gives what fits here, the rest goes on the next page.
                split = [_take(cell, left_on_page - 2 * cell_pad) for cell in cells]
                placed = [p for p, _, _ in split]
                height = max([u for _, _, u in split] + [size * 2.5]) + 2 * cell_pad
                pages[-1].append((role, continued, placed, height))
                cells = [r for _, r, _ in split]
                continued = True
                pages.append([])
                left_on_page = room
        self.table_size, self.cell_pad, self.table_head_h = size, cell_pad, head_h
        return pages

    def _table_head_height(self, size: float, widths: list[float], cell_pad: float) -> float:
        labels = zip(Question, widths[1:], strict=True)
        lines = max(len(_lines(q.label, BOLD, size, w - 2 * cell_pad)) for q, w in labels)
        return lines * size * 1.24 + 2 * cell_pad

    def _draw_table_page(self, c: Canvas, rows: list[tuple[Role, bool, list[list[_Item]], float]]) -> None:
        size, pad, widths = self.table_size, self.cell_pad, self.table_widths
        x0 = self.table_x
        y = self.height - self.k(MARGIN) - self.k(HEADER_HEIGHT)
        total_w = sum(widths)
        _set_fill(c, "#404040")
        c.rect(x0, y - self.table_head_h, total_w, self.table_head_h, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        x = x0
        for label, w in zip(["Stakeholder", *(q.label for q in Question)], widths, strict=True):
            ty = y - pad - size * 0.93
            for line in _lines(label, BOLD, size, w - 2 * pad):
                c.setFont(BOLD, size)
                c.drawString(x + pad, ty, line.text)
                ty -= size * 1.24
            x += w
        y -= self.table_head_h
        for role, continued, cells, height in rows:
            info = role_info(role)
            _set_fill(c, note_fill(role))
            c.rect(x0, y - height, widths[0], height, stroke=0, fill=1)
            _set_fill(c, info.colour)
            c.rect(x0, y - height, self.k(2.4), height, stroke=0, fill=1)
            _set_fill(c, INK)
            c.setFont(BOLD, size * 1.1)
            c.drawString(x0 + pad + self.k(2.4), y - pad - size, info.label)
            if continued:
                c.setFont(REGULAR, size * 0.9)
                c.drawString(x0 + pad + self.k(2.4), y - pad - size * 2.3, "(vervolg)")
            x = x0 + widths[0]
            for cell, w in zip(cells, widths[1:], strict=True):
                if not cell and not continued:
                    _set_fill(c, MUTED)
                    c.setFont(REGULAR, size)
                    c.drawString(x + pad, y - pad - size * 0.93, "– nog niets gezegd")
                cursor = y - pad
                for i, item in enumerate(cell):
                    if i:
                        cursor -= _gap(size)
                    self._draw_item(c, item, x + pad, cursor, w - 2 * pad)
                    cursor -= item.height
                x += w
            _set_stroke(c, BLOCK_LINE)
            c.setLineWidth(self.k(0.5))
            c.line(x0, y - height, x0 + total_w, y - height)
            y -= height
        # Column lines.
        x = x0
        top = self.height - self.k(MARGIN) - self.k(HEADER_HEIGHT)
        for w in widths[:-1]:
            x += w
            c.line(x, top - self.table_head_h, x, y)

    # -- Vervolg pages: what did not fit in its block -----------------------------------------------------

    def _overflow_pages(self, fits: list[_BlockFit], first_page: int) -> list[list[_Part]]:
        """Per page: (x, top, width, item or a block heading), flowing down columns of a block's width."""
        spill = [f for f in fits if f.rest]
        if not spill:
            return []
        left, right = self.k(MARGIN), self.width - self.k(MARGIN)
        top = self.height - self.k(MARGIN) - self.k(HEADER_HEIGHT)
        bottom = self.k(MARGIN) + self.k(FOOTER_HEIGHT)
        pad = self.k(2.2 * mm)
        col_w = max(f.w for f in spill) - 2 * pad
        widths = {f.block.id: f.w - 2 * pad for f in spill}
        gap = self.k(6 * mm)
        columns = max(1, int((right - left + gap) // (col_w + gap)))
        pages: list[list[_Part]] = [[]]
        col, cursor = 0, top
        heading_size = self.k(TITLE_SIZE)

        def next_column() -> None:
            nonlocal col, cursor
            col += 1
            cursor = top
            if col >= columns:
                col = 0
                pages.append([])

        for f in spill:
            items = list(f.rest)
            heading = f"{f.block.title} (vervolg van pagina 1)"
            heading_h = heading_size * (1.4 + 1.2 * len(_lines(heading, BOLD, heading_size, widths[f.block.id])))
            if cursor - heading_h - (items[0].chrome + items[0].leading) < bottom:
                next_column()
            f.continued_on = first_page + len(pages) - 1
            x = left + col * (col_w + gap)
            pages[-1].append((x, cursor, widths[f.block.id], heading))
            cursor -= heading_h
            while items:
                x = left + col * (col_w + gap)
                placed, items, used = _take(items, cursor - bottom)
                y = cursor
                for i, item in enumerate(placed):
                    if i:
                        y -= _gap(item.size)
                    pages[-1].append((x, y, widths[f.block.id], item))
                    y -= item.height
                cursor -= used + self.k(4 * mm)
                if items:
                    next_column()
        return pages

    def _draw_overflow_page(self, c: Canvas, parts: list[_Part]) -> None:
        for x, y, w, part in parts:
            if isinstance(part, str):
                size = self.k(TITLE_SIZE)
                _set_fill(c, INK)
                c.setFont(BOLD, size)
                lines = _lines(part, BOLD, size, w)
                for n, line in enumerate(lines):
                    c.drawString(x, y - size - n * size * 1.2, line.text)
                rule = y - size * 1.6 - (len(lines) - 1) * size * 1.2
                _set_stroke(c, BLOCK_LINE)
                c.setLineWidth(self.k(0.6))
                c.line(x, rule, x + w, rule)
            else:
                self._draw_item(c, part, x, y, w)

    # -- the whole document ---------------------------------------------------------------------------

    def render(self) -> bytes:
        fits = self._grid()
        table_pages = self._table_pages()
        overflow = self._overflow_pages(fits, first_page=2 + len(table_pages))
        pages = 1 + len(table_pages) + len(overflow)
        buffer = io.BytesIO()
        c = Canvas(buffer, pagesize=(self.width, self.height), pageCompression=1, invariant=1, initialFontName=REGULAR)
        w = self.workshop
        c.setTitle(f"{w.pps_name}: {w.title} (canvas)")
        c.setAuthor("PPS Canvas")
        c.setSubject("Sociale Innovatie Business Model Canvas")
        c.setCreator("PPS Canvas")
        self._draw_header(c, 1, pages, "Sociale Innovatie Business Model Canvas")
        for f in fits:
            self._draw_block(c, f)
        c.showPage()
        for n, rows in enumerate(table_pages):
            title = (
                "Perspectieven: de synthese per stakeholder en vraag (notities waar nog geen synthese is)"
                if any(not b.removed for b in self.synthesis.bullets)
                else "Perspectieven: wat elke stakeholder zei, per vraag"
            )
            self._draw_header(c, 2 + n, pages, title)
            self._draw_table_page(c, rows)
            c.showPage()
        for n, parts in enumerate(overflow):
            self._draw_header(c, 2 + len(table_pages) + n, pages, "Vervolg van het canvas: wat niet in een blok paste")
            self._draw_overflow_page(c, parts)
            c.showPage()
        c.save()
        return buffer.getvalue()
