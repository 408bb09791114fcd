"""The monitoringsrapportage (exports/report*.py): one document per samenwerking and period for the stuurgroep,
as Word and PDF, read back here (python-docx, pypdf, and LibreOffice opening the Word file)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from data.store import InvalidInput, Store
from demo import load_demo
from exports.report import Heading, Table, build_report
from exports.report_docx import report_docx
from exports.report_pdf import report_pdf
from tests.apptest import make_and_download, run_app
from tests.exports_corpus import pdftotext, soffice_convert
from tests.test_cli import run

ON = date(2022, 1, 15)
HEADINGS = [
    "1. Kenmerken",
    "2. Verloop",
    "3. Resultaten",
    "4. Factoren en thema's",
    "5. Leervragen (Tabel 4.2)",
    "6. De tien lessen per stakeholder",
    "7. Open punten voor de stuurgroep",
]


@pytest.fixture
def demo(db_path, store: Store):
    keys = load_demo(store)
    return store, keys, store.samenwerking_by_name("Toekomst in de Techniek")[0]


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_report_has_every_part_of_a_monitoring_rapportage_for_the_demo(demo):
    store, keys, samenwerking = demo
    report = build_report(store, samenwerking, on=ON)
    assert [p.text for p in report.parts if isinstance(p, Heading) and p.level == 1] == HEADINGS
    text = report.text()
    assert report.subtitle.startswith("Rondes 1 tot en met 3 (19-01-2021 – 07-12-2021)")
    assert "Type | Platform" in text and "Ronde 3: Ontwikkelfase Testen → Opschalen" in text
    assert "Kandidaten gestart | 0 | 14 | 22" in text and "Geplaatst | – | 5 | 11" in text
    assert (
        "Rolverdeling | Belemmerend | De rolverdeling van de coördinator is nog niet vastgelegd | Projectleider" in text
    )
    # A leervraag with its cell, status, answer (and in which ronde) and the actions that answer it.
    assert "Handelen × Netwerk" in text
    assert (
        "Hoe leggen we de rolverdeling tussen werkbedrijf, gemeenten en school vast, zonder de korte lijnen te "
        "verliezen? | 1 | Beantwoord | De rol van de coördinator en van elke partner staat op papier; de "
        "samenwerking hangt niet meer van één persoon af. (ronde 2) | Rolverdeling van de coördinator vastleggen"
    ) in text
    # Lessons per stakeholder with their spread, never one average of everyone.
    lessons = next(p for p in report.parts if isinstance(p, Table) and p.headers[0] == "Les")
    assert lessons.headers == ("Les", "Ondernemer", "Overheid", "Onderwijs", "Projectleider", "Verschil")
    assert lessons.rows[0] == ("1. Gedeeld probleem", "4,0 (n=1)", "5,0 (n=1)", "4,0 (n=1)", "5,0 (n=1)", "1,0")
    assert "Leervraag (in behandeling, ronde 2): Hoe wordt de aanpak structureel" in text
    assert "Actie (open, uiterlijk 01-09-2021 · over de datum): Gemeente Lelystad weer actief betrekken" in text
    # Factors and notes by role, no participant names (Erik S. named factors in every ronde).
    assert "Erik S." not in text and "Saskia H." not in text


def test_a_period_narrows_every_part_and_a_period_without_rondes_is_refused(demo):
    store, keys, samenwerking = demo
    report = build_report(store, samenwerking, first=2, last=2, on=ON)
    text = report.text()
    assert report.subtitle.startswith("Ronde 2 (15-06-2021)")
    assert "Resultaat | Ronde 2\nKandidaten gestart | 14" in text
    assert "Nazorg na plaatsing" not in text and "Een krappe arbeidsmarkt" in text
    assert "Welke onderdelen van de aanpak kunnen andere regio's overnemen?" not in text  # asked in ronde 3
    with pytest.raises(InvalidInput, match="geen rondes van 4 tot en met 5"):
        build_report(store, samenwerking, first=4, last=5)


def test_word_and_pdf_say_the_same_and_typed_markup_stays_text(demo, tmp_path):
    store, keys, samenwerking = demo
    store.add_leervraag(keys["DRNT26"], "Werkt <b>dit</b> & =SOM(A1) nog?", dimension="leren", level="individu")
    report = build_report(store, samenwerking, on=ON)
    docx, pdf = report_docx(report), report_pdf(report)
    in_word = _docx_text(docx)
    target = tmp_path / "rapport.pdf"
    target.write_bytes(pdf)
    in_pdf = " ".join(pdftotext(target).split())
    for heading in HEADINGS:
        assert heading in in_word and heading in in_pdf
    for phrase in ("Werkt <b>dit</b> & =SOM(A1) nog?", "Leren × Individu", "Gestart met een BBL-opleiding"):
        assert phrase in in_word and phrase in in_pdf
    doc = Document(io.BytesIO(docx))
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == HEADINGS
    assert doc.core_properties.title == "Monitoringsrapportage · Toekomst in de Techniek"
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3 and abs(float(reader.pages[0].mediabox.width) - 595.3) < 1  # A4
    fonts = {str(f) for page in reader.pages for f in (page["/Resources"].get("/Font") or {}).values()}
    assert reader.metadata.title == report.title and fonts


def test_libreoffice_opens_the_word_file_and_shows_every_heading(demo, tmp_path):
    store, keys, samenwerking = demo
    source = tmp_path / "rapport.docx"
    source.write_bytes(report_docx(build_report(store, samenwerking, on=ON)))
    converted = soffice_convert(source, tmp_path)
    text = " ".join(pdftotext(converted).split())
    for heading in HEADINGS:
        assert heading in text


def test_the_command_line_writes_both_files_and_says_what_it_needs(demo, db_path, tmp_path):
    docx, pdf = tmp_path / "r.docx", tmp_path / "r.pdf"
    result = run(db_path, "rapport", "Toekomst in de Techniek", "--docx", str(docx), "--pdf", str(pdf), "--van", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Monitoringsrapportage van Toekomst in de Techniek geschreven naar") == 2
    assert "Rondes 2 tot en met 3" in _docx_text(docx.read_bytes())
    assert PdfReader(pdf).pages
    neither = run(db_path, "rapport", "Toekomst in de Techniek")
    assert neither.returncode == 1 and "--docx" in neither.stderr


def test_exporteren_makes_the_report_on_request_for_the_chosen_rondes(demo, downloads):
    store, keys, samenwerking = demo
    at = run_app(page="exporteren", key=keys["DRNT26"])
    assert not at.exception
    at.selectbox(key="exporteren_rapport_van").set_value(2).run()
    docx, name = make_and_download(at, downloads, "Maak de rapportage (Word)", "Download rapportage (Word)")
    assert name.endswith("_ronde_2-3.docx") and "Rondes 2 tot en met 3" in _docx_text(docx)
    pdf, name = make_and_download(at, downloads, "Maak de rapportage (PDF)", "Download rapportage (PDF)")
    assert name.endswith(".pdf") and PdfReader(io.BytesIO(pdf)).metadata.title.endswith("Toekomst in de Techniek")
    at.selectbox(key="exporteren_rapport_tot").set_value(1).run()
    assert not at.exception and "Kies een eerste ronde die niet na de laatste ligt." in [w.value for w in at.warning]
