"""The Excel workbook of one workshop, for project leaders to share with partners and funders.

Five sheets, one module each: Overzicht (``overview``: the workshop and its numbers), Canvas
(``canvas_sheet``: the board in its grid, notes coloured per stakeholder), Perspectieven (``perspectives``:
the table of seed 001, the synthesis where a cell has one, else the notes), Synthese (``synthesis_sheet``:
every point with its source notes and votes) and Antwoorden (``answers``: every note, as a filterable table,
with its votes). Shared styles and the
safe text cell are in ``styles``, row heights in ``sizing``, and everything that leans on openpyxl's private
internals in ``openpyxl_speedups``.

Participants' words are written as text and nothing else: a note that starts with ``=``, ``+``, ``-`` or
``@`` never becomes a formula, and what comes back out of the file is exactly what was typed.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook

from canvas.clock import as_utc, now
from canvas.merge import merge
from canvas.model import Note, Participant, SharedConclusion, Workshop
from canvas.synthesis import ItemKind
from data.store import Store
from exports.excel.answers import answers_sheet
from exports.excel.canvas_sheet import canvas_sheet
from exports.excel.openpyxl_speedups import (
    collector_paused,
    keep_carriage_returns,
)
from exports.excel.overview import overview_sheet
from exports.excel.perspectives import perspectives_sheet
from exports.excel.styles import (
    UnsafeText,
    label_colour,
)
from exports.excel.synthesis_sheet import SynthesisData, synthesis_sheet

__all__ = [
    "SHEETS",
    "UnsafeText",
    "build_workbook",
    "file_stem",
    "label_colour",
    "synthesis_data",
    "to_bytes",
    "workbook_bytes",
]

SHEETS = ("Overzicht", "Canvas", "Perspectieven", "Synthese", "Antwoorden")


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
    with collector_paused():
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
    exported_at = exported_at or now()
    wb = Workbook()
    wb.remove(wb.active)
    overview_sheet(wb.create_sheet("Overzicht"), workshop, participants, live, conclusions, exported_at)
    canvas_sheet(wb.create_sheet("Canvas"), workshop, live, conclusions)
    perspectives_sheet(wb.create_sheet("Perspectieven"), workshop, live, synthesis)
    synthesis_sheet(wb.create_sheet("Synthese"), workshop, synthesis, merge(live).rows)
    answers_sheet(wb.create_sheet("Antwoorden"), workshop, live, synthesis.note_votes)
    wb.properties.title = workshop.heading
    wb.properties.subject = "Sociale Innovatie Business Model Canvas"
    wb.properties.creator = "PPS Canvas"
    wb.properties.created = as_utc(exported_at).replace(tzinfo=None, microsecond=0)
    wb.properties.modified = wb.properties.created
    for ws in wb.worksheets:
        ws.oddFooter.left.text = workshop.heading.replace("&", "&&")
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
        synthesis=synthesis_data(store, workshop),
    )
    return to_bytes(wb)


def synthesis_data(store: Store, workshop: Workshop) -> SynthesisData:
    """The synthesis of a workshop as the workbook shows it: votes of closed votes only."""
    return SynthesisData(
        bullets=tuple(store.bullets(workshop.id)),
        notes_by_id={n.id: n for n in store.notes(workshop.id, include_deleted=True)},
        bullet_votes=store.vote_counts(workshop.id, ItemKind.BULLET),
        note_votes=store.vote_counts(workshop.id, ItemKind.NOTE),
    )


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    with collector_paused():
        wb.save(buffer)
    return keep_carriage_returns(buffer.getvalue())


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
