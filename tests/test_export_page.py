"""The Exporteren page: only with the facilitator key, then downloads for Excel and JSON and a restore."""

from __future__ import annotations

from data.demo import load_demo
from data.store import Store
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


def test_with_the_key_the_page_offers_excel_and_json_downloads_and_a_restore(db_path):
    store = Store.open(f"sqlite:///{db_path}")
    key = load_demo(store)["NEXT24"]
    at = run_app(page="exporteren", key=key)
    assert not at.exception
    text = page_text(at)
    assert "NexTechnician" in text and "NEXT24" in text
    buttons = {b.proto.label: b.proto.url for b in at.get("download_button")}
    assert buttons["Download Excel-overzicht"].endswith(".xlsx")
    assert buttons["Download back-up (JSON)"].endswith(".json")
    assert len(at.get("file_uploader")) == 1
    assert at.button(key="exporteren_restore").disabled


def test_the_page_shows_another_workshop_only_to_its_own_key(db_path):
    store = Store.open(f"sqlite:///{db_path}")
    keys = load_demo(store)
    at = run_app(page="exporteren", key=keys["DRNT24"])
    text = page_text(at)
    assert "Toekomst in de Techniek" in text and "NexTechnician" not in text
