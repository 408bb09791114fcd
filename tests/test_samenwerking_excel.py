"""The Excel workbook of a samenwerking: the latest ronde's sheets plus Verloop, Betrokkenheid, Lessen, Acties,
read back with openpyxl, and ``pps-canvas export-samenwerking`` as a real process."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from data.store import NotFound, Store
from exports.samenwerking_excel import find_samenwerking, samenwerking_workbook_bytes
from tests.rounds_data import two_rondes
from tests.test_cli import run


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _row_starting(ws, first: str) -> list:
    return next(r for r in _rows(ws) if r and r[0] == first)


@pytest.fixture
def workbook(store: Store):
    data = two_rondes(store)
    store_, samenwerking, (first, key1, erik), (second, key2, erik2) = data
    store.add_leervraag(key2, '=HYPERLINK("http://x") werkt de match?')
    action = store.actions(key2)[0]
    store.update_action(key2, action.id, status="afgerond", outcome="Vier kandidaten gestart")
    store.set_kenmerken(key1, type="platform", development_phase="ontwerpen")
    store.set_kenmerken(key2, development_phase="testen")
    store.set_result(key1, "kandidaten_gestart", 4, "Telling werkbedrijf")
    store.set_result(key2, "kandidaten_gestart", 12, "Telling werkbedrijf")
    store.set_result(key2, "geplaatst", 5, "=Eigen telling")
    xlsx = samenwerking_workbook_bytes(store, store.samenwerking(samenwerking.id))
    return load_workbook(io.BytesIO(xlsx)), data


def test_the_workbook_has_the_latest_rondes_sheets_and_the_four_over_time(workbook):
    wb, (_, _, _, (second, *_)) = workbook
    assert wb.sheetnames == [
        "Overzicht", "Canvas", "Perspectieven", "Synthese", "Antwoorden", "Verloop", "Kenmerken", "Resultaten",
        "Betrokkenheid", "Lessen", "Acties",
    ]  # fmt: skip
    # The first five are the latest ronde's: its notes, not the first ronde's.
    answers = [r[6] for r in _rows(wb["Antwoorden"])[1:]]
    assert "Eigen wervingscampagne via sociale media" in answers and "Docenturen voor korte trajecten" not in answers
    for name in ("Verloop", "Kenmerken", "Resultaten", "Betrokkenheid", "Lessen", "Acties"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows == "$4:$4" and "Pagina &P van &N" in ws.oddFooter.right.text
        assert ws.cell(4, 1).font.bold and ws.cell(4, 1).fill.fgColor.rgb == "FF404040"


def test_verloop_has_each_blocks_gedeeld_perspectief_per_ronde_and_the_marked_notes(workbook):
    wb, _ = workbook
    ws = wb["Verloop"]
    assert _rows(ws)[3][:3] == [
        "Blok",
        "Ronde 1 · ontwerp · 15-01-2024",
        "Ronde 2 · looptijd (monitoring) · 03-06-2024",
    ]
    problem = _row_starting(ws, "Sociaal probleem / Sociale behoefte")
    assert problem[1] == "Tekort aan technici én werklozen die niet aan de slag komen" and problem[2] is None
    marked = [r[:5] for r in _rows(ws) if r[2] in {"Nieuw", "Verdwenen", "Gebleven"}]
    assert [
        "Sociaal probleem / Sociale behoefte", "Ondernemer", "Gebleven",
        "Het netwerk van bedrijven blijft de echte kracht", "Het netwerk van bedrijven: dat is de echte kracht",
    ] in marked  # fmt: skip
    assert ["Kosten (euro)", "Onderwijs", "Verdwenen", "Docenturen voor korte trajecten", None] in marked
    assert len(marked) == 5


def test_betrokkenheid_lessen_and_acties_hold_the_numbers_the_pages_show(workbook):
    wb, _ = workbook
    school = _row_starting(wb["Betrokkenheid"], "Stakeholder")
    rows = [r for r in _rows(wb["Betrokkenheid"]) if r[1] == "Onderwijs"]
    assert rows[0][3:8] == [1, 1, 0, "0 stil", "ja"] and school[1] == "Ondernemer"
    assert [r[1] for r in _rows(wb["Betrokkenheid"]) if r[0] == "Organisatie"][:3] == [
        "Gemeente Dronten", "MBO College Almere", "Zuidberg",
    ]  # fmt: skip
    lessen = wb["Lessen"]
    header = _rows(lessen)[3]
    first = _row_starting(lessen, "1. Gedeeld probleem")
    assert (
        first[header.index("Ronde 1: Ondernemer")] == "2,0 (1)"
        and first[header.index("Ronde 2: Ondernemer")] == "4,0 (1)"
    )
    assert first[header.index("Ronde 1: Onderwijs")] == "–"
    assert first[1].startswith("Besteed voldoende aandacht aan het formuleren")
    remarks = [r[:5] for r in _rows(lessen)]
    assert ["1. Gedeeld probleem", "We praten nog langs elkaar heen", "Ronde 1", "Ondernemer · Erik", 2] in remarks
    acties = _rows(wb["Acties"])
    done = next(r for r in acties if r[0] == "Werkplein levert vijf kandidaten")
    assert done[1:3] == ["Gemeente Dronten", "Overheid"] and done[5:9] == [
        "Afgerond",
        "Vier kandidaten gestart",
        "ronde 1",
        "ronde 2",
    ]
    vraag = next(r for r in acties if r[0] and str(r[0]).startswith("=HYPERLINK"))
    cell = next(c for row in wb["Acties"].iter_rows() for c in row if c.value == vraag[0])
    assert cell.data_type == "s" and vraag[1] == "Ronde 2 · looptijd (monitoring) · 03-06-2024"


def test_a_samenwerking_is_found_by_name_or_by_a_rondes_code_and_a_shared_name_needs_the_code(store):
    _, samenwerking, (first, *_), (second, *_) = two_rondes(store)
    assert find_samenwerking(store, " toekomst in de techniek").id == samenwerking.id
    assert find_samenwerking(store, second.code.lower()).id == samenwerking.id
    store.create_workshop(pps_name="Toekomst in de Techniek", title="Andere")
    with pytest.raises(NotFound, match="2 samenwerkingen"):
        find_samenwerking(store, "Toekomst in de Techniek")
    with pytest.raises(NotFound, match="geen samenwerking"):
        find_samenwerking(store, "Onbekend")


def test_the_command_line_writes_the_samenwerking_workbook(db_path, store, tmp_path):
    _, samenwerking, _, (second, *_) = two_rondes(store)
    target = tmp_path / "samen.xlsx"
    result = run(db_path, "export-samenwerking", "Toekomst in de Techniek", "--xlsx", str(target))
    assert result.returncode == 0, result.stderr
    assert "Toekomst in de Techniek (2 rondes)" in result.stdout
    assert load_workbook(target).sheetnames[-6:] == [
        "Verloop",
        "Kenmerken",
        "Resultaten",
        "Betrokkenheid",
        "Lessen",
        "Acties",
    ]
    missing = run(db_path, "export-samenwerking", "Niets", "--xlsx", str(tmp_path / "x.xlsx"))
    assert missing.returncode == 1 and "geen samenwerking" in missing.stderr and not (tmp_path / "x.xlsx").exists()


def test_kenmerken_and_resultaten_follow_the_rondes_with_every_source(workbook):
    wb, _ = workbook
    kenmerken = {r[0]: r[1:3] for r in _rows(wb["Kenmerken"])[4:]}
    assert kenmerken["Type"] == ["Platform", "Platform"] and kenmerken["Ontwikkelfase"] == ["Ontwerpen", "Testen"]
    rows = _rows(wb["Resultaten"])
    results = {r[0]: r[1:4] for r in rows[4 : [r[0] for r in rows].index("Bronnen")] if r[0]}
    assert results["Kandidaten gestart"] == ["Plaatsingen realiseren", 4, 12]
    assert results["Geplaatst"] == ["Plaatsingen realiseren", None, 5]
    sources = [r[:2] for r in _rows(wb["Resultaten"]) if r[0] == "Geplaatst" and r[1] and "telling" in str(r[1])]
    assert sources == [["Geplaatst", "=Eigen telling"]]
    assert wb["Resultaten"].cell(1, 1).value == "Resultaten · Toekomst in de Techniek"
    # Text is never a formula, also a source that starts with "=".
    assert all(c.data_type != "f" for row in wb["Resultaten"].iter_rows() for c in row)
