"""The Excel workbook of a lerende community, for its coordinator: four sheets, one module each.

**Samenwerkingen** (``exports.excel.community_samenwerkingen``), **Perspectieven** (the merged table,
``community_perspectives``), **Blokken** (one block per row, one member per column, ``community_blocks``) and
**Lessen** (``community_lessons``). Made from a ``CommunitySnapshot`` (``Store.community_snapshot``): only what
members share at that moment, so a member that left is not in it. Same finish as the other workbooks: header
style, A4 landscape fitted to the width, footers, every text written as text, never a formula.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from openpyxl import Workbook

from canvas.clock import as_utc, now
from canvas.community import Community, CommunitySnapshot
from exports.excel import to_bytes
from exports.excel.community_blocks import blocks_sheet
from exports.excel.community_lessons import lessons_sheet
from exports.excel.community_perspectives import perspectives_sheet
from exports.excel.community_samenwerkingen import samenwerkingen_sheet
from exports.excel.openpyxl_speedups import collector_paused

__all__ = ["COMMUNITY_SHEETS", "community_file_stem", "community_workbook_bytes"]

COMMUNITY_SHEETS = ("Samenwerkingen", "Perspectieven", "Blokken", "Lessen")


def community_file_stem(community: Community, on: date | None = None) -> str:
    """'community_Zij-instroom-techniek_2026-12-01': plain letters, digits, - and _ only."""
    ascii_name = unicodedata.normalize("NFKD", community.name).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^A-Za-z0-9]+", " ", ascii_name).split()
    name = "-".join(words)[:60].strip("-")
    return "_".join(p for p in ("community", name, (on or date.today()).isoformat()) if p)


def community_workbook_bytes(snapshot: CommunitySnapshot) -> bytes:
    with collector_paused():
        wb = Workbook()
        wb.remove(wb.active)
        samenwerkingen_sheet(wb.create_sheet("Samenwerkingen"), snapshot)
        perspectives_sheet(wb.create_sheet("Perspectieven"), snapshot)
        blocks_sheet(wb.create_sheet("Blokken"), snapshot)
        lessons_sheet(wb.create_sheet("Lessen"), snapshot)
        wb.properties.title = f"{snapshot.community.name}: lerende community"
        wb.properties.creator = "PPS Canvas"
        wb.properties.created = as_utc(now()).replace(tzinfo=None, microsecond=0)
        for ws in wb.worksheets:
            ws.oddFooter.left.text = f"{snapshot.community.name} · lerende community".replace("&", "&&")
            ws.oddFooter.right.text = "Pagina &P van &N"
            ws.page_margins.left = ws.page_margins.right = 0.4
            ws.page_margins.top = ws.page_margins.bottom = 0.5
    return to_bytes(wb)
