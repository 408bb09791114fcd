"""The Exporteren page: only with the facilitator key, then Excel (made on request) and JSON downloads and a restore."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager

import exports.excel
from data.store import Store
from exports.excel import SHEETS
from tests.apptest import labels, make_and_download, page_text, run_app
from tests.demo_copy import load_demo


def test_without_a_key_the_page_explains_how_to_get_in_and_offers_no_downloads(db_path):
    at = run_app(page="exporteren")
    assert not at.exception
    text = page_text(at)
    assert "begeleiderslink" in text and "pps-canvas sleutel CODE" in text
    assert len(at.get("download_button")) == 0
    assert len(at.get("file_uploader")) == 0


def test_a_wrong_key_gets_a_dutch_error_and_no_downloads(db_path):
    at = run_app(page="exporteren", key="verkeerde-sleutel")
    assert not at.exception
    assert any("klopt niet" in e.value for e in at.error)
    assert len(at.get("download_button")) == 0


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """One entry per workbook built."""
    built: list[int] = []
    real = exports.excel.build_workbook

    def counting(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(exports.excel, "build_workbook", counting)
    return built


def test_with_the_key_the_page_offers_excel_and_json_downloads_and_a_restore(db_path, downloads):
    store = Store.open(f"sqlite:///{db_path}")
    key = load_demo(store)["NEXT24"]
    at = run_app(page="exporteren", key=key)
    assert not at.exception
    text = page_text(at)
    assert "NexTechnician" in text and "NEXT24" in text
    assert labels(at, "download_button") == ["Download back-up (JSON)"]
    xlsx, file_name = make_and_download(at, downloads, "Maak het Excel-overzicht", "Download Excel-overzicht")
    assert file_name.endswith(".xlsx")
    assert load_workbook(io.BytesIO(xlsx)).sheetnames == list(SHEETS)
    assert "Gemaakt om" in page_text(at)
    # The made workbook stays on the page for this session, and is not made again by the next run.
    at.run()
    assert "Download Excel-overzicht" in labels(at, "download_button")
    assert "Maak het Excel-overzicht" not in labels(at)
    assert len(at.get("file_uploader")) == 1
    assert at.button(key="exporteren_restore").disabled


def test_the_excel_file_is_made_on_request_not_on_every_run_of_the_page(db_path, downloads, builds):
    store = Store.open(f"sqlite:///{db_path}")
    key = load_demo(store)["NEXT24"]
    at = run_app(page="exporteren", key=key)
    at.run()  # any later run, e.g. after a click elsewhere on the page
    assert not at.exception
    assert builds == []
    _, token = store.join("NEXT24", name="Nieuwe deelnemer", organisation="Org", role="overheid")
    store.add_note(token, "oplossing", "Geschreven nadat de pagina openging")
    xlsx, _ = make_and_download(at, downloads, "Maak het Excel-overzicht", "Download Excel-overzicht")
    assert len(builds) == 1
    at.run()
    assert len(builds) == 1, "the workbook was made again on a later run"
    texts = [row[6] for row in load_workbook(io.BytesIO(xlsx))["Antwoorden"].iter_rows(min_row=2, values_only=True)]
    assert "Geschreven nadat de pagina openging" in texts


def test_a_note_written_after_the_excel_was_made_is_named_and_opnieuw_maken_takes_it_in(db_path, downloads):
    store = Store.open(f"sqlite:///{db_path}")
    key = load_demo(store)["NEXT24"]
    at = run_app(page="exporteren", key=key)
    make_and_download(at, downloads, "Maak het Excel-overzicht", "Download Excel-overzicht")
    assert "sindsdien is er iets veranderd" not in page_text(at)
    _, token = store.join("NEXT24", name="Laatkomer", organisation="Org", role="onderwijs")
    store.add_note(token, "oplossing", "Na het maken geschreven")
    at.run()
    assert "sindsdien is er iets veranderd" in page_text(at)
    next(b for b in at.button if b.label == "Opnieuw maken").click().run()
    assert not at.exception
    assert "sindsdien is er iets veranderd" not in page_text(at)
    button = next(b for b in at.get("download_button") if b.proto.label == "Download Excel-overzicht")
    xlsx, _ = downloads[button.proto.url]
    texts = [row[6] for row in load_workbook(io.BytesIO(xlsx))["Antwoorden"].iter_rows(min_row=2, values_only=True)]
    assert "Na het maken geschreven" in texts


def test_the_page_shows_another_workshop_only_to_its_own_key(db_path):
    store = Store.open(f"sqlite:///{db_path}")
    keys = load_demo(store)
    at = run_app(page="exporteren", key=keys["DRNT24"])
    text = page_text(at)
    assert "Toekomst in de Techniek" in text and "NexTechnician" not in text


def test_the_made_excel_outlives_the_runs_of_every_other_session(db_path, monkeypatch):
    """Streamlit clears files no session holds after each run of any session (an open board reruns every
    second); the made workbook is held by the page that made it, so two such runs later it is still served."""
    managers: list[MediaFileManager] = []
    add = MediaFileManager.add

    def recording(self, *args, **kwargs):
        managers.append(self)
        return add(self, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", recording)
    store = Store.open(f"sqlite:///{db_path}")
    key = load_demo(store)["NEXT24"]
    at = run_app(page="exporteren", key=key)
    next(b for b in at.button if b.label == "Maak het Excel-overzicht").click().run()
    button = next(b for b in at.get("download_button") if b.proto.label == "Download Excel-overzicht")
    manager = managers[-1]
    manager.remove_orphaned_files()  # the end of another session's run …
    manager.remove_orphaned_files()  # … and of the next one
    file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
    served = manager.read_file(file_id)
    assert served is not None, "the workbook was removed before the browser asked for it"
    assert load_workbook(io.BytesIO(served.content)).sheetnames == list(SHEETS)
