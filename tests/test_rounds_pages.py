"""The pages of a samenwerking over time in AppTest: Vorige keer, the lessons reflection, Rondes en acties on
Begeleiden, and Verloop with its four views, each with and without the key.

The data is written through the store; the tests check what a participant or facilitator would see.
"""

from __future__ import annotations

import pytest

from app_pages.ui.rounds import CHANGE_COLOURS
from canvas.compare import Change
from canvas.rounds import ActionStatus
from data.store import Store
from stakeholders.roles import Role
from tests.apptest import labels, page_text, run_app
from tests.rounds_data import two_rondes


def _contrast(fg: str, bg: str) -> float:
    def lum(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((lum(fg), lum(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def frame(at, column: str, *, without: str = ""):
    """The first table on the page with this column (and not ``without``): AppTest knows no dataframe keys."""
    for df in at.dataframe:
        value = df.value
        if column in value.columns and (not without or without not in value.columns):
            return value
    raise AssertionError(f"geen tabel met kolom {column}")


@pytest.fixture
def rondes(db_path, store: Store):
    return two_rondes(store)


def test_change_badges_have_a_text_label_and_enough_contrast():
    for change, (bg, fg) in CHANGE_COLOURS.items():
        assert _contrast(fg, bg) >= 4.5, change
        assert change.label in {"Nieuw", "Verdwenen", "Gebleven"}


def test_the_walk_shows_last_times_gedeeld_perspectief_marked_with_ronde_and_date(rondes):
    *_, (second, _key2, erik2) = rondes
    at = run_app(page="invullen", p=erik2, blok="sociaal_probleem")
    assert not at.exception
    text = page_text(at)
    assert "Vorige keer (ronde 1, 15-01-2024)" in text
    assert "Tekort aan technici én werklozen die niet aan de slag komen" in text
    assert "Wat is er sindsdien veranderd?" in text


def test_the_first_ronde_has_no_vorige_keer(rondes):
    _, _, (first, _key1, erik), _ = rondes
    at = run_app(page="invullen", p=erik, blok="sociaal_probleem")
    assert not at.exception and "Vorige keer" not in page_text(at)


def test_the_board_shows_vorige_keer_in_focus_and_in_the_grid(rondes):
    *_, (second, key2, _) = rondes
    at = run_app(page="canvas", key=key2, blok="sociaal_probleem")
    assert not at.exception
    text = page_text(at)
    assert "Vorige keer (ronde 1, 15-01-2024)" in text and "Tekort aan technici" in text
    grid = run_app(page="canvas", code=second.code)
    assert not grid.exception
    assert any("Vorige keer (ronde 1, 15-01-2024)" in e.label for e in grid.expander)


def test_a_participant_scores_the_lessons_in_one_form_and_sees_them_again(rondes):
    store, *_, (second, _key2, erik2) = rondes
    at = run_app(page="lessen", p=erik2)
    assert not at.exception
    text = page_text(at)
    assert "Besteed voldoende aandacht aan het formuleren van het gedeelde probleem" in text
    assert len(at.radio) == 10 and at.radio[0].value == 4  # the score saved before
    at.radio(key="lessen_score_2").set_value(3)
    at.text_input(key="lessen_toelichting_2").input("De vraag van bedrijven is nog vaag")
    at.text_input(key="lessen_toelichting_5").input("zonder score")
    at.button(key="FormSubmitter:lessen_form-Scores opslaan").click().run()
    assert not at.exception
    assert any("2 lessen zijn bewaard" in s.value for s in at.success)
    assert any("les 5" in w.value for w in at.warning)
    mine = store.own_lesson_scores(erik2)
    assert (mine[2].score, mine[2].remark) == (3, "De vraag van bedrijven is nog vaag") and 5 not in mine


def test_the_lessons_page_without_a_token_sends_to_deelnemen_and_a_closed_ronde_is_read_only(rondes):
    store, *_, (second, key2, erik2) = rondes
    at = run_app(page="lessen")
    assert not at.exception and "Je doet nog niet mee" in page_text(at)
    wrong = run_app(page="lessen", p="geen-token")
    assert not wrong.exception and "kennen we niet" in page_text(wrong)
    store.set_closed(key2, True)
    closed = run_app(page="lessen", p=erik2)
    assert not closed.exception and "gesloten" in page_text(closed)
    assert all(r.disabled for r in closed.radio)


def test_begeleiden_lists_open_actions_from_before_and_records_a_new_one(rondes):
    store, samenwerking, _, (second, key2, _) = rondes
    at = run_app(page="begeleiden", key=key2)
    assert not at.exception
    text = page_text(at)
    assert "Open acties uit eerdere rondes (1)" in text and "Werkplein levert vijf kandidaten" in text
    assert "ronde 2 van 2" in text
    at.text_area(key="rondes_actie_tekst").input("Zuidberg biedt twee leerplekken")
    owner = next(p for p in samenwerking.partners if p.organisation == "Zuidberg")
    at.selectbox(key="rondes_actie_eigenaar").set_value(owner.id)
    at.text_input(key="rondes_actie_persoon").input("Erik")
    at.button(key="rondes_actie_opslaan").click().run()
    assert not at.exception
    assert any("vastgelegd" in s.value for s in at.success)
    new = [a for a in store.actions(key2) if a.ronde_created == 2]
    assert [(a.text, a.owner_organisation, a.person) for a in new] == [
        ("Zuidberg biedt twee leerplekken", "Zuidberg", "Erik")
    ]


def test_closing_an_earlier_action_on_begeleiden_records_the_outcome(rondes):
    store, _, _, (second, key2, _) = rondes
    action = store.actions(key2)[0]
    at = run_app(page="begeleiden", key=key2)
    at.selectbox(key=f"rondes_eerder_status_{action.id}").set_value(ActionStatus.AFGEROND)
    at.text_input(key=f"rondes_eerder_uitkomst_{action.id}").input("Vier kandidaten gestart")
    at.button(key=f"rondes_eerder_bijwerken_{action.id}").click().run()
    assert not at.exception
    done = store.actions(key2)[0]
    assert (done.status, done.outcome, done.ronde_closed) == (ActionStatus.AFGEROND, "Vier kandidaten gestart", 2)
    assert "Open acties uit eerdere rondes (0)" in page_text(at)


def test_starting_the_next_ronde_on_begeleiden_gives_a_new_key_to_keep(rondes):
    store, samenwerking, _, (second, key2, _) = rondes
    at = run_app(page="begeleiden", key=key2)
    at.text_input(key="rondes_volgende_titel").input("Evaluatie")
    at.button(key="rondes_volgende_start").click().run()
    assert not at.exception
    third = store.rondes(samenwerking.id)[-1]
    assert third.number == 3 and third.title == "Evaluatie"
    new_key = at.query_params["key"][0] if isinstance(at.query_params["key"], list) else at.query_params["key"]
    assert new_key != key2 and store.facilitated_workshop(new_key).id == third.workshop_id
    assert "Bewaar deze begeleiderslink" in page_text(at)


def test_revealing_the_lesson_scores_on_begeleiden(rondes):
    store, _, _, (second, key2, _) = rondes
    at = run_app(page="begeleiden", key=key2)
    assert "2 deelnemers hebben de lessen gescoord" in page_text(at)
    at.toggle(key="rondes_lessen_zichtbaar").set_value(True).run()
    assert not at.exception and store.workshop_by_id(second.id).lessons_revealed


@pytest.mark.parametrize("weergave", ["verloop", "kenmerken", "betrokkenheid", "lessen", "acties"])
def test_verloop_without_a_key_or_with_a_wrong_one_shows_nothing_of_a_samenwerking(rondes, weergave):
    at = run_app(page="verloop", weergave=weergave)
    assert not at.exception
    assert "Zo kom je binnen als begeleider" in page_text(at) and "Toekomst in de Techniek" not in page_text(at)
    wrong = run_app(page="verloop", key="niet-de-sleutel", weergave=weergave)
    assert not wrong.exception and "klopt niet" in page_text(wrong)
    assert "Werkplein" not in page_text(wrong) and not wrong.dataframe


def test_verloop_marks_notes_new_gone_and_kept_per_block(rondes):
    *_, (second, key2, _) = rondes
    at = run_app(page="verloop", key=key2)
    assert not at.exception
    text = page_text(at)
    assert "Ronde 1 · ontwerp · 15-01-2024" in list(at.selectbox(key="verloop_a").options)
    # One note kept (reworded), one new, one gone in Sociaal probleem; the school's note in Kosten went.
    assert "🆕 **1** nieuw · 🔁 **2** gebleven · ➖ **2** verdwenen" in text.replace("\\", "")
    assert "Tekort aan technici én werklozen die niet aan de slag komen" in text
    assert "toen: Het netwerk van bedrijven: dat is de echte kracht" in text
    for label in (Change.NIEUW, Change.VERDWENEN, Change.GEBLEVEN):
        assert f"{label.icon} {label.label}" in text
    titles = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert len(titles) == 18 and "#### Oplossing" in titles
    at.toggle(key="verloop_alleen_verschil").set_value(True).run()
    assert not at.exception
    # Only the two blocks where something changed stay.
    shown = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("#### ")]
    assert shown == ["#### Sociaal probleem / Sociale behoefte", "#### Kosten (euro)"]


def test_verloop_betrokkenheid_flags_the_stakeholder_that_fell_silent(rondes):
    *_, (second, key2, _) = rondes
    at = run_app(page="verloop", key=key2, weergave="betrokkenheid")
    assert not at.exception
    text = page_text(at)
    assert (
        "Stil in ronde 2" in text and "Onderwijs (stakeholder)" in text and "MBO College Almere (organisatie)" in text
    )
    assert len(at.get("plotly_chart")) == 1
    roles = frame(at, "Stakeholder", without="Organisatie")
    school = roles[roles["Stakeholder"] == "Onderwijs"].iloc[0]
    assert school["Ronde 1"] == "1 (1)" and school["Ronde 2"] == "0 (0) ⚠ stil"


def test_verloop_lessen_shows_spread_and_change_and_hides_unrevealed_scores(rondes):
    store, *_, (second, key2, _) = rondes
    at = run_app(page="verloop", key=key2, weergave="lessen")
    assert not at.exception
    assert "nog verborgen (2 deelnemers scoorden)" in page_text(at)
    trend = frame(at, "Verandering")
    # The average of everyone with the lowest and highest stakeholder average beside it (ondernemer 2, overheid 5).
    assert trend.iloc[0]["Ronde 1"] == "3.5 (2.0–5.0)" and trend.iloc[0]["Ronde 2"] == "–"
    assert trend.iloc[0]["Per stakeholder (laatste ronde met scores)"] == "ondernemer 2.0 · overheid 5.0"
    store.set_lessons_revealed(key2, True)
    at = run_app(page="verloop", key=key2, weergave="lessen")
    table = frame(at, "Verschil")
    assert table.iloc[0]["Ondernemer"] == "4.0" and table.iloc[0]["Overheid"] == "5.0"
    trend = frame(at, "Verandering")
    assert trend.iloc[0]["Ronde 2"] == "4.5 (4.0–5.0)" and trend.iloc[0]["Verandering"] == "▲ +1.0"
    at.selectbox(key="verloop_lessen_ronde").set_value(store.rondes(second.samenwerking_id)[0].workshop_id).run()
    text = page_text(at)
    assert "Hier lopen de stakeholders het verst uiteen" in text and "overheid 5.0, ondernemer 2.0" in text
    assert "We praten nog langs elkaar heen" in text


def test_verloop_acties_lists_actions_with_owner_and_the_leervragen(rondes):
    *_, (second, key2, _) = rondes
    at = run_app(page="verloop", key=key2, weergave="acties")
    assert not at.exception
    table = frame(at, "Eigenaar")
    assert table.iloc[0]["Eigenaar"] == "Gemeente Dronten (overheid)" and table.iloc[0]["Status"] == "Open"
    assert "Blijven de zij-instromers na een jaar aan het werk?" in page_text(at)


def test_verloop_of_a_single_ronde_says_to_start_the_next_one(db_path, store):
    _, key = store.create_workshop(pps_name="Alleen", title="Eerste")
    at = run_app(page="verloop", key=key)
    assert not at.exception and "nog maar één ronde" in page_text(at)
    assert Role.ONDERNEMER  # the role registry is importable next to the page


def test_exporteren_offers_the_samenwerking_workbook_with_the_key_only(rondes):
    *_, (second, key2, _) = rondes
    at = run_app(page="exporteren", key=key2)
    assert not at.exception
    assert "Alle 2 rondes van Toekomst in de Techniek in één bestand" in page_text(at)
    assert "Maak het Excel-bestand van de samenwerking" in labels(at)
    without = run_app(page="exporteren")
    assert not without.exception and "Maak het Excel-bestand van de samenwerking" not in labels(without)
