"""The monitoring pages in AppTest (issue 21): Monitoring for the facilitator, and the new views of Verloop.

The data is written through the store; the tests check what a facilitator would see and do.
"""

from __future__ import annotations

import pytest

from canvas.monitoring import LeervraagStatus
from data.store import Store
from tests.apptest import page_text, run_app
from tests.rounds_data import two_rondes


@pytest.fixture
def rondes(db_path, store: Store):
    return two_rondes(store)


@pytest.mark.parametrize("weergave", ["factoren", "leervragen", "resultaten", "kenmerken"])
def test_monitoring_without_a_key_or_with_a_wrong_one_shows_nothing_of_a_samenwerking(rondes, weergave):
    at = run_app(page="monitoring", weergave=weergave)
    assert not at.exception
    assert "Zo kom je binnen als begeleider" in page_text(at) and "Toekomst in de Techniek" not in page_text(at)
    wrong = run_app(page="monitoring", key="niet-de-sleutel", weergave=weergave)
    assert not wrong.exception and "klopt niet" in page_text(wrong) and "Flevoland" not in page_text(wrong)


def test_the_facilitator_sets_kenmerken_and_verloop_shows_the_change_of_phase(rondes):
    store, samenwerking, (first, key1, _), (second, key2, _) = rondes
    store.set_kenmerken(key1, development_phase="ontwerpen")
    at = run_app(page="monitoring", key=key2, weergave="kenmerken")
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
    assert table.iloc[0].tolist() == ["Kandidaten gestart", "4", "11"]


def test_a_participant_names_factors_on_the_phone_and_sees_the_others_only_after_the_reveal(rondes):
    store, samenwerking, _, (second, key2, erik2) = rondes
    _, yvonne = store.join(second.code, name="Yvonne B.", role="overheid", organisation="Gemeente Dronten")
    store.add_factor(yvonne, "belemmerend", "Te weinig tijd bij de coördinator")
    alone = run_app(page="factoren")
    assert not alone.exception and "Je doet nog niet mee" in page_text(alone)
    at = run_app(page="factoren", p=erik2)
    assert not at.exception
    at.text_area(key="factoren_tekst_bevorderend").set_value("Bedrijven denken mee over de selectie")
    at.button(key="factoren_opslaan_bevorderend").click().run()
    assert not at.exception
    text = page_text(at)
    assert "➕ Bedrijven denken mee over de selectie" in text and "Jouw factoren (1)" in text
    assert "Te weinig tijd" not in text and "zodra de begeleider ze laat zien" in text
    store.set_factors_revealed(key2, True)
    shown = page_text(run_app(page="factoren", p=erik2))
    assert "Te weinig tijd bij de coördinator (overheid)" in shown and "Belemmerend (1)" in shown


def test_the_facilitator_reveals_factors_makes_a_theme_and_a_leervraag_in_tabel_4_2(rondes):
    store, samenwerking, _, (second, key2, erik2) = rondes
    a = store.add_factor(erik2, "bevorderend", "Bedrijven denken actief mee over de selectie van kandidaten")
    b = store.add_factor(erik2, "belemmerend", "Bedrijven haken af bij de selectie van kandidaten")
    at = run_app(page="monitoring", key=key2)
    assert not at.exception and "➕ **1** bevorderend · ➖ **1** belemmerend" in page_text(at)
    at.toggle(key="monitoring_factoren_zichtbaar").set_value(True).run()
    assert store.workshop_by_id(second.id).factors_revealed
    # The suggestion groups the two; the facilitator ticks them and names the theme.
    assert any(x.label == "Maak hier een thema van" for x in at.button)
    at.checkbox(key=f"monitoring_factor_{a.id}").check()
    at.checkbox(key=f"monitoring_factor_{b.id}").check()
    at.text_input(key="monitoring_thema_naam").set_value("Selectie")
    at.button(key="monitoring_thema_maak").click().run()
    assert not at.exception and "**Selectie**" in page_text(at)
    (theme,) = store.themes(key2)
    at.text_input(key=f"monitoring_thema_{theme.id}_leervraag_tekst").set_value("Hoe houden we bedrijven betrokken?")
    at.selectbox(key=f"monitoring_thema_{theme.id}_leervraag_cel").set_value(("handelen", "netwerk"))
    at.button(key=f"monitoring_thema_{theme.id}_leervraag_opslaan").click().run()
    assert not at.exception
    (vraag,) = [v for v in store.all_leervragen(key2) if v.ronde == 2]
    assert (vraag.theme_id, vraag.cell.label) == (theme.id, "Handelen × Netwerk")

    frame_view = run_app(page="monitoring", key=key2, weergave="leervragen")
    assert not frame_view.exception
    text = page_text(frame_view)
    assert "Open leervragen uit eerdere rondes (1)" in text  # ronde 1's, from tests/rounds_data.py
    assert "❓ Hoe houden we bedrijven betrokken? · *ronde 2*" in text
    assert "Hoe zag de samenwerking met partners er uit?" in text  # the seed's kernvraag in its cell


def test_a_leervraag_gets_an_answer_and_a_linked_action_on_monitoring(rondes):
    store, samenwerking, (first, key1, _), (second, key2, _) = rondes
    (old,) = store.all_leervragen(key2)
    at = run_app(page="monitoring", key=key2, weergave="leervragen")
    at.text_input(key=f"monitoring_actie_tekst_{old.id}").set_value("Behoud na een jaar navragen")
    at.button(key=f"monitoring_actie_opslaan_{old.id}").click().run()
    assert not at.exception
    (action,) = [a for a in store.actions(key2) if a.text == "Behoud na een jaar navragen"]
    assert action.leervraag_id == old.id and action.ronde_created == 2
    at.selectbox(key=f"monitoring_leervraag_status_{old.id}").set_value(LeervraagStatus.BEANTWOORD)
    at.text_area(key=f"monitoring_leervraag_antwoord_{old.id}").set_value("Ja, acht van de tien")
    at.button(key=f"monitoring_leervraag_opslaan_{old.id}").click().run()
    assert not at.exception
    done = store.all_leervragen(key2)[0]
    assert (done.status, done.answer, done.ronde_answered) == (LeervraagStatus.BEANTWOORD, "Ja, acht van de tien", 2)
    assert "Open leervragen uit eerdere rondes (0)" in page_text(at)
    verloop = page_text(run_app(page="verloop", key=key2, weergave="acties"))
    assert (
        "✅ Blijven de zij-instromers na een jaar aan het werk? · antwoord (ronde 2): Ja, acht van de tien" in verloop
    )


def test_begeleiden_names_the_open_leervragen_of_earlier_rondes_with_a_link_to_monitoring(rondes):
    store, samenwerking, _, (second, key2, _) = rondes
    at = run_app(page="begeleiden", key=key2)
    assert not at.exception
    text = page_text(at)
    assert "Open leervragen uit eerdere rondes (1)" in text
    assert "❓ Blijven de zij-instromers na een jaar aan het werk?" in text


def test_a_closed_ronde_shows_the_own_factors_without_a_form_and_monitoring_says_none_were_named(rondes):
    store, samenwerking, _, (second, key2, erik2) = rondes
    empty = run_app(page="monitoring", key=key2)
    assert not empty.exception and "Nog geen factoren genoemd in deze ronde." in page_text(empty)
    store.add_factor(erik2, "bevorderend", "Korte lijnen met de gemeente")
    store.set_closed(key2, True)
    at = run_app(page="factoren", p=erik2)
    assert not at.exception
    assert "De workshop is gesloten" in page_text(at) and "Korte lijnen met de gemeente" in page_text(at)
    assert not at.text_area and not [b for b in at.button if b.label == "Weg"]
