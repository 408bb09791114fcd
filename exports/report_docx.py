"""The monitoringsrapportage as a Word file (python-docx), so partners can edit it before the stuurgroep meets.

Renders the parts of ``exports.report.build_report``: real Word headings (the navigation pane and a table of
contents work), tables in the built-in "Table Grid" style with a repeated header row, A4 portrait.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from exports.report import Heading, Paragraph, Report, Table

__all__ = ["report_docx"]

_MUTED = RGBColor(0x59, 0x59, 0x59)
_HEAD_FILL = "404040"
_TEXT_WIDTH_CM = 17.0


def _xml_safe(text: str) -> str:
    """Word cannot hold XML 1.0's control characters; the store refuses them, this guards the file anyway."""
    return "".join(c for c in text if c in "\t\n" or ord(c) >= 0x20)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def report_docx(report: Report) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)
    doc.core_properties.title = _xml_safe(report.title)
    doc.core_properties.subject = report.subject
    footer = section.footer.paragraphs[0]
    footer.text = _xml_safe(report.title)
    footer.runs[0].font.size = Pt(8)

    doc.add_heading(_xml_safe(report.title), level=0)
    sub = doc.add_paragraph(_xml_safe(report.subtitle))
    sub.runs[0].font.color.rgb = _MUTED
    for part in report.parts:
        if isinstance(part, Heading):
            doc.add_heading(_xml_safe(part.text), level=part.level)
        elif isinstance(part, Paragraph):
            p = doc.add_paragraph(_xml_safe(part.text), style="List Bullet" if part.bullet else None)
            if part.muted:
                for run in p.runs:
                    run.font.color.rgb = _MUTED
                    run.font.italic = True
        elif isinstance(part, Table):
            _table(doc, part)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _table(doc, part: Table) -> None:
    table = doc.add_table(rows=1, cols=len(part.headers))
    table.style = "Table Grid"
    table.autofit = False
    weights = part.widths or (1,) * len(part.headers)
    widths = [Cm(_TEXT_WIDTH_CM * w / sum(weights)) for w in weights]
    # LibreOffice reads the grid's column widths, Word the cells': set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    head = table.rows[0]
    _repeat_header(head)
    for cell, text, width in zip(head.cells, part.headers, widths, strict=True):
        cell.width = width
        cell.text = _xml_safe(text)
        _shade(cell, _HEAD_FILL)
        run = cell.paragraphs[0].runs[0]
        run.font.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    for values in part.rows:
        row = table.add_row()
        for cell, text, width in zip(row.cells, values, widths, strict=True):
            cell.width = width
            cell.text = _xml_safe(text)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    doc.add_paragraph()
