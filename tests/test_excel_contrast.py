"""Issue 11, item 7: every text in the Excel files keeps a contrast of at least 4.5:1 (WCAG AA) with its
background, computed from the workbook's own fills and fonts as read back with openpyxl: role-coloured cells,
headers, and the role labels in the canvas sheet's rich text. Only the coloured square before a note (a
shape, not text) is left out; beside it the role is written in words.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from exports.excel import workbook_bytes
from exports.samenwerking_excel import find_samenwerking, samenwerking_workbook_bytes
from stakeholders.roles import Role
from tests.demo_copy import load_demo

WHITE, BLACK = "FFFFFF", "000000"


def _rgb(colour) -> str | None:
    """An openpyxl colour as RRGGBB, or None for "automatic" (theme or unset)."""
    if colour is None or colour.type != "rgb" or not isinstance(colour.rgb, str):
        return None
    return colour.rgb[-6:].upper()


def _luminance(rgb: str) -> float:
    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_colours(cell) -> list[tuple[str, str]]:
    """(colour, text) of every run of text in the cell; automatic colour is black."""
    base = _rgb(cell.font.color) if cell.font else None
    if isinstance(cell.value, CellRichText):
        runs = []
        for part in cell.value:
            if isinstance(part, TextBlock):
                runs.append((_rgb(part.font.color) if part.font and part.font.color else base, part.text))
            else:
                runs.append((base, part))
        return [(c or BLACK, t) for c, t in runs]
    return [(base or BLACK, str(cell.value))]


def low_contrast(wb) -> list[str]:
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or str(cell.value).strip() == "":
                    continue
                fill = cell.fill
                background = _rgb(fill.fgColor) if fill is not None and fill.fill_type == "solid" else None
                background = background or WHITE
                for colour, text in text_colours(cell):
                    if not text.strip() or set(text.strip()) <= {"■"}:
                        continue  # the coloured square: a shape beside the written role, not text
                    ratio = contrast(colour, background)
                    if ratio < 4.5:
                        found.append(
                            f"{ws.title}!{cell.coordinate} {text[:30]!r}: #{colour} on #{background} {ratio:.2f}"
                        )
    return found


@pytest.fixture
def every_role(store):
    workshop, key = store.create_workshop(pps_name="Kleuren", title="Alle rollen")
    for role in Role:
        _, token = store.join(workshop.code, name=f"Naam {role.value}", role=role, sub_role="sub")
        for block_id in ("sociaal_probleem", "kosten", "oplossing", "begunstigden"):
            store.add_note(token, block_id, f"Notitie van {role.value}")
    store.set_conclusion(key, "kosten", "Samen")
    return workshop


def test_every_text_in_the_workshop_excel_reaches_four_and_a_half_to_one_on_its_fill(store, every_role):
    wb = load_workbook(io.BytesIO(workbook_bytes(store, every_role)), rich_text=True)
    assert any(c.fill.fill_type == "solid" for ws in wb.worksheets for r in ws.iter_rows() for c in r)
    assert not low_contrast(wb)


def test_every_text_in_the_demo_and_samenwerking_excels_reaches_four_and_a_half_to_one(store):
    load_demo(store)
    for workshop in store.workshops()[:2]:
        wb = load_workbook(io.BytesIO(workbook_bytes(store, workshop)), rich_text=True)
        assert not low_contrast(wb), workshop.code
        samenwerking = find_samenwerking(store, workshop.code)
        wb = load_workbook(io.BytesIO(samenwerking_workbook_bytes(store, samenwerking)), rich_text=True)
        assert not low_contrast(wb), samenwerking.name


def test_the_contrast_reader_sees_a_pale_text_on_a_role_fill():
    # The check must be able to fail: the raw role colour as text on white does not reach 4.5:1 for onderwijs.
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from stakeholders.roles import role_info

    wb = Workbook()
    cell = wb.active["A1"]
    cell.value = "Onderwijs"
    cell.font = Font(color="FF" + role_info(Role.ONDERWIJS).colour.lstrip("#"))
    assert low_contrast(wb)
    cell.fill = PatternFill("solid", fgColor="FF" + role_info(Role.ONDERWIJS).colour.lstrip("#"))
    cell.font = Font(color="FFFFFFFF")
    assert low_contrast(wb)
