"""The monitoringsrapportage as a PDF (reportlab platypus), with the poster's vendored DejaVu fonts.

Renders the parts of ``exports.report.build_report`` on A4 portrait: headings, paragraphs, tables whose header
row repeats on a next page, and a footer with the title and page number. Text is escaped for reportlab's
paragraph markup, so a "<b>" typed by someone stays text.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from exports.poster import BOLD, REGULAR, register_fonts
from exports.report import Heading, Paragraph, Report, Table

__all__ = ["report_pdf"]

_MARGIN = 2 * cm
_WIDTH = A4[0] - 2 * _MARGIN
_INK = colors.HexColor("#1a1a1a")
_MUTED = colors.HexColor("#595959")


def _style(name: str, size: float, *, bold: bool = False, colour=_INK, space: float = 4, leading: float = 0):
    return ParagraphStyle(
        name,
        fontName=BOLD if bold else REGULAR,
        fontSize=size,
        leading=leading or size * 1.3,
        textColor=colour,
        spaceAfter=space,
        spaceBefore=space if size > 11 else 0,
    )


_TITLE = _style("titel", 20, bold=True, space=6)
_SUB = _style("onder", 10, colour=_MUTED, space=12)
_H1 = _style("kop1", 15, bold=True, space=8)
_H2 = _style("kop2", 12, bold=True, space=6)
# A heading never ends a page alone: it goes with what follows it.
_H1.keepWithNext = _H2.keepWithNext = 1
_BODY = _style("tekst", 10)
_MUTED_STYLE = _style("grijs", 9.5, colour=_MUTED)
_CELL = _style("cel", 8.5, space=0)
_HEAD = _style("celkop", 8.5, bold=True, colour=colors.white, space=0)


def _p(text: str, style: ParagraphStyle) -> PdfParagraph:
    return PdfParagraph(escape(text).replace("\n", "<br/>"), style)


def report_pdf(report: Report) -> bytes:
    register_fonts()
    buffer = io.BytesIO()

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(_MUTED)
        canvas.drawString(_MARGIN, 1.2 * cm, report.title)
        canvas.drawRightString(A4[0] - _MARGIN, 1.2 * cm, f"Pagina {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=_MARGIN, bottomMargin=_MARGIN,
        title=report.title, subject=report.subject, author="PPS Canvas",
    )  # fmt: skip
    story: list = [_p(report.title, _TITLE), _p(report.subtitle, _SUB)]
    bullets: list = []

    def flush() -> None:
        if bullets:
            story.append(
                ListFlowable(list(bullets), bulletType="bullet", start="•", leftIndent=12, bulletFontName=REGULAR)
            )
            bullets.clear()

    for part in report.parts:
        if isinstance(part, Paragraph) and part.bullet:
            bullets.append(ListItem(_p(part.text, _BODY), leftIndent=12))
            continue
        flush()
        if isinstance(part, Heading):
            story.append(_p(part.text, _H1 if part.level == 1 else _H2))
        elif isinstance(part, Paragraph):
            story.append(_p(part.text, _MUTED_STYLE if part.muted else _BODY))
        elif isinstance(part, Table):
            story += [_table(part), Spacer(1, 8)]
    flush()
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _table(part: Table) -> PdfTable:
    weights = part.widths or (1,) * len(part.headers)
    widths = [_WIDTH * w / sum(weights) for w in weights]
    data = [[_p(h, _HEAD) for h in part.headers], *([_p(v, _CELL) for v in row] for row in part.rows)]
    table = PdfTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#404040")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#a6a39b")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f4f3ef")]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
