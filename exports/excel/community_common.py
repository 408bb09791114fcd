"""What the four sheets of the community workbook share: a title, column widths, a row of values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exports.excel.styles import WRAP_TOP, cell_font, put_text
from stakeholders.roles import Role, role_info

__all__ = ["people", "row_values", "title", "widths"]


def title(ws: Worksheet, text: str, subtitle: str) -> None:
    put_text(ws.cell(1, 1), text).font = cell_font(bold=True, size=14)
    put_text(ws.cell(2, 1), subtitle).font = cell_font(italic=True, color="FF595959")


def widths(ws: Worksheet, values: Sequence[float]) -> None:
    for i, width in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def row_values(ws: Worksheet, r: int, values: Sequence[str | int | float | date | None]) -> None:
    """One row: text always as text (never a formula), dates as dates, scores with one decimal."""
    for c, value in enumerate(values, start=1):
        cell = ws.cell(r, c)
        if isinstance(value, str):
            put_text(cell, value)
        else:
            cell.value = value
            if isinstance(value, date):
                cell.number_format = "dd-mm-yyyy"
            elif isinstance(value, float):
                cell.number_format = "0.0"
        cell.alignment = WRAP_TOP


def people(counts: dict[Role, int]) -> str:
    return "\n".join(f"{role_info(r).label}: {counts[r]}" for r in Role if counts.get(r))
