"""The PowerPoint for the steering group: read back with python-pptx and converted by LibreOffice."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pypdf import PdfReader

from canvas.blocks import BLOCKS, Question
from canvas.give_take import Side, give_take
from canvas.merge import coverage
from data.store import Store
from exports.slides import slides_pptx
from stakeholders.roles import Role, role_info
from tests.apptest import labels, make_and_download, run_app
from tests.demo_copy import load_demo
from tests.exports_corpus import HOSTILE, hostile_workshop, pdftotext, soffice_convert
from tests.test_cli import run

TITLES = [
    "NexTechnician",
    "Het canvas in één oogopslag",
    *(q.label for q in Question),
    "Wie sprak waarover: notities per blok en stakeholder",
    "Halen en brengen per stakeholder",
]
ROLES = [Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS, Role.PROJECTLEIDER]


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _titles(prs) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in prs.slides]


def _chart(slide):
    charts = [s for s in slide.shapes if s.has_chart]
    assert len(charts) == 1, [s.shape_type for s in slide.shapes]
    return charts[0].chart


def test_the_deck_has_its_slides_in_order_with_real_titles(store: Store):
    load_demo(store)
    workshop = store.workshop("NEXT24")
    prs = _open(slides_pptx(store, workshop))
    # The demo's samenwerking agreed one action that is still open: its slide comes last.
    assert len(prs.slides) == 9
    assert _titles(prs) == [*TITLES, "Open acties"]
    subtitle = prs.slides[0].placeholders[1].text_frame.text
    assert "Evaluatie coöperatie mobiliteitstechniek" in subtitle and "15 september 2020" in subtitle
    assert "Evaluatie" in subtitle and f"{len(store.notes(workshop.id))} notities" in subtitle


def _actions_table(slide) -> list[list[str]]:
    table = next(s for s in slide.shapes if s.has_table).table
    return [[table.cell(r, c).text for c in range(len(table.columns))] for r in range(len(table.rows))]


def test_the_samenwerkings_open_actions_get_a_slide_with_owner_date_and_status(store: Store, db_path):
    load_demo(store)
    prs = _open(slides_pptx(store, store.workshop("DRNT26")))
    assert _titles(prs)[-2:] == ["Resultaten per ronde (totaal sinds de start)", "Open acties"]
    rows = _actions_table(prs.slides[-1])
    assert rows[0] == ["Nr.", "Actie", "Eigenaar", "Uiterlijk", "Status"]
    # The two actions not yet done (from ronde 2 and ronde 3); the four afgeronde are not on it.
    assert [r[1][:30] for r in rows[1:]] == ["Gemeente Lelystad weer actief ", "Behoud na een jaar meten bij a"]
    assert rows[1][2] == "Gemeente Lelystad (overheid), Koen V." and rows[1][3] == "1-9-2021" and rows[1][4] == "Open"
    assert "Behoud na een jaar meten" in prs.slides[-1].notes_slide.notes_text_frame.text
    # The first ronde's deck: its own three actions are afgerond by now, and later rondes' actions are not its own.
    assert "Open acties" not in _titles(_open(slides_pptx(store, store.workshop("DRNT24"))))
    # A workshop whose samenwerking agreed no actions has no such slide.
    none, _ = store.create_workshop(pps_name="Zonder acties", title="Eerste sessie")
    assert "Open acties" not in _titles(_open(slides_pptx(store, none)))


def test_many_open_actions_go_on_numbered_slides_and_hostile_text_stays_text(store: Store, db_path):
    workshop, key = store.create_workshop(pps_name="Acties", title="Veel acties")
    partner = store.add_partner(key, "Gemeente Almere", "overheid")
    texts = [f"Actie {i}: =SOM(A1) <b>vet</b> ‮omgekeerd" for i in range(1, 12)]
    for text in texts:
        store.add_action(key, text=text, owner_partner_id=partner.id)
    prs = _open(slides_pptx(store, store.workshop_by_id(workshop.id)))
    assert _titles(prs)[-2:] == ["Open acties (1/2)", "Open acties (2/2)"]
    shown = [row for slide in list(prs.slides)[-2:] for row in _actions_table(slide)[1:]]
    assert [r[0] for r in shown] == [str(i) for i in range(1, 12)]
    assert [r[1] for r in shown] == texts


def test_coverage_and_halen_en_brengen_are_native_charts_in_the_role_colours(store: Store, db_path):
    load_demo(store)
    workshop = store.workshop("NEXT24")
    notes = store.notes(workshop.id)
    prs = _open(slides_pptx(store, workshop))
    cover = _chart(prs.slides[6])
    assert cover.chart_type == XL_CHART_TYPE.BAR_STACKED
    assert len(list(cover.plots[0].categories)) == len(BLOCKS)
    counts = coverage(notes)
    assert [s.name for s in cover.series] == [role_info(r).label for r in ROLES]
    for series, role in zip(cover.series, ROLES, strict=True):
        assert list(series.values) == [counts.count(b.id, role) for b in BLOCKS]
        assert str(series.format.fill.fore_color.rgb) == role_info(role).colour.lstrip("#").upper()
    assert sum(sum(s.values) for s in cover.series) == len(notes)

    halen = _chart(prs.slides[7])
    assert halen.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(halen.plots[0].categories) == [side.label for side in Side]
    sides = give_take(notes)
    for series, role in zip(halen.series, ROLES, strict=True):
        assert series.name == role_info(role).label
        assert list(series.values) == [sides[side][role] for side in Side]
        assert str(series.format.fill.fore_color.rgb) == role_info(role).colour.lstrip("#").upper()
    # The slide says how it was counted.
    text = " ".join(s.text_frame.text for s in prs.slides[7].shapes if s.has_text_frame)
    assert "Samenwerkingspartners" in text and "Opbrengsten (euro)" in text


def test_each_question_slide_has_a_table_of_stakeholders_and_every_answer_in_its_notes(store: Store, db_path):
    load_demo(store)
    workshop = store.workshop("NEXT24")
    notes = store.notes(workshop.id)
    prs = _open(slides_pptx(store, workshop))
    for q, slide in zip(Question, list(prs.slides)[2:6], strict=True):
        table = next(s for s in slide.shapes if s.has_table).table
        assert [table.cell(r, 0).text for r in range(1, len(table.rows))] == [role_info(r).label for r in ROLES]
        speaker = slide.notes_slide.notes_text_frame.text
        for n in notes:
            if n.block.feeds == q:
                assert n.text in speaker
        shown = " ".join(table.cell(r, 1).text for r in range(1, len(table.rows)))
        assert "•" in shown


def test_the_canvas_slide_has_the_18_blocks_with_counts_per_stakeholder(store: Store, db_path):
    load_demo(store)
    workshop = store.workshop("NEXT24")
    prs = _open(slides_pptx(store, workshop))
    texts = [s.text_frame.text for s in prs.slides[1].shapes if s.has_text_frame and s != prs.slides[1].shapes.title]
    blocks = [t for t in texts if any(t.startswith(b.title[:20]) for b in BLOCKS)]
    assert len(blocks) == 18
    kosten = next(t for t in blocks if t.startswith("Kosten (euro)"))
    counts = coverage(store.notes(workshop.id))
    assert f"Ondernemer\u00a0{counts.count('kosten', Role.ONDERNEMER)}" in kosten


def test_libreoffice_converts_the_deck_and_shows_every_title(store: Store, db_path, tmp_path):
    load_demo(store)
    workshop = store.workshop("NEXT24")
    key = store.reset_facilitator_key(workshop.code)
    store.add_action(
        key, text="Begroting 2025 rond maken", owner_partner_id=store.add_partner(key, "ROC", "onderwijs").id
    )
    path = tmp_path / "dia.pptx"
    path.write_bytes(slides_pptx(store, workshop))
    pdf = soffice_convert(path, tmp_path)
    text = pdftotext(pdf)
    assert text.count("\f") == 9
    for title in [*TITLES, "Open acties"]:
        assert title in text, title


def test_hostile_text_survives_the_deck_and_libreoffice(store: Store, db_path, tmp_path):
    workshop, _ = hostile_workshop(store)
    key = store.reset_facilitator_key(workshop.code)
    owner = store.add_partner(key, "Gemeente <b>", "overheid").id
    for text in ("<script>alert(1)</script>", "=1+1"):
        store.add_action(key, text=text, owner_partner_id=owner)
    data = slides_pptx(store, workshop)
    prs = _open(data)
    assert prs.slides[0].shapes.title.text_frame.text == "Stad & Ommeland <b>"
    speaker = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)
    for notes in HOSTILE.values():
        for _, text in notes:
            assert " ".join(text.split()) in speaker, text[:40]
    assert [r[1] for r in _actions_table(list(prs.slides)[-1])[1:]] == ["<script>alert(1)</script>", "=1+1"]
    path = tmp_path / "hostile.pptx"
    path.write_bytes(data)
    converted = soffice_convert(path, tmp_path)
    assert "Stad & Ommeland <b>" in pdftotext(converted, 1, 1)


def test_the_cli_writes_poster_and_slides(db_path, store, tmp_path):
    load_demo(store)  # what ``pps-canvas demo`` loads (tests/test_cli.py runs that command itself)
    pdf, pptx = tmp_path / "p.pdf", tmp_path / "d.pptx"
    result = run(db_path, "poster", "next24", "--pdf", str(pdf), "--formaat", "a1")
    assert result.returncode == 0, result.stderr
    assert "Poster (A1) van NEXT24" in result.stdout
    assert pdf.read_bytes().startswith(b"%PDF") and "(A1)" in _pdfinfo(pdf)
    result = run(db_path, "dia", "NEXT24", "--pptx", str(pptx))
    assert result.returncode == 0, result.stderr
    assert _titles(_open(pptx.read_bytes()))[0] == "NexTechnician"
    assert run(db_path, "dia", "DRNT26", "--pptx", str(pptx)).returncode == 0
    assert _titles(_open(pptx.read_bytes()))[-1] == "Open acties"  # the samenwerking's open actions, as on the page
    wrong = run(db_path, "poster", "NEXT24", "--pdf", str(pdf), "--formaat", "A5")
    assert wrong.returncode == 2 and "fout in de opdracht" in wrong.stderr
    unknown = run(db_path, "dia", "NOPE", "--pptx", str(pptx))
    assert unknown.returncode == 1 and unknown.stderr.startswith("pps-canvas: ")


def _pdfinfo(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout


def test_the_exporteren_page_offers_poster_and_presentation_made_on_request(db_path, downloads):
    store = Store.open(f"sqlite:///{db_path}")
    key = load_demo(store)["NEXT24"]
    at = run_app(page="exporteren", key=key)
    assert not at.exception
    pdf, name = make_and_download(at, downloads, "Maak de poster (PDF, A3)", "Download poster (PDF, A3)")
    assert name.endswith("_poster_A3.pdf")
    assert PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width > 1190
    pptx, name = make_and_download(
        at, downloads, "Maak de presentatie (PowerPoint)", "Download presentatie (PowerPoint)"
    )
    assert name.endswith(".pptx")
    assert _titles(_open(pptx))[:2] == TITLES[:2]
    # Choosing A0 asks for an A0 poster to be made: the A3 one is not offered as if it were A0.
    at.get("button_group")[0].set_value("A0").run()
    assert "Download poster (PDF, A0)" not in labels(at, "download_button")
    pdf, name = make_and_download(at, downloads, "Maak de poster (PDF, A0)", "Download poster (PDF, A0)")
    width_mm = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width) * 25.4 / 72
    assert abs(width_mm - 1189) < 1.5


def test_the_samenwerkings_results_get_a_slide_up_to_this_ronde_with_sources_in_the_notes(store: Store, db_path):
    load_demo(store)
    prs = _open(slides_pptx(store, store.workshop("DRNT25")))
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Resultaten"))
    rows = _actions_table(slide)
    assert rows[0] == ["Resultaat", "Ronde 1", "Ronde 2"]  # ronde 3 comes later than this deck
    assert ["Kandidaten gestart", "0", "14"] in rows and ["Geplaatst", "–", "5"] in rows
    assert "Ronde 2, Geplaatst: 5 (Voorbeeldgetal van de demo" in slide.notes_slide.notes_text_frame.text
    # No numbers, no slide.
    assert not any(t.startswith("Resultaten") for t in _titles(_open(slides_pptx(store, store.workshop("NEXT24")))))
