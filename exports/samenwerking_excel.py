"""The Excel workbook of a samenwerking: the latest ronde's sheets plus Verloop, Kenmerken, Resultaten,
Betrokkenheid, Lessen, Acties.

The first sheets are the workshop workbook of the latest ronde (``exports.excel``), unchanged. The six
sheets after them follow the samenwerking over its rondes:

- **Verloop**: per block the gedeeld perspectief of every ronde side by side, and below it every note of the
  last two rondes marked nieuw / verdwenen / gebleven (``canvas.compare``).
- **Kenmerken**: type, initiatiefnemer, transities, doelgroepen, regio, startjaar, ontwikkelfase per ronde.
- **Resultaten**: the numbers per ronde (``canvas.resultaten``) and the source of each.
- **Betrokkenheid**: per stakeholder and per organisation, attendance and notes per ronde; ``stil`` where one
  that wrote before wrote nothing.
- **Lessen**: the ten lessons, the average score per stakeholder per ronde, and every remark.
- **Acties**: every action with its owner organisation, status and outcome; then the leervragen per ronde.

Same finish as the workshop workbook, through its helpers: header style, A4 landscape fitted to the page
width, footers, and every text written as text, never a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from canvas.blocks import BLOCKS
from canvas.compare import RondeContent, compare_notes, engagement, lesson_spread
from canvas.kenmerken import FIELD_LABELS
from canvas.lessons import LESSONS
from canvas.model import Workshop
from canvas.resultaten import RESULTS_AREAS, RESULTS_BY_ID, trend
from canvas.rounds import Ronde, Samenwerking
from canvas.text import isolate
from data.store import NotFound, Store
from exports.excel import build_workbook, file_stem, synthesis_data, to_bytes
from exports.excel.community_common import row_values
from exports.excel.sizing import fit_rows
from exports.excel.styles import (
    BOLD,
    CENTERED,
    cell_font,
    header,
    print_setup,
    put_text,
    role_fill,
    role_font,
)
from stakeholders.roles import ROLES, Role

__all__ = ["SAMENWERKING_SHEETS", "find_samenwerking", "samenwerking_file_stem", "samenwerking_workbook_bytes"]

SAMENWERKING_SHEETS = ("Verloop", "Kenmerken", "Resultaten", "Betrokkenheid", "Lessen", "Acties")
# The three sides of seed 001 always get a column in Lessen; other roles when they scored.
_MAIN_ROLES = (Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS)


def find_samenwerking(store: Store, name_or_code: str) -> Samenwerking:
    """The samenwerking with this name, or the one a ronde with this join code belongs to."""
    found = store.samenwerking_by_name(name_or_code)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise NotFound(
            f"Er zijn {len(found)} samenwerkingen met de naam {name_or_code!r}; geef de code van een van hun "
            "rondes in plaats van de naam."
        )
    try:
        workshop = store.workshop(name_or_code)
    except Exception:
        raise NotFound(f"Er is geen samenwerking met de naam {name_or_code!r} en geen ronde met die code.") from None
    assert workshop.samenwerking_id is not None
    return store.samenwerking(workshop.samenwerking_id)


def samenwerking_file_stem(samenwerking: Samenwerking, latest: Workshop, on: date | None = None) -> str:
    return file_stem(latest.model_copy(update={"title": "samenwerking"}), on)


def samenwerking_workbook_bytes(store: Store, samenwerking: Samenwerking) -> bytes:
    rondes = store.rondes(samenwerking.id)
    if not rondes:
        raise NotFound("Deze samenwerking heeft nog geen rondes.")
    workshops = [store.workshop_by_id(r.workshop_id) for r in rondes]
    latest = workshops[-1]
    exported_at = datetime.now(UTC)
    wb = build_workbook(
        latest,
        store.participants(latest.id),
        store.notes(latest.id),
        store.conclusions(latest.id),
        exported_at=exported_at,
        synthesis=synthesis_data(store, latest),
    )
    _verloop(wb.create_sheet("Verloop"), store, samenwerking, rondes, workshops)
    _kenmerken(wb.create_sheet("Kenmerken"), store, samenwerking, rondes)
    _resultaten(wb.create_sheet("Resultaten"), store, samenwerking, rondes)
    _betrokkenheid(wb.create_sheet("Betrokkenheid"), store, samenwerking, rondes)
    _lessen(wb.create_sheet("Lessen"), store, samenwerking, rondes, workshops)
    _acties(wb.create_sheet("Acties"), store, samenwerking, rondes)
    wb.properties.title = f"{samenwerking.name}: {len(rondes)} rondes"
    for ws in wb.worksheets[-len(SAMENWERKING_SHEETS) :]:
        ws.oddFooter.left.text = f"{samenwerking.name} · samenwerking".replace("&", "&&")
        ws.oddFooter.right.text = "Pagina &P van &N"
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
    return to_bytes(wb)


def _title(ws: Worksheet, text: str, subtitle: str) -> None:
    put_text(ws.cell(1, 1), text).font = cell_font(bold=True, size=14)
    put_text(ws.cell(2, 1), subtitle).font = cell_font(italic=True, color="FF595959")


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _row(ws: Worksheet, r: int, values: Sequence[str | int | float | date | None], *, role: Role | None = None,
         role_col: int | None = None) -> None:  # fmt: skip
    row_values(ws, r, values)
    if role is not None and role_col is not None:
        cell = ws.cell(r, role_col)
        cell.fill, cell.font = role_fill(role), role_font(role, bold=True)


def _verloop(ws: Worksheet, store: Store, samenwerking: Samenwerking, rondes: list[Ronde],
             workshops: list[Workshop]) -> None:  # fmt: skip
    _title(ws, f"Verloop · {isolate(samenwerking.name)}", "Per blok het gedeeld perspectief van elke ronde.")
    header(ws, 4, ["Blok", *(r.label for r in rondes)])
    _widths(ws, [28, *([44] * len(rondes))])
    fit_rows(ws, 4, 4)
    conclusions = [store.conclusions(w.id) for w in workshops]
    r = 5
    for blk in BLOCKS:
        values = [blk.title, *((c[blk.id].text if blk.id in c else "") for c in conclusions)]
        _row(ws, r, values)
        ws.cell(r, 1).font = BOLD
        r += 1
    fit_rows(ws, 5, r - 1)
    if len(rondes) >= 2:
        a, b = rondes[-2], rondes[-1]
        r += 1
        heading = put_text(ws.cell(r, 1), f"Notities: {isolate(a.label)} → {isolate(b.label)}")
        heading.font = cell_font(bold=True, size=12)
        r += 1
        header(ws, r, ["Blok", "Stakeholder", "Verandering", "Tekst nu (of toen, als verdwenen)", "Tekst toen"])
        first = r + 1
        changes = compare_notes(store.notes(a.workshop_id), store.notes(b.workshop_id))
        by_id = {blk.id: blk.title for blk in BLOCKS}
        for change in changes:
            r += 1
            before = change.before.text if change.before is not None and change.after is not None else ""
            _row(ws, r, [by_id[change.block_id], ROLES[change.role].label, change.change.label, change.text, before],
                 role=change.role, role_col=2)  # fmt: skip
        fit_rows(ws, first, r)
    ws.freeze_panes = "B5"
    print_setup(ws, title_rows="4:4")


def _kenmerken(ws: Worksheet, store: Store, samenwerking: Samenwerking, rondes: list[Ronde]) -> None:
    _title(
        ws,
        f"Kenmerken · {isolate(samenwerking.name)}",
        "Wat de samenwerking vergelijkbaar maakt, per ronde (een ronde zonder eigen keuze houdt die van daarvoor).",
    )
    per_ronde = store.samenwerking_kenmerken(samenwerking.id)
    header(ws, 4, ["Kenmerk", *(r.label for r in rondes)])
    _widths(ws, [18, *([30] * len(rondes))])
    fit_rows(ws, 4, 4)
    r = 4
    for field, label in FIELD_LABELS.items():
        r += 1
        _row(ws, r, [label, *(k.shown(field) for k in per_ronde)])
        ws.cell(r, 1).font = BOLD
    fit_rows(ws, 5, r)
    ws.freeze_panes = "B5"
    print_setup(ws, title_rows="4:4")


def _resultaten(ws: Worksheet, store: Store, samenwerking: Samenwerking, rondes: list[Ronde]) -> None:
    _title(
        ws,
        f"Resultaten · {isolate(samenwerking.name)}",
        "Totaal sinds de start, zoals bekend op de datum van de ronde; leeg = niet geteld. Bronnen eronder.",
    )
    values = store.samenwerking_results(samenwerking.id)
    header(ws, 4, ["Resultaat", "Resultaatgebied", *(f"Ronde {r.number}" for r in rondes)])
    _widths(ws, [32, 30, *([12] * len(rondes))])
    fit_rows(ws, 4, 4)
    r = 4
    for result_id, numbers in trend(values, [x.number for x in rondes]).items():
        r += 1
        found = RESULTS_BY_ID[result_id]
        _row(ws, r, [found.label, RESULTS_AREAS[found.area], *numbers])
        ws.cell(r, 1).font = BOLD
        for c in range(3, 3 + len(rondes)):
            ws.cell(r, c).alignment = CENTERED
    fit_rows(ws, 5, r)
    r += 2
    put_text(ws.cell(r, 1), "Bronnen").font = cell_font(bold=True, size=12)
    r += 1
    header(ws, r, ["Resultaat", "Bron", "Ronde", "Aantal"])
    first = r + 1
    for v in values:
        r += 1
        _row(ws, r, [v.result.label, v.source, f"Ronde {v.ronde}", v.value])
    fit_rows(ws, first, r)
    ws.freeze_panes = "B5"
    print_setup(ws, title_rows="4:4")


def _contents(store: Store, rondes: list[Ronde]) -> list[RondeContent]:
    return [
        RondeContent(
            ronde=r, participants=tuple(store.participants(r.workshop_id)), notes=tuple(store.notes(r.workshop_id))
        )
        for r in rondes
    ]


def _betrokkenheid(ws: Worksheet, store: Store, samenwerking: Samenwerking, rondes: list[Ronde]) -> None:
    _title(
        ws,
        f"Betrokkenheid · {isolate(samenwerking.name)}",
        "Aanwezig en notities per ronde; 'stil' = schreef eerder notities, in deze ronde niet.",
    )
    labels = []
    for ronde in rondes:
        labels += [f"Ronde {ronde.number}: aanwezig", f"Ronde {ronde.number}: notities"]
    header(ws, 4, ["Soort", "Naam", "Stakeholder", *labels, "Nu stil"])
    _widths(ws, [13, 34, 16, *([13] * len(labels)), 10])
    fit_rows(ws, 4, 4)
    r = 4
    for row in engagement(_contents(store, rondes), samenwerking.partners):
        r += 1
        cells: list[str | int] = []
        for present, notes, silent in zip(row.attendance, row.notes, row.silent, strict=True):
            cells += [present, f"{notes} stil" if silent else notes]
        _row(
            ws,
            r,
            ["Stakeholder" if row.kind == "rol" else "Organisatie", row.label, ROLES[row.role].label, *cells,
             "ja" if row.silent_now else ""],
            role=row.role,
            role_col=3,
        )  # fmt: skip
        for c in range(4, 5 + len(labels)):
            ws.cell(r, c).alignment = CENTERED
    fit_rows(ws, 4, r)
    ws.freeze_panes = "C5"
    print_setup(ws, title_rows="4:4")


def _lessen(ws: Worksheet, store: Store, samenwerking: Samenwerking, rondes: list[Ronde],
            workshops: list[Workshop]) -> None:  # fmt: skip
    _title(
        ws,
        f"Lessen · {isolate(samenwerking.name)}",
        "In hoeverre doen wij dit? Gemiddelde score (1-5) per stakeholder per ronde, met het aantal scores.",
    )
    scores = [store.ronde_lesson_scores(r.workshop_id) for r in rondes]
    roles = [r for r in Role if r in _MAIN_ROLES or any(s.role is r for ronde in scores for s in ronde)]
    columns = [f"Ronde {ronde.number}: {ROLES[role].label}" for ronde in rondes for role in roles]
    header(ws, 4, ["Les", "Tekst", *columns])
    _widths(ws, [24, 60, *([13] * len(columns))])
    fit_rows(ws, 4, 4)
    spreads = [lesson_spread(s) for s in scores]
    for i, lesson in enumerate(LESSONS):
        r = 5 + i
        values: list[str | float] = [f"{lesson.id}. {lesson.title}", lesson.text]
        for spread in spreads:
            for role in roles:
                stat = spread[i].per_role.get(role)
                values.append(f"{stat.mean:.1f} ({stat.count})".replace(".", ",", 1) if stat else "–")
        _row(ws, r, values)
        ws.cell(r, 1).font = BOLD
    fit_rows(ws, 5, 4 + len(LESSONS))
    r = 6 + len(LESSONS)
    put_text(ws.cell(r, 1), "Toelichtingen").font = cell_font(bold=True, size=12)
    r += 1
    # The remark in the wide second column, the short facts after it.
    header(ws, r, ["Les", "Toelichting", "Ronde", "Stakeholder", "Score"])
    first = r + 1
    for ronde, workshop, ronde_scores in zip(rondes, workshops, scores, strict=True):
        for s in ronde_scores:
            if not s.remark.strip():
                continue
            r += 1
            who = ROLES[s.role].label + ("" if workshop.anonymous else f" · {isolate(s.author_name)}")
            _row(ws, r, [f"{s.lesson_id}. {s.lesson.title}", s.remark, f"Ronde {ronde.number}", who, s.score])
    fit_rows(ws, first, r)
    ws.freeze_panes = "C5"
    print_setup(ws, title_rows="4:4")


def _acties(ws: Worksheet, store: Store, samenwerking: Samenwerking, rondes: list[Ronde]) -> None:
    _title(ws, f"Acties · {isolate(samenwerking.name)}", "Elke afgesproken actie met de organisatie die eigenaar is.")
    header(
        ws,
        4,
        ["Actie", "Eigenaar", "Stakeholder", "Persoon", "Uiterlijk", "Status", "Uitkomst", "Afgesproken in",
         "Gesloten in"],
    )  # fmt: skip
    _widths(ws, [44, 30, 14, 18, 12, 12, 40, 14, 12])
    fit_rows(ws, 4, 4)
    r = 4
    for a in store.samenwerking_actions(samenwerking.id):
        r += 1
        _row(
            ws,
            r,
            [a.text, a.owner_organisation, ROLES[a.owner_role].label, a.person, a.due, a.status.label, a.outcome,
             f"ronde {a.ronde_created}", f"ronde {a.ronde_closed}" if a.ronde_closed else ""],
            role=a.owner_role,
            role_col=3,
        )  # fmt: skip
    fit_rows(ws, 5, r)
    r += 2
    put_text(ws.cell(r, 1), "Leervragen").font = cell_font(bold=True, size=12)
    r += 1
    header(ws, r, ["Leervraag", "Ronde"])
    first = r + 1
    for ronde in rondes:
        for vraag in store.ronde_leervragen(ronde.workshop_id):
            r += 1
            _row(ws, r, [vraag.text, ronde.label])
    fit_rows(ws, first, r)
    ws.freeze_panes = "A5"
    print_setup(ws, title_rows="4:4")
