"""The monitoringsrapportage of a samenwerking for its stuurgroep, over a chosen period of rondes.

In the shape of seed 003's rapportages ("de belangrijkste observaties met betrekking tot de voortgang van het
project en het verloop van het proces ... op basis hiervan zijn leervragen geformuleerd die besproken werden
tijdens overleggen van de stuurgroep"): kenmerken, what changed (Verloop), results, factoren and thema's,
leervragen in Tabel 4.2 with their actions and status, the ten lessons per stakeholder with their spread, and
the open decisions for the stuurgroep.

``build_report`` gathers it as a list of plain parts (``Heading``, ``Paragraph``, ``Table``); the Word file
(``exports.report_docx``) and the PDF (``exports.report_pdf``) render the same parts, so both say the same.
No participant names by factors, notes or scores: a stuurgroep reads roles and organisations (an action keeps the
person agreed as responsible for it). Lesson scores only of rondes whose scores
the facilitator revealed, as on Verloop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from canvas.compare import Change, compare_notes, lesson_spread
from canvas.kenmerken import FIELD_LABELS, changes
from canvas.lessons import LESSONS_BY_ID
from canvas.monitoring import FRAME, FactorKind, LeervraagStatus
from canvas.resultaten import RESULTS_BY_ID, trend
from canvas.rounds import Ronde, Samenwerking
from data.store import InvalidInput, NotFound, Store
from stakeholders.roles import Role, role_info

__all__ = ["Heading", "Paragraph", "Part", "Report", "Table", "build_report", "report_file_stem"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False
    bullet: bool = False


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Relative column widths (they sum to anything); the renderers scale them to the page.
    widths: tuple[float, ...] = ()


Part = Heading | Paragraph | Table


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    parts: tuple[Part, ...] = field(default_factory=tuple)
    # What the document is, for the PDF's and Word file's properties.
    subject: str = "Monitoringsrapportage voor de stuurgroep"

    def text(self) -> str:
        """Everything the report says, one line per paragraph or table row (for tests and search)."""
        lines = [self.title, self.subtitle]
        for part in self.parts:
            if isinstance(part, Table):
                lines += [" | ".join(part.headers), *(" | ".join(r) for r in part.rows)]
            else:
                lines.append(part.text)
        return "\n".join(lines)


def _d(day: date | None) -> str:
    return f"{day:%d-%m-%Y}" if day else "zonder datum"


def report_file_stem(samenwerking: Samenwerking, on: date) -> str:
    name = "".join(c if c.isalnum() else "_" for c in samenwerking.name).strip("_") or "samenwerking"
    return f"monitoringsrapportage_{name}_{on:%Y-%m-%d}"


def build_report(
    store: Store, samenwerking: Samenwerking, *, first: int | None = None, last: int | None = None,
    on: date | None = None,
) -> Report:  # fmt: skip
    """The report over rondes ``first`` to ``last`` (ronde numbers, default all), as of ``on`` (default today)."""
    on = on or date.today()
    every = store.rondes(samenwerking.id)
    if not every:
        raise NotFound("Deze samenwerking heeft nog geen rondes.")
    first = first or every[0].number
    last = last or every[-1].number
    rondes = [r for r in every if first <= r.number <= last]
    if not rondes:
        raise InvalidInput(f"Er zijn geen rondes van {first} tot en met {last}; kies rondes die bestaan.")
    numbers = {r.number for r in rondes}
    period = (
        f"Ronde {rondes[0].number} ({_d(rondes[0].date)})"
        if len(rondes) == 1
        else f"Rondes {rondes[0].number} tot en met {rondes[-1].number} ({_d(rondes[0].date)} – {_d(rondes[-1].date)})"
    )
    parts: list[Part] = [
        Paragraph(
            "Voor de stuurgroep: wat er veranderde, wat het opleverde, welke factoren de samenwerking hielpen of "
            "tegenhielden, welke leervragen dat opleverde en wat daarmee gedaan is. Met aan het eind de open punten "
            "om over te besluiten.",
        ),
    ]
    parts += _kenmerken(store, samenwerking, numbers)
    parts += _verloop(store, rondes)
    parts += _resultaten(store, samenwerking, rondes)
    parts += _factoren(store, rondes)
    parts += _leervragen(store, samenwerking, numbers)
    parts += _lessen(store, rondes)
    parts += _besluiten(store, samenwerking, numbers, on)
    region = f" · {samenwerking.region}" if samenwerking.region else ""
    return Report(
        title=f"Monitoringsrapportage · {samenwerking.name}",
        subtitle=f"{period}{region} · gemaakt op {_d(on)}",
        parts=tuple(parts),
    )


def _kenmerken(store: Store, samenwerking: Samenwerking, numbers: set[int]) -> list[Part]:
    per_ronde = [k for k in store.samenwerking_kenmerken(samenwerking.id) if k.ronde in numbers]
    latest = per_ronde[-1]
    rows = tuple((label, latest.shown(f) or "nog niet ingevuld") for f, label in FIELD_LABELS.items())
    out: list[Part] = [
        Heading("1. Kenmerken"),
        Paragraph(f"Zoals in ronde {latest.ronde}.", muted=True),
        Table(("Kenmerk", "Waarde"), rows, (1, 3)),
    ]
    moved = changes(per_ronde)
    for c in moved:
        out.append(Paragraph(f"Ronde {c.ronde}: {c.label} {c.before or '(leeg)'} → {c.after or '(leeg)'}", bullet=True))
    if not moved and len(per_ronde) > 1:
        out.append(Paragraph("De kenmerken veranderden niet in deze periode.", muted=True))
    return out


def _verloop(store: Store, rondes: Sequence[Ronde]) -> list[Part]:
    rows = []
    for r in rondes:
        people = store.participants(r.workshop_id)
        notes = [n for n in store.notes(r.workshop_id) if not n.deleted]
        sides = ", ".join(
            f"{role_info(role).label.lower()} {sum(1 for p in people if p.role is role)}"
            for role in Role
            if any(p.role is role for p in people)
        )
        rows.append((f"Ronde {r.number}", _d(r.date), r.phase.label, str(len(people)), sides or "–", str(len(notes))))
    out: list[Part] = [
        Heading("2. Verloop"),
        Table(
            ("Ronde", "Datum", "Gebruik", "Aanwezig", "Per stakeholder", "Notities"),
            tuple(rows),
            (1, 1.4, 1.5, 1.1, 2.6, 1),
        ),
    ]
    for a, b in zip(rondes, rondes[1:], strict=False):
        found = compare_notes(store.notes(a.workshop_id), store.notes(b.workshop_id))
        counts = {c: sum(1 for x in found if x.change is c) for c in Change}
        then, now = store.conclusions(a.workshop_id), store.conclusions(b.workshop_id)
        moved = sorted(
            {
                k
                for k in then.keys() | now.keys()
                if (then[k].text if k in then else "") != (now[k].text if k in now else "")
            }
        )
        out.append(
            Paragraph(
                f"Van ronde {a.number} naar {b.number}: {counts[Change.NIEUW]} nieuwe, {counts[Change.GEBLEVEN]} "
                f"gebleven en {counts[Change.VERDWENEN]} verdwenen notities; het gedeeld perspectief veranderde in "
                f"{len(moved)} van de 18 blokken.",
                bullet=True,
            )
        )
    return out


def _resultaten(store: Store, samenwerking: Samenwerking, rondes: Sequence[Ronde]) -> list[Part]:
    numbers = [r.number for r in rondes]
    values = [v for v in store.samenwerking_results(samenwerking.id) if v.ronde in numbers]
    out: list[Part] = [Heading("3. Resultaten")]
    if not values:
        return [*out, Paragraph("Er zijn in deze periode geen resultaten vastgelegd.", muted=True)]
    rows = tuple(
        (RESULTS_BY_ID[rid].label, *("–" if n is None else str(n) for n in series))
        for rid, series in trend(values, numbers).items()
    )
    out += [
        Paragraph("Totaal sinds de start, zoals bekend op de datum van de ronde; – = niet geteld.", muted=True),
        Table(("Resultaat", *(f"Ronde {n}" for n in numbers)), rows, (3, *([1] * len(numbers)))),
        Paragraph("Bronnen", muted=True),
    ]
    sources = sorted({(v.result.label, v.source) for v in values})
    out += [Paragraph(f"{label}: {source}", bullet=True) for label, source in sources]
    return out


def _factoren(store: Store, rondes: Sequence[Ronde]) -> list[Part]:
    out: list[Part] = [Heading("4. Factoren en thema's")]
    any_factor = False
    for r in rondes:
        factors = store.ronde_factors(r.workshop_id)
        if not factors:
            continue
        any_factor = True
        by_id = {f.id: f for f in factors}
        counts = ", ".join(f"{sum(1 for f in factors if f.kind is k)} {k.label.lower()}" for k in FactorKind)
        out.append(Heading(f"Ronde {r.number} ({counts})", level=2))
        rows = []
        for theme in store.ronde_themes(r.workshop_id):
            for fid in theme.factor_ids:
                f = by_id[fid]
                rows.append((theme.title, f.kind.label, f.text, role_info(f.role).label))
        for f in factors:
            if f.theme_id is None:
                rows.append(("(geen thema)", f.kind.label, f.text, role_info(f.role).label))
        out.append(Table(("Thema", "Soort", "Factor", "Genoemd door"), tuple(rows), (1.9, 1.6, 4, 1.6)))
    if not any_factor:
        out.append(Paragraph("In deze periode zijn geen factoren genoemd.", muted=True))
    return out


def _leervragen(store: Store, samenwerking: Samenwerking, numbers: set[int]) -> list[Part]:
    vragen = [v for v in store.samenwerking_leervragen(samenwerking.id) if v.ronde in numbers]
    actions = store.samenwerking_actions(samenwerking.id)
    out: list[Part] = [
        Heading("5. Leervragen (Tabel 4.2)"),
        Paragraph(
            "Per plek in het kader van de reflectieve monitoring: Leren, Handelen of Institutionele verandering, "
            "bij de individuele partner of in het netwerk.",
            muted=True,
        ),
    ]
    if not vragen:
        return [*out, Paragraph("Er zijn in deze periode geen leervragen gesteld.", muted=True)]
    cells = [*FRAME.values(), None]
    for cell in cells:
        inside = [v for v in vragen if (v.cell == cell)]
        if not inside:
            continue
        out.append(Heading(cell.label if cell else "Nog niet geplaatst", level=2))
        rows = []
        for v in inside:
            done = [a for a in actions if a.leervraag_id == v.id]
            acts = "; ".join(f"{a.text} ({a.owner_organisation}, {a.status.label.lower()})" for a in done) or "–"
            answer = f"{v.answer} (ronde {v.ronde_answered})" if v.answer and v.ronde_answered else v.answer or "–"
            rows.append((v.text, str(v.ronde), v.status.label, answer, acts))
        out.append(Table(("Leervraag", "Ronde", "Status", "Antwoord", "Acties"), tuple(rows), (3, 1.15, 1.7, 2.6, 3)))
    return out


def _lessen(store: Store, rondes: Sequence[Ronde]) -> list[Part]:
    out: list[Part] = [Heading("6. De tien lessen per stakeholder")]
    shown = [r for r in rondes if r.lessons_revealed]
    scored = [(r, store.ronde_lesson_scores(r.workshop_id)) for r in shown]
    scored = [(r, s) for r, s in scored if s]
    if not scored:
        return [*out, Paragraph("Geen zichtbaar gemaakte scores in deze periode.", muted=True)]
    ronde, scores = scored[-1]
    spreads = lesson_spread(scores)
    roles = [r for r in Role if any(r in s.per_role for s in spreads)]
    out.append(
        Paragraph(
            f"Ronde {ronde.number}: in hoeverre doen wij dit? (1 = nog niet, 5 = helemaal). Per stakeholder het "
            "gemiddelde met het aantal scores en de laagste en hoogste score; verschil = hoogste min laagste "
            "gemiddelde. Een gemiddelde van iedereen verbergt juist die verschillen.",
            muted=True,
        )
    )
    rows = []
    for s in spreads:
        cells = []
        for role in roles:
            stat = s.per_role.get(role)
            if stat is None:
                cells.append("–")
            else:
                spread = f", {stat.low}–{stat.high}" if stat.count > 1 else ""
                cells.append(f"{stat.mean:.1f}".replace(".", ",") + f" (n={stat.count}{spread})")
        gap = "–" if s.spread is None else f"{s.spread:.1f}".replace(".", ",")
        rows.append((f"{s.lesson_id}. {LESSONS_BY_ID[s.lesson_id].title}", *cells, gap))
    out.append(
        Table(
            ("Les", *(role_info(r).label for r in roles), "Verschil"), tuple(rows), (2.4, *([1.5] * len(roles)), 1.25)
        )
    )
    return out


def _besluiten(store: Store, samenwerking: Samenwerking, numbers: set[int], on: date) -> list[Part]:
    vragen = [
        v
        for v in store.samenwerking_leervragen(samenwerking.id)
        if v.ronde <= max(numbers) and v.status is not LeervraagStatus.BEANTWOORD
    ]
    actions = [
        a
        for a in store.samenwerking_actions(samenwerking.id)
        if not a.status.is_closed and a.ronde_created <= max(numbers)
    ]
    out: list[Part] = [
        Heading("7. Open punten voor de stuurgroep"),
        Paragraph("Wat nog open staat: om te bespreken, bij te sturen of over te besluiten.", muted=True),
    ]
    for v in vragen:
        out.append(Paragraph(f"Leervraag ({v.status.label.lower()}, ronde {v.ronde}): {v.text}", bullet=True))
    for a in actions:
        late = " · over de datum" if a.due and a.due < on else ""
        due = f", uiterlijk {_d(a.due)}" if a.due else ""
        out.append(Paragraph(f"Actie ({a.status.label.lower()}{due}{late}): {a.text} · {a.owner_label}", bullet=True))
    if not vragen and not actions:
        out.append(Paragraph("Er staan geen leervragen of acties open.", muted=True))
    return out
