"""The participant pages in AppTest: joining with a code or link, and the walk through the canvas."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from canvas.hints import hints
from data.store import Store
from stakeholders.roles import Role
from tests.apptest import page_text, run_app


@pytest.fixture
def workshop(store: Store, workshop_key):
    return workshop_key[0]


@pytest.fixture
def key(workshop_key) -> str:
    return workshop_key[1]


def join_form(at: AppTest, *, code: str | None = None, name: str = "", organisation: str = "", role: Role | None):
    if code is not None:
        at.text_input(key="deelnemen_code").input(code)
    at.text_input(key="deelnemen_naam").input(name)
    at.text_input(key="deelnemen_organisatie").input(organisation)
    if role is not None:
        at.radio(key="deelnemen_rol").set_value(role)
    return at.button(key="deelnemen_meedoen").click().run()


def walk(store: Store, workshop, *, role: Role = Role.ONDERWIJS, **query: str) -> tuple[AppTest, str]:
    """A participant who joined, on the invullen page with their private link."""
    _participant, token = store.join(workshop.code, name="Fatima", role=role, organisation="ROC")
    return run_app(page="invullen", p=token, **query), token


def jump_list(at: AppTest):
    """The "Ga naar blok" list (its key changes with the block shown and the blocks answered)."""
    [box] = [s for s in at.selectbox if s.label == "Ga naar blok"]
    return box


def show(at: AppTest, view: str) -> AppTest:
    """Choose a view of the invullen page: "Invullen" (the walk), "Overzicht" or "Van anderen"."""
    return at.segmented_control(key="invullen_weergave").set_value(view).run()


def open_others_here(at: AppTest, block_id: str) -> AppTest:
    """Open the walk's "Wat anderen hier schreven" expander (drawn only while open), as a click would."""
    at.session_state[f"invullen_anderen_{block_id}"] = True
    return at.run()


def live_texts(store: Store, token: str) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for note in store.own_notes(token):
        texts.setdefault(note.block_id, []).append(note.text)
    return texts


# -- joining ---------------------------------------------------------------------------------------


def test_joining_with_a_valid_code_stores_the_participant_with_role_and_organisation(store, workshop):
    at = run_app(page="deelnemen")
    at = join_form(
        at,
        code=f" {workshop.code[:3].lower()}-{workshop.code[3:]} ",
        name="Jan de Vries",
        organisation="Gemeente Almere",
        role=Role.OVERHEID,
    )
    assert not at.exception
    assert not at.error
    [participant] = store.participants(workshop.id)
    assert (participant.name, participant.organisation, participant.role) == (
        "Jan de Vries",
        "Gemeente Almere",
        Role.OVERHEID,
    )
    assert at.session_state["participant_token"]
    assert store.participant(at.session_state["participant_token"]).id == participant.id


def test_joining_as_overig_keeps_the_free_sub_role(store, workshop):
    at = run_app(page="deelnemen", code=workshop.code)
    at.radio(key="deelnemen_rol").set_value(Role.OVERIG).run()
    at.text_input(key="deelnemen_subrol").input("werkcoach")
    at = join_form(at, name="Kees", role=None)
    [participant] = store.participants(workshop.id)
    assert (participant.role, participant.sub_role) == (Role.OVERIG, "werkcoach")


def test_joining_with_an_unknown_code_shows_an_error_and_stores_nothing(store, workshop):
    at = run_app(page="deelnemen")
    at = join_form(at, code="ZZZZ99", name="Jan", role=Role.ONDERNEMER)
    assert not at.exception
    assert any("Er is geen workshop met code ZZZZ99" in e.value for e in at.error)
    assert store.participants(workshop.id) == []
    assert "participant_token" not in at.session_state


def test_joining_a_closed_workshop_shows_it_is_closed_and_stores_nothing(store, workshop, key):
    store.set_closed(key, True)
    at = run_app(page="deelnemen", code=workshop.code)
    # The button is off, with the reason as the one error on the page.
    assert at.button(key="deelnemen_meedoen").disabled
    assert [e.value for e in at.error] == [
        f"Meedoen kan niet meer: de workshop {workshop.code} is gesloten. Vraag de begeleider."
    ]
    assert store.participants(workshop.id) == []


def test_joining_without_a_name_asks_for_it_and_stores_nothing(store, workshop):
    at = run_app(page="deelnemen", code=workshop.code)
    at = join_form(at, name="   ", role=Role.ONDERWIJS)
    assert any("Je naam is leeg" in e.value for e in at.error)
    assert store.participants(workshop.id) == []


def test_joining_without_a_role_asks_for_it_and_stores_nothing(store, workshop):
    at = run_app(page="deelnemen", code=workshop.code)
    at = join_form(at, name="Jan", role=None)
    assert any("Kies vanuit welke kant" in e.value for e in at.error)
    assert store.participants(workshop.id) == []


def test_a_deep_link_prefills_the_code_and_preselects_the_role(store, workshop):
    at = run_app(page="deelnemen", code=workshop.code.lower(), rol="Overheid")
    assert not at.exception
    assert at.text_input(key="deelnemen_code").value == workshop.code.lower()
    assert at.radio(key="deelnemen_rol").value == Role.OVERHEID
    assert any(workshop.title in s.value for s in at.success)
    at = join_form(at, name="Jan", role=None)
    assert store.participants(workshop.id)[0].role == Role.OVERHEID


def test_a_deep_link_with_an_unknown_role_leaves_the_choice_open(store, workshop):
    at = run_app(page="deelnemen", code=workshop.code, rol="koning")
    assert not at.exception
    assert at.radio(key="deelnemen_rol").value is None


def test_the_app_opens_on_the_join_page(db_path):
    at = run_app()
    assert not at.exception
    assert at.text_input(key="deelnemen_code")


# -- the walk --------------------------------------------------------------------------------------


def test_the_walk_shows_the_first_block_with_its_question_and_the_hints_for_the_role(store, workshop):
    at, _token = walk(store, workshop, role=Role.ONDERNEMER)
    assert not at.exception
    first = BLOCKS_BY_ID[WALK_ORDER[0]]
    text = page_text(at)
    assert first.question in text
    assert all(h in text for h in hints(first.id, Role.ONDERNEMER))
    assert not any(h in text for h in hints(first.id, Role.OVERHEID))
    # No max_chars: the browser would drop a longer paste without a word; the page refuses it with a message.
    assert not at.text_area(key="invullen_new").max_chars


def test_the_private_link_is_shown_to_copy(store, workshop):
    at, token = walk(store, workshop)
    assert any(f"invullen?p={token}" in c.value for c in at.code)


def test_a_note_added_in_a_block_is_stored_and_shown(store, workshop):
    at, token = walk(store, workshop)
    at.text_area(key="invullen_new").input("Te weinig instroom in techniekopleidingen")
    at.button(key="invullen_toevoegen").click().run()
    assert not at.exception
    assert live_texts(store, token) == {WALK_ORDER[0]: ["Te weinig instroom in techniekopleidingen"]}
    assert "Te weinig instroom in techniekopleidingen" in page_text(at)
    assert at.text_area(key="invullen_new").value == ""
    at.text_area(key="invullen_new").input("Tweede gedachte")
    at.button(key="invullen_toevoegen").click().run()
    assert live_texts(store, token)[WALK_ORDER[0]] == ["Te weinig instroom in techniekopleidingen", "Tweede gedachte"]


def test_an_empty_note_is_not_stored(store, workshop):
    at, token = walk(store, workshop)
    at.text_area(key="invullen_new").input("   ")
    at.button(key="invullen_toevoegen").click().run()
    assert at.warning
    assert store.own_notes(token) == []


def test_a_note_can_be_edited_and_its_earlier_text_is_kept(store, workshop):
    at, token = walk(store, workshop)
    note = store.add_note(token, WALK_ORDER[0], "Eerste versie")
    at.run()
    at.button(key=f"invullen_wijzig_blok_{note.id}").click().run()
    at.text_area(key="invullen_edit_text").input("Tweede versie")
    at.button(key=f"invullen_opslaan_blok_{note.id}").click().run()
    assert not at.exception
    assert live_texts(store, token) == {WALK_ORDER[0]: ["Tweede versie"]}
    assert [v.text for v in store.note_history(note.id)] == ["Eerste versie", "Tweede versie"]
    assert "Tweede versie" in page_text(at)


def test_an_edit_over_a_newer_version_from_another_tab_shows_both_texts_and_overwrites_nothing(store, workshop):
    at, token = walk(store, workshop)
    note = store.add_note(token, WALK_ORDER[0], "Eerste versie")
    at.run()
    at.button(key=f"invullen_wijzig_blok_{note.id}").click().run()
    store.edit_note(token, note.id, "Uit het andere tabblad", expected_version=1)
    at.text_area(key="invullen_edit_text").input("Uit dit tabblad")
    at.button(key=f"invullen_opslaan_blok_{note.id}").click().run()
    assert not at.exception
    assert any("op een ander scherm gewijzigd" in e.value for e in at.error)
    assert live_texts(store, token) == {WALK_ORDER[0]: ["Uit het andere tabblad"]}
    assert at.text_area(key="invullen_edit_text").value == "Uit het andere tabblad"
    assert any(c.value == "Uit dit tabblad" for c in at.code)
    # Saving again now builds on the newest version.
    at.text_area(key="invullen_edit_text").input("Samengevoegd")
    at.button(key=f"invullen_opslaan_blok_{note.id}").click().run()
    assert live_texts(store, token) == {WALK_ORDER[0]: ["Samengevoegd"]}


def test_a_deleted_note_can_be_brought_back_with_undo(store, workshop):
    at, token = walk(store, workshop)
    note = store.add_note(token, WALK_ORDER[0], "Per ongeluk weg")
    at.run()
    at.button(key=f"invullen_verwijder_blok_{note.id}").click().run()
    assert not at.exception
    assert store.own_notes(token) == []
    assert at.button(key="invullen_ongedaan")
    at.button(key="invullen_ongedaan").click().run()
    assert live_texts(store, token) == {WALK_ORDER[0]: ["Per ongeluk weg"]}
    assert not any(b.key == "invullen_ongedaan" for b in at.button)


def test_the_undo_button_goes_away_once_the_participant_moves_on(store, workshop):
    at, token = walk(store, workshop)
    note = store.add_note(token, WALK_ORDER[0], "Weg ermee")
    at.run()
    at.button(key=f"invullen_verwijder_blok_{note.id}").click().run()
    at.button(key="invullen_volgende").click().run()
    assert not any(b.key == "invullen_ongedaan" for b in at.button)
    assert store.own_notes(token) == []


def test_volgende_with_text_in_the_box_saves_it_and_moves_on(store, workshop):
    at, token = walk(store, workshop)
    at.text_area(key="invullen_new").input("Niet vergeten")
    at.button(key="invullen_volgende").click().run()
    assert not at.exception
    assert live_texts(store, token) == {WALK_ORDER[0]: ["Niet vergeten"]}
    assert at.session_state["invullen_blok"] == WALK_ORDER[1]
    assert jump_list(at).value == WALK_ORDER[1]
    assert at.text_area(key="invullen_new").value == ""
    assert at.query_params["blok"] == WALK_ORDER[1]


def test_volgende_with_an_empty_box_skips_the_block(store, workshop):
    at, token = walk(store, workshop)
    at.button(key="invullen_volgende").click().run()
    at.button(key="invullen_volgende").click().run()
    assert at.session_state["invullen_blok"] == WALK_ORDER[2]
    at.button(key="invullen_vorige").click().run()
    assert at.session_state["invullen_blok"] == WALK_ORDER[1]
    assert store.own_notes(token) == []


def test_jumping_to_a_block_keeps_the_text_typed_in_the_block_shown(store, workshop):
    at, token = walk(store, workshop)
    at.text_area(key="invullen_new").input("Getypt voor de sprong")
    jump_list(at).set_value("kosten").run()
    assert not at.exception
    assert live_texts(store, token) == {WALK_ORDER[0]: ["Getypt voor de sprong"]}
    assert BLOCKS_BY_ID["kosten"].question in page_text(at)


def test_progress_counts_the_blocks_with_at_least_one_note(store, workshop):
    at, token = walk(store, workshop)
    assert at.get("progress")[0].proto.text == "0 van 18 blokken ingevuld"
    store.add_note(token, "kosten", "Loonkosten begeleiding")
    store.add_note(token, "kosten", "Opleidingskosten")
    store.add_note(token, "oplossing", "Leerwerkplekken")
    at.run()
    progress = at.get("progress")[0].proto
    assert progress.text == "2 van 18 blokken ingevuld"
    assert progress.value == round(100 * 2 / 18)
    labels = jump_list(at).options
    assert sum(label.startswith("✓") for label in labels) == 2
    assert f"✓ {WALK_ORDER.index('kosten') + 1}. Kosten (euro)" in labels


def test_the_private_link_resumes_at_the_block_in_the_link_with_all_notes(store, workshop):
    _participant, token = store.join(workshop.code, name="Fatima", role=Role.ONDERWIJS)
    store.add_note(token, "kosten", "Loonkosten begeleiding")
    store.add_note(token, "oplossing", "Leerwerkplekken")
    at = run_app(page="invullen", p=token, blok="kosten")
    assert not at.exception
    assert at.session_state["invullen_blok"] == "kosten"
    assert "Loonkosten begeleiding" in page_text(at)
    text = page_text(show(at, "Overzicht"))
    assert "Loonkosten begeleiding" in text and "Leerwerkplekken" in text


def test_an_unknown_private_link_says_so(store, workshop):
    at = run_app(page="invullen", p="bestaat-niet")
    assert not at.exception
    assert any("deelnamelink kennen we niet" in e.value for e in at.error)


def test_the_overview_shows_all_own_notes_grouped_by_block_and_editable(store, workshop):
    at, token = walk(store, workshop)
    first = store.add_note(token, "kosten", "Loonkosten begeleiding")
    store.add_note(token, "oplossing", "Leerwerkplekken")
    at.run()
    # Only the chosen view is drawn: the walk (on the first block) has no overview of the other blocks.
    assert "Loonkosten begeleiding" not in page_text(at)
    assert not any(b.key and "overzicht" in b.key for b in at.button)
    text = page_text(show(at, "Overzicht"))
    assert "Kosten (euro)" in text and "Oplossing" in text
    assert "Loonkosten begeleiding" in text and "Leerwerkplekken" in text
    at.button(key=f"invullen_wijzig_overzicht_{first.id}").click().run()
    at.text_area(key="invullen_edit_text").input("Loonkosten werkcoach")
    at.button(key=f"invullen_opslaan_overzicht_{first.id}").click().run()
    assert live_texts(store, token)["kosten"] == ["Loonkosten werkcoach"]


def test_choosing_another_view_with_text_in_the_box_saves_it(store, workshop):
    at, token = walk(store, workshop)
    at.text_area(key="invullen_new").input("Getypt voor het overzicht")
    show(at, "Overzicht")
    assert not at.exception
    assert live_texts(store, token) == {WALK_ORDER[0]: ["Getypt voor het overzicht"]}
    assert "Getypt voor het overzicht" in page_text(at)
    show(at, "Invullen")
    assert at.text_area(key="invullen_new").value == ""
    assert at.session_state["invullen_blok"] == WALK_ORDER[0]


def test_an_edit_in_progress_survives_another_view_and_another_block(store, workshop):
    at, token = walk(store, workshop)
    note = store.add_note(token, WALK_ORDER[0], "Eerste versie")
    at.run()
    at.button(key=f"invullen_wijzig_blok_{note.id}").click().run()
    at.text_area(key="invullen_edit_text").input("Half af")
    show(at, "Overzicht")
    assert at.text_area(key="invullen_edit_text").value == "Half af"
    at.text_area(key="invullen_edit_text").input("Bijna af")
    show(at, "Invullen")
    at.button(key="invullen_volgende").click().run()
    assert not any(t.key == "invullen_edit_text" for t in at.text_area)
    at.button(key="invullen_vorige").click().run()
    assert at.text_area(key="invullen_edit_text").value == "Bijna af"
    at.text_area(key="invullen_edit_text").input("Af")
    at.button(key=f"invullen_opslaan_blok_{note.id}").click().run()
    assert live_texts(store, token) == {WALK_ORDER[0]: ["Af"]}


def test_notes_of_others_stay_hidden_until_the_facilitator_reveals_them(store, workshop, key):
    _other, other_token = store.join(workshop.code, name="Piet", role=Role.ONDERNEMER)
    store.add_note(other_token, WALK_ORDER[0], "Geheime gedachte van Piet")
    store.add_note(other_token, "kosten", "Kosten van Piet")
    at, _token = walk(store, workshop)
    assert "Geheime gedachte van Piet" not in page_text(at)
    assert not any(e.label.startswith("Wat anderen") for e in at.expander)
    text = page_text(show(at, "Van anderen"))
    assert "Geheime gedachte van Piet" not in text and "blijven verborgen" in text
    store.set_revealed(key, True, WALK_ORDER[0])
    text = page_text(at.run())
    assert "Geheime gedachte van Piet" in text
    assert "Kosten van Piet" not in text
    assert not any(b.key and "invullen_wijzig" in b.key for b in at.button)
    # In the walk, under the block's own expander.
    show(at, "Invullen")
    assert any(e.label == "Wat anderen hier schreven (1)" for e in at.expander)
    assert "Geheime gedachte van Piet" not in page_text(at)  # drawn only once the expander is opened
    text = page_text(open_others_here(at, WALK_ORDER[0]))
    assert "Geheime gedachte van Piet" in text
    assert "Kosten van Piet" not in text
    assert not any(b.key and "invullen_wijzig" in b.key for b in at.button)
    store.set_revealed(key, True)
    assert "Kosten van Piet" in page_text(show(at, "Van anderen"))


def test_a_closed_workshop_shows_own_notes_without_edit_controls(store, workshop, key):
    _participant, token = store.join(workshop.code, name="Fatima", role=Role.ONDERWIJS)
    store.add_note(token, WALK_ORDER[0], "Mijn notitie")
    store.set_closed(key, True)
    at = run_app(page="invullen", p=token)
    assert not at.exception
    assert any("gesloten" in w.value for w in at.warning)
    assert "Mijn notitie" in page_text(at)
    assert not any(t.key == "invullen_new" for t in at.text_area)
    assert not any(b.key and ("wijzig" in b.key or "verwijder" in b.key) for b in at.button)
    show(at, "Overzicht")
    assert any("gesloten" in w.value for w in at.warning)
    assert "Mijn notitie" in page_text(at)
    assert not any(b.key and ("wijzig" in b.key or "verwijder" in b.key) for b in at.button)


@pytest.mark.parametrize("page", ["invullen", "lessen"])
def test_a_participant_page_without_a_working_link_says_why_and_points_to_deelnemen(db_path, page):
    for query, message in [
        ({}, "Je doet nog niet mee"),
        ({"p": "<b>geen</b>-token"}, "Deze deelnamelink kennen we niet"),
    ]:
        at = run_app(page=page, **query)
        assert not at.exception
        assert message in page_text(at)
        assert [link.proto.label for link in at.get("page_link")] == ["Naar deelnemen"]
