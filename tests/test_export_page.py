"""The Exporteren page: only with the facilitator key, then Excel (made on click) and JSON downloads and a restore."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager

import exports.excel
from data.store import Store
from demo import load_demo
from exports.excel import SHEETS
from tests.apptest import page_text, run_app


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
def deferred_downloads(monkeypatch) -> dict[str, tuple[Callable[[], bytes], str | None]]:
    """The files the page leaves to be made on click: file id -> (the callable, its file name)."""
    made: dict[str, tuple[Callable[[], bytes], str | None]] = {}
    register = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = register(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        made[file_id] = (data_callable, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return made


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


def test_with_the_key_the_page_offers_excel_and_json_downloads_and_a_restore(db_path, deferred_downloads):
    store = Store.open(f"sqlite:///{db_path}")
    key = load_demo(store)["NEXT24"]
    at = run_app(page="exporteren", key=key)
    assert not at.exception
    text = page_text(at)
    assert "NexTechnician" in text and "NEXT24" in text
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    # The Excel file is made when the button is clicked: the button carries the maker, not a file.
    make, file_name = deferred_downloads[buttons["Download Excel-overzicht"].deferred_file_id]
    assert file_name is not None and file_name.endswith(".xlsx")
    assert load_workbook(io.BytesIO(make())).sheetnames == list(SHEETS)
    assert buttons["Download back-up (JSON)"].url.endswith(".json")
    assert len(at.get("file_uploader")) == 1
    assert at.button(key="exporteren_restore").disabled


def test_the_excel_file_is_made_on_download_not_on_every_run_of_the_page(db_path, deferred_downloads, builds):
    store = Store.open(f"sqlite:///{db_path}")
    key = load_demo(store)["NEXT24"]
    at = run_app(page="exporteren", key=key)
    at.run()  # any later run, e.g. after a click elsewhere on the page
    assert not at.exception
    assert builds == []
    _, token = store.join("NEXT24", name="Nieuwe deelnemer", organisation="Org", role="overheid")
    store.add_note(token, "oplossing", "Geschreven nadat de pagina openging")
    (make, _), *_ = deferred_downloads.values()
    xlsx = make()
    assert len(builds) == 1
    texts = [row[6] for row in load_workbook(io.BytesIO(xlsx))["Antwoorden"].iter_rows(min_row=2, values_only=True)]
    assert "Geschreven nadat de pagina openging" in texts


def test_the_page_shows_another_workshop_only_to_its_own_key(db_path):
    store = Store.open(f"sqlite:///{db_path}")
    keys = load_demo(store)
    at = run_app(page="exporteren", key=keys["DRNT24"])
    text = page_text(at)
    assert "Toekomst in de Techniek" in text and "NexTechnician" not in text
