"""The monitoring pages in AppTest (issue 21): Monitoring for the facilitator, and the new views of Verloop.

The data is written through the store; the tests check what a facilitator would see and do.
"""

from __future__ import annotations

import pytest

from data.store import Store
from tests.apptest import page_text, run_app
from tests.rounds_data import two_rondes


@pytest.fixture
def rondes(db_path, store: Store):
    return two_rondes(store)


@pytest.mark.parametrize("weergave", ["kenmerken"])
def test_monitoring_without_a_key_or_with_a_wrong_one_shows_nothing_of_a_samenwerking(rondes, weergave):
    at = run_app(page="monitoring", weergave=weergave)
    assert not at.exception
    assert "Zo kom je binnen als begeleider" in page_text(at) and "Toekomst in de Techniek" not in page_text(at)
    wrong = run_app(page="monitoring", key="niet-de-sleutel", weergave=weergave)
    assert not wrong.exception and "klopt niet" in page_text(wrong) and "Flevoland" not in page_text(wrong)


def test_the_facilitator_sets_kenmerken_and_verloop_shows_the_change_of_phase(rondes):
    store, samenwerking, (first, key1, _), (second, key2, _) = rondes
    store.set_kenmerken(key1, development_phase="ontwerpen")
    at = run_app(page="monitoring", key=key2)
    assert not at.exception
    assert at.selectbox(key="monitoring_kenmerk_development_phase").value == "ontwerpen"  # from ronde 1
    at.selectbox(key="monitoring_kenmerk_type").set_value("platform")
    at.selectbox(key="monitoring_kenmerk_development_phase").set_value("testen")
    at.multiselect(key="monitoring_kenmerk_transitions").set_value(["werkloosheid_naar_werk"])
    at.button(key="monitoring_kenmerken_opslaan").click().run()
    assert not at.exception and "zijn bewaard" in page_text(at)
    assert store.kenmerken(key2).type == "platform" and store.kenmerken(key1).type == ""

    verloop = run_app(page="verloop", key=key2, weergave="kenmerken")
    assert not verloop.exception
    table = verloop.dataframe[0].value
    phase = table[table["Kenmerk"] == "Ontwikkelfase"].iloc[0]
    assert (phase["Ronde 1"], phase["Ronde 2"]) == ("Ontwerpen", "Testen")
    assert "Ronde 2: **Ontwikkelfase** Ontwerpen → Testen" in page_text(verloop)


def test_results_are_entered_on_monitoring_and_verloop_shows_chart_and_table(rondes):
    store, samenwerking, (first, key1, _), (second, key2, _) = rondes
    empty = run_app(page="verloop", key=key2, weergave="resultaten")
    assert not empty.exception and not empty.dataframe and "nog geen resultaten" in page_text(empty)
    store.set_result(key1, "kandidaten_gestart", 4, "Telling werkbedrijf")
    at = run_app(page="monitoring", key=key2, weergave="resultaten")
    assert not at.exception and "Nog geen resultaten in deze ronde" in page_text(at)
    at.selectbox(key="monitoring_resultaat_id").set_value("kandidaten_gestart")
    at.number_input(key="monitoring_resultaat_getal").set_value(11)
    at.text_input(key="monitoring_resultaat_bron").set_value("Telling werkbedrijf")
    at.button(key="monitoring_resultaat_opslaan").click().run()
    assert not at.exception and "**Kandidaten gestart**: 11 · bron: Telling werkbedrijf" in page_text(at)
    # Without a source the number is refused, with the store's message.
    at.selectbox(key="monitoring_resultaat_id").set_value("geplaatst")
    at.number_input(key="monitoring_resultaat_getal").set_value(3)
    at.button(key="monitoring_resultaat_opslaan").click().run()
    assert "De bron van het getal" in page_text(at) and [v.value for v in store.results(key2)] == [11]

    verloop = run_app(page="verloop", key=key2, weergave="resultaten")
    assert not verloop.exception and len(verloop.get("plotly_chart")) == 1
    table = verloop.dataframe[0].value
    assert table.iloc[0].tolist() == ["Kandidaten gestart", 4, 11]
