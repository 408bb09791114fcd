"""The PowerPoint for the steering group: what the workshop said, on slides that can be edited.

Slides: the title (PPS, workshop, phase, date), the canvas at a glance (the 18 blocks in the board's grid
with the number of notes per stakeholder and the gedeeld perspectief shortened), one slide per question of
the Perspectieven table with a native table of the stakeholders' answers, the coverage chart (notes per
block per stakeholder) and the halen-en-brengen chart as native PowerPoint charts (a steering group can
restyle them or read their data), and the open actions when there are any. Every slide has a real title;
the full list behind a shortened slide is in its speaker notes, so nothing is lost.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from canvas.blocks import BLOCKS, GRID_COLUMNS, GRID_ROWS, Question
from canvas.give_take import BRINGS, GETS, Side, give_take
from canvas.merge import Entry, coverage, merge
from canvas.model import Note, SharedConclusion, Workshop
from canvas.resultaten import RESULTS_BY_ID, ResultValue, trend
from canvas.rounds import Action
from data.store import Store
from stakeholders.roles import Role, role_info

__all__ = ["build_slides", "slides_pptx"]

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
INK = RGBColor(0x1A, 0x1A, 0x1A)
MUTED = RGBColor(0x59, 0x59, 0x59)
BLOCK_FILL = RGBColor(0xF4, 0xF3, 0xEF)
BLOCK_LINE = RGBColor(0xA6, 0xA3, 0x9B)
# Lines of answer text that fit under a question slide's title at 12 pt.
ANSWER_LINES = 22
# Open actions per slide at 13 pt with up to two lines each; more go on a next slide.
ACTIONS_PER_SLIDE = 8
# Characters per line in the answers column of a question slide, at 12 pt.
LINE_CHARS = 120
MONTHS = "januari februari maart april mei juni juli augustus september oktober november december".split()  # noqa: SIM905

# Characters XML 1.0 cannot hold; a note never has them (the store refuses control characters), but a file
# that PowerPoint cannot open is worse than a character left out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def slides_pptx(store: Store, workshop: Workshop, *, on: date | None = None) -> bytes:
    """The ``.pptx`` of this workshop (every live note), from the store as it is now.

    The open actions are those of its samenwerking agreed in this ronde or before and not yet closed
    (open or bezig): what the steering group is asked to follow up.
    """
    actions = []
    if workshop.samenwerking_id is not None:
        actions = [
            a
            for a in store.samenwerking_actions(workshop.samenwerking_id)
            if not a.status.is_closed and a.ronde_created <= workshop.ronde
        ]
    results: list[ResultValue] = []
    if workshop.samenwerking_id is not None:
        results = [r for r in store.samenwerking_results(workshop.samenwerking_id) if r.ronde <= workshop.ronde]
    return build_slides(
        workshop,
        store.notes(workshop.id),
        store.conclusions(workshop.id),
        actions,
        on=on or date.today(),
        results=results,
    )


def build_slides(
    workshop: Workshop,
    notes: Iterable[Note],
    conclusions: dict[str, SharedConclusion],
    actions: Sequence[Action] = (),
    *,
    on: date | None = None,
    results: Sequence[ResultValue] = (),
) -> bytes:
    notes = [n for n in notes if not n.deleted]
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    _title_slide(prs, workshop, notes, on or date.today())
    _canvas_slide(prs, notes, conclusions)
    table = merge(notes)
    for q in Question:
        _question_slide(prs, q, {role: table.cell(role, q) for role in table.rows})
    _coverage_slide(prs, notes)
    _give_take_slide(prs, notes)
    if results:
        _results_slide(prs, results)
    pages = [actions[i : i + ACTIONS_PER_SLIDE] for i in range(0, len(actions), ACTIONS_PER_SLIDE)]
    for number, page in enumerate(pages, start=1):
        title = "Open acties" if len(pages) == 1 else f"Open acties ({number}/{len(pages)})"
        _actions_slide(prs, title, page, first=(number - 1) * ACTIONS_PER_SLIDE + 1)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


# -- helpers ------------------------------------------------------------------------------------------


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _tint(hex_colour: str, amount: float = 0.30) -> RGBColor:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return RGBColor(*(round(255 - amount * (255 - c)) for c in (r, g, b)))


def _long_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _short(text: str, width: int) -> str:
    return textwrap.shorten(_xml_safe(" ".join(text.split())), width=width, placeholder=" …") or "…"


def _slide(prs: PresentationType, title: str) -> Slide:
    """A slide with a real title placeholder (outline view and screen readers use it), across the 16:9 width."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    shape = slide.shapes.title
    assert shape is not None
    shape.left, shape.top, shape.width, shape.height = Inches(0.5), Inches(0.3), Inches(12.33), Inches(0.9)
    shape.text_frame.text = title
    p = shape.text_frame.paragraphs[0]
    p.alignment = PP_ALIGN.LEFT
    p.runs[0].font.size = Pt(30)
    p.runs[0].font.bold = True
    p.runs[0].font.color.rgb = INK
    # Shrink a long title to its one line rather than let it run into the slide: a viewer without the theme's
    # font (LibreOffice on a machine without Calibri) sets it wider.
    shape.text_frame.word_wrap = True
    shape.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    return slide


def _para(frame: TextFrame, text: str, *, size: float, bold: bool = False, italic: bool = False, first: bool = False):
    p = frame.paragraphs[0] if first else frame.add_paragraph()
    run = p.add_run()
    run.text = _xml_safe(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = INK
    return p


def _head_cell(cell, text: str) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor(0x40, 0x40, 0x40)
    cell.text = text
    run = cell.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.bold, run.font.color.rgb = Pt(13), True, RGBColor(0xFF, 0xFF, 0xFF)


def _speaker_notes(slide: Slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = _xml_safe(text)


def _roles_in(notes: Sequence[Note]) -> list[Role]:
    main = {Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS}
    return sorted({n.role for n in notes} | main, key=list(Role).index)


# -- slides -------------------------------------------------------------------------------------------


def _title_slide(prs: PresentationType, workshop: Workshop, notes: Sequence[Note], on: date) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    assert title is not None
    title.left, title.top, title.width, title.height = Inches(0.8), Inches(2.0), Inches(11.7), Inches(1.6)
    title.text_frame.text = _xml_safe(workshop.pps_name)
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    title.text_frame.paragraphs[0].runs[0].font.bold = True
    title.text_frame.paragraphs[0].runs[0].font.size = Pt(44)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = Inches(0.8), Inches(3.7), Inches(11.7), Inches(2.2)
    frame = subtitle.text_frame
    details = [workshop.phase.label]
    if workshop.date:
        details.append(_long_date(workshop.date))
    if workshop.region:
        details.append(workshop.region)
    people = len({n.participant_id for n in notes})
    _para(frame, workshop.title, size=26, first=True)
    _para(frame, " · ".join(details), size=18)
    _para(frame, f"{len(notes)} notities van {people} deelnemers · workshop {workshop.code}", size=16)
    _para(frame, f"Sociale Innovatie Business Model Canvas · gemaakt op {_long_date(on)}", size=14)
    for n, p in enumerate(frame.paragraphs):
        p.alignment = PP_ALIGN.LEFT
        for r in p.runs:
            r.font.color.rgb = INK if n == 0 else MUTED
    # A band in the stakeholder colours, each with its name: the key to the colours on the next slides.
    x = Inches(0.8)
    for role in _roles_in(notes):
        info = role_info(role)
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, Inches(1.2), Inches(2.2), Inches(0.5))
        band.fill.solid()
        band.fill.fore_color.rgb = _rgb(info.colour)
        band.line.fill.background()
        band.text_frame.text = info.label
        run = band.text_frame.paragraphs[0].runs[0]
        run.font.size, run.font.bold, run.font.color.rgb = Pt(13), True, _rgb(info.text_colour)
        x += Inches(2.3)


def _canvas_slide(prs: PresentationType, notes: Sequence[Note], conclusions: dict[str, SharedConclusion]) -> None:
    slide = _slide(prs, "Het canvas in één oogopslag")
    counts = coverage(notes)
    roles = _roles_in(notes)
    left, top, width, height = Inches(0.4), Inches(1.3), Inches(12.53), Inches(5.75)
    gap = Inches(0.08)
    col_w = (width - gap * (GRID_COLUMNS - 1)) / GRID_COLUMNS
    row_h = (height - gap * (GRID_ROWS - 1)) / GRID_ROWS
    for b in BLOCKS:
        x = left + (b.col - 1) * (col_w + gap)
        y = top + (b.row - 1) * (row_h + gap)
        w = b.col_span * col_w + (b.col_span - 1) * gap
        h = b.row_span * row_h + (b.row_span - 1) * gap
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(int(x)), Emu(int(y)), Emu(int(w)), Emu(int(h)))
        shape.adjustments[0] = 0.06
        shape.fill.solid()
        shape.fill.fore_color.rgb = BLOCK_FILL
        shape.line.color.rgb = BLOCK_LINE
        shape.line.width = Pt(0.75)
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.margin_left = frame.margin_right = Inches(0.08)
        frame.margin_top = frame.margin_bottom = Inches(0.05)
        _para(frame, _short(b.title, 48), size=10.5, bold=True, first=True)
        # Notes per stakeholder: a square in the role colour and always the role's name beside it.
        p = frame.add_paragraph()
        total = 0
        for role in roles:
            n = counts.count(b.id, role)
            total += n
            if not n:
                continue
            square = p.add_run()
            square.text = "■\u00a0"
            square.font.size, square.font.color.rgb = Pt(9), _rgb(role_info(role).colour)
            label = p.add_run()
            label.text = f"{role_info(role).label}\u00a0{n}   "
            label.font.size, label.font.color.rgb = Pt(8.5), INK
        if not total:
            empty = p.add_run()
            empty.text = "nog geen notities"
            empty.font.size, empty.font.color.rgb = Pt(8.5), MUTED
        conclusion = conclusions.get(b.id)
        if conclusion is not None and conclusion.text.strip():
            limit = 170 if b.row_span > 1 else 80
            _para(frame, _short(conclusion.text, limit), size=9, italic=True)
        for para in frame.paragraphs:
            para.alignment = PP_ALIGN.LEFT
    _speaker_notes(
        slide,
        "Per blok het aantal notities per stakeholder en het gedeeld perspectief (ingekort). Het volledige canvas "
        "staat op de poster (PDF) en in het Excel-overzicht.\n\n"
        + "\n\n".join(f"{b.title}: {conclusions[b.id].text}" for b in BLOCKS if b.id in conclusions),
    )


def _entry_text(e: Entry) -> str:
    return f"{' '.join(e.text.split())} ({e.block_title})"


def _question_slide(prs: PresentationType, question: Question, cells: dict[Role, tuple[Entry, ...]]) -> None:
    slide = _slide(prs, question.label)
    roles = list(cells)
    # Share the room fairly: one answer per stakeholder in turn, until the slide is full.
    shown: dict[Role, list[Entry]] = {r: [] for r in roles}
    lines_used = len(roles)  # each row keeps a line for "en nog …"
    progress = True
    while progress:
        progress = False
        for r in roles:
            queue = cells[r]
            if len(shown[r]) < len(queue):
                cost = 1 + len(_entry_text(queue[len(shown[r])])) // LINE_CHARS
                if lines_used + cost > ANSWER_LINES and any(shown.values()):
                    continue
                shown[r].append(queue[len(shown[r])])
                lines_used += cost
                progress = True
    rows = len(roles) + 1
    frame = slide.shapes.add_table(rows, 2, Inches(0.5), Inches(1.35), Inches(12.33), Inches(0.4) * rows)
    table = frame.table
    table.columns[0].width = Inches(2.1)
    table.columns[1].width = Inches(10.23)
    for col, head in enumerate(("Stakeholder", "Wat zij zeiden (blok)")):
        _head_cell(table.cell(0, col), head)
    for i, role in enumerate(roles, start=1):
        info = role_info(role)
        head = table.cell(i, 0)
        head.fill.solid()
        head.fill.fore_color.rgb = _rgb(info.colour)
        head.text = info.label
        run = head.text_frame.paragraphs[0].runs[0]
        run.font.size, run.font.bold, run.font.color.rgb = Pt(13), True, _rgb(info.text_colour)
        body = table.cell(i, 1)
        body.fill.solid()
        body.fill.fore_color.rgb = _tint(info.colour, 0.12)
        tf = body.text_frame
        tf.word_wrap = True
        if not cells[role]:
            _para(tf, "nog niets gezegd", size=12, italic=True, first=True).runs[0].font.color.rgb = MUTED
            continue
        for n, e in enumerate(shown[role]):
            _para(tf, "• " + _entry_text(e), size=12, first=n == 0)
        more = len(cells[role]) - len(shown[role])
        if more:
            extra = f"en nog {more} notitie{'s' if more != 1 else ''}: zie de sprekersnotities, de poster of het Excel"
            _para(tf, extra, size=11, italic=True).runs[0].font.color.rgb = MUTED
    _speaker_notes(
        slide,
        "\n\n".join(
            f"{role_info(r).label}:\n" + ("\n".join(f"- {_entry_text(e)}" for e in cells[r]) or "- nog niets gezegd")
            for r in roles
        ),
    )


def _colour_series(chart, roles: Sequence[Role]) -> None:
    for series, role in zip(chart.series, roles, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(role_info(role).colour)


def _coverage_slide(prs: PresentationType, notes: Sequence[Note]) -> None:
    slide = _slide(prs, "Wie sprak waarover: notities per blok en stakeholder")
    counts = coverage(notes)
    roles = _roles_in(notes)
    data = CategoryChartData()
    data.categories = [_short(b.title, 40) for b in BLOCKS]
    for role in roles:
        data.add_series(role_info(role).label, [counts.count(b.id, role) for b in BLOCKS])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_STACKED, Inches(0.5), Inches(1.25), Inches(12.33), Inches(6.0), data
    )
    chart = frame.chart
    _colour_series(chart, roles)
    _legend_below(chart)
    axis = chart.category_axis
    axis.reverse_order = True  # the first block on top, as read
    axis.tick_labels.font.size = Pt(10)
    chart.value_axis.tick_labels.font.size = Pt(10)
    chart.value_axis.has_major_gridlines = True
    chart.plots[0].gap_width = 60
    single = [b.title for b in BLOCKS if b.id in counts.single_voice_blocks()]
    _speaker_notes(
        slide,
        "Aantal notities per blok, per stakeholder (verwijderde notities tellen niet mee). "
        + ("Blokken met maar één stem: " + "; ".join(single) + "." if single else "Elk blok heeft meer dan één stem."),
    )


def _legend_below(chart) -> None:
    """The stakeholders under the chart, outside the plot area, large enough to read from the table's end."""
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)


def _give_take_slide(prs: PresentationType, notes: Sequence[Note]) -> None:
    slide = _slide(prs, "Halen en brengen per stakeholder")
    sides = give_take(notes)
    roles = _roles_in(notes)
    data = CategoryChartData()
    data.categories = [side.label for side in Side]
    for role in roles:
        data.add_series(role_info(role).label, [sides[side][role] for side in Side])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.5), Inches(1.25), Inches(8.2), Inches(6.0), data
    )
    chart = frame.chart
    _colour_series(chart, roles)
    _legend_below(chart)
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(11)
    plot.data_labels.show_value = True
    chart.category_axis.tick_labels.font.size = Pt(13)
    chart.value_axis.tick_labels.font.size = Pt(10)
    box = slide.shapes.add_textbox(Inches(9.0), Inches(1.5), Inches(3.85), Inches(5.5))
    tf = box.text_frame
    tf.word_wrap = True
    titles = {b.id: b.title for b in BLOCKS}
    _para(tf, "Zo is geteld", size=14, bold=True, first=True)
    _para(tf, "Het aantal notities van elke stakeholder in de blokken die zeggen wat iemand", size=11)
    _para(tf, "inbrengt:", size=11, bold=True)
    for b in BRINGS:
        _para(tf, f"• {titles[b]}", size=11)
    _para(tf, "ophaalt:", size=11, bold=True)
    for b in GETS:
        _para(tf, f"• {titles[b]}", size=11)
    _para(tf, "De andere blokken gaan over de PPS als geheel en tellen hier niet mee.", size=10, italic=True)
    _speaker_notes(
        slide,
        "Een eerste, eenvoudige telling: een notitie in een 'brengen'-blok telt als iets wat die stakeholder "
        "inbrengt, een notitie in een 'halen'-blok als iets wat die stakeholder ophaalt.",
    )


def _results_slide(prs: PresentationType, results: Sequence[ResultValue]) -> None:
    """The samenwerking's numbers (``canvas.resultaten``) per ronde up to this one, with their sources in the notes."""
    slide = _slide(prs, "Resultaten per ronde (totaal sinds de start)")
    rondes = sorted({r.ronde for r in results})
    series = trend(results, rondes)
    heads = ("Resultaat", *(f"Ronde {n}" for n in rondes))
    frame = slide.shapes.add_table(len(series) + 1, len(heads), Inches(0.5), Inches(1.35), Inches(12.33), Inches(0.45))
    table = frame.table
    table.columns[0].width = Inches(12.33 - 1.6 * len(rondes)) if len(rondes) <= 5 else Inches(4.33)
    for col, head in enumerate(heads):
        if col:
            table.columns[col].width = Inches(1.6) if len(rondes) <= 5 else Inches(8 / len(rondes))
        _head_cell(table.cell(0, col), head)
    for row, (result_id, numbers) in enumerate(series.items(), start=1):
        for col, value in enumerate((RESULTS_BY_ID[result_id].label, *("–" if n is None else str(n) for n in numbers))):
            table.cell(row, col).text = value
            for p in table.cell(row, col).text_frame.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(16)
                    r.font.color.rgb = INK
    _speaker_notes(
        slide, "Bronnen:\n" + "\n".join(f"Ronde {v.ronde}, {v.result.label}: {v.value} ({v.source})" for v in results)
    )


def _actions_slide(prs: PresentationType, title: str, actions: Sequence[Action], *, first: int) -> None:
    """One slide of open actions: what, which partner owns it (and who), by when, and how far it is."""
    slide = _slide(prs, title)
    heads = ("Nr.", "Actie", "Eigenaar", "Uiterlijk", "Status")
    widths = (0.7, 5.2, 3.93, 1.3, 1.2)  # Status fits "Afgerond" on one line
    frame = slide.shapes.add_table(len(actions) + 1, len(heads), Inches(0.5), Inches(1.35), Inches(12.33), Inches(0.45))
    table = frame.table
    for col, (head, width) in enumerate(zip(heads, widths, strict=True)):
        table.columns[col].width = Inches(width)
        _head_cell(table.cell(0, col), head)
    for row, action in enumerate(actions, start=1):
        due = f"{action.due.day}-{action.due.month}-{action.due.year}" if action.due else "–"
        values = (
            str(first + row - 1),
            _short(action.text, 260),
            _short(action.owner_label, 90),
            due,
            action.status.label,
        )
        for col, value in enumerate(values):
            table.cell(row, col).text = value
            for p in table.cell(row, col).text_frame.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(13)
                    r.font.color.rgb = INK
    _speaker_notes(
        slide,
        "\n".join(f"{first + i}. {a.text} ({a.owner_label}; {a.status.label.lower()})" for i, a in enumerate(actions)),
    )
