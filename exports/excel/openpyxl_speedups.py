"""Every export speed-up that relies on openpyxl's private internals, in one place.

openpyxl (pinned ``>=3.1,<4`` in pyproject.toml) is kept as the library that writes the file; these helpers
only skip slow paths of it. Each one leans on something openpyxl does not promise. On an openpyxl upgrade,
re-check each item below (``tests/test_excel.py`` reads the files back and catches most breakage; the
``make bench`` export figures in docs/benchmarks.md show whether the speed-up still pays):

``style_array``
    Builds a throw-away ``Cell`` and copies its private ``_style`` (a ``StyleArray`` of indices into the
    workbook's style tables), then stamps it onto many cells via ``Cell(ws, style_array=...)``. Relies on:
    ``Cell._style`` being a ``StyleArray``, the ``style_array`` keyword of ``Cell.__init__``, and style
    indices being workbook-wide (so one array is valid for every cell of the workbook).

``text_cell``
    Sets the private ``Cell._value`` and ``data_type = "s"`` directly, skipping the value setter's type
    guessing and illegal-character check (done by the caller). Relies on: ``_value`` being where the value
    lives, the writer reading ``data_type`` "s" as a string, and the setter's cut-off at 32 767 characters
    (``MAX_CELL_CHARS``), which is copied here.

``RichText``
    A ``CellRichText`` subclass whose ``to_tree`` writes the ``<is>`` inline-string XML as text and parses
    it once, serialising each distinct font once. Relies on: the writer calling ``to_tree()`` on rich-text
    values; the tree shape openpyxl builds (``r`` > ``rPr`` + ``t``; ``xml:space="preserve"`` only where
    ``openpyxl.xml.functions.whitespace`` would set it); ``InlineFont.to_tree(tagname="rPr")``; and
    ``openpyxl.xml.functions`` exporting ``Element``, ``fromstring``, ``tostring``, ``whitespace``. On
    malformed text it falls back to building the tree element by element, as openpyxl does.

``collector_paused``
    Switches Python's cycle collector off while a workbook is built and saved. Relies on nothing private,
    only on openpyxl not needing the collector to free memory while writing (it keeps every cell alive anyway).

``keep_carriage_returns``
    Rewrites the saved zip, turning raw carriage returns in worksheet XML and ``xl/sharedStrings.xml`` into
    ``&#13;``. Relies on: openpyxl writing a carriage return in cell text as a raw byte (so readers turn it
    into a line feed), worksheets living under ``xl/worksheets/``, and no raw carriage return appearing in
    those parts outside cell text. If a new openpyxl escapes carriage returns itself, this becomes a no-op
    (the file is returned as it is) and can go.
"""

from __future__ import annotations

import gc
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import Element, fromstring, tostring, whitespace

__all__ = ["MAX_CELL_CHARS", "RichText", "collector_paused", "keep_carriage_returns", "style_array", "text_cell"]


# openpyxl cuts a cell's text off at Excel's limit; ``text_cell``, which sets the text directly, does too.
MAX_CELL_CHARS = 32767


def style_array(
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


@contextmanager
def collector_paused() -> Iterator[None]:
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


def keep_carriage_returns(xlsx: bytes) -> bytes:
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


class RichText(CellRichText):
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


def text_cell(ws: Worksheet, value: str, style: StyleArray) -> Cell:
    """A text cell (never a formula) with a ready style, its value set without openpyxl's checks.

    The caller has checked the text already (``styles.checked``); it is stored as openpyxl's value setter
    would store it (cut off at Excel's limit) without checking and type-guessing it a second time.
    """
    cell = Cell(ws, style_array=style)
    cell._value = value if len(value) <= MAX_CELL_CHARS else value[:MAX_CELL_CHARS]
    cell.data_type = "s"
    return cell
