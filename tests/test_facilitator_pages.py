"""The facilitator's pages (Begeleiden, the board with the key, Perspectieven) in AppTest.

Participants write through the store here: these tests are about what the facilitator sees and does.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from app_pages.ui.charts import balance_chart, coverage_heatmap
from canvas.blocks import BLOCKS, WALK_ORDER, Question
from canvas.clock import as_utc
from canvas.give_take import balance
from canvas.merge import coverage
from canvas.model import Phase
from canvas.progress import hidden_per_block, neighbours, participant_progress, role_counts
from data.store import Store, WorkshopClosed
from stakeholders.roles import ROLES, Role
from tests.apptest import page_text, run_app


def keyed(node, key: str):
    """The container this test gave ``key`` (Streamlit ends a keyed block's id with the key)."""
    for child in node.children.values():
        block_id = getattr(getattr(child, "proto", None), "id", "")
        if isinstance(block_id, str) and block_id.endswith(f"-{key}"):
            return child
        if hasattr(child, "children"):
            found = keyed(child, key)
            if found is not None:
                return found
    return None


def text_in(block) -> str:
    parts = [m.value for m in block.markdown] + [c.value for c in block.caption]
    return "\n".join(parts).replace("\\", "")


@pytest.fixture
def room(db_path, store: Store, workshop_key):
    """A workshop with an overheid participant who wrote one note in Kosten (not yet revealed)."""
    workshop, key = workshop_key
    _, token = store.join(workshop.code, name="Ann de Vries", organisation="Gemeente Almere", role="overheid")
    note = store.add_note(token, "kosten", "Loonkostensubsidie voor de eerste zes maanden")
    return store, workshop, key, note


# -- without a key, or with a wrong one ---------------------------------------------------------------


def test_begeleiden_without_a_key_explains_how_to_get_in_and_offers_only_a_new_workshop(db_path):
    at = run_app(page="begeleiden")
    assert not at.exception
    text = page_text(at)
    assert "Zo kom je binnen als begeleider" in text and "begeleiderslink" in text
    assert at.button(key="begeleiden_create_submit")
    assert not at.toggle and not at.tabs


@pytest.mark.parametrize("page", ["begeleiden", "canvas", "perspectieven"])
def test_a_wrong_key_gets_a_clear_dutch_message_and_nothing_of_a_workshop(room, page):
    store, workshop, _key, note = room
    store.set_revealed(_key, True)
    at = run_app(page=page, key="niet-de-goede-sleutel")
    assert not at.exception
    assert any("begeleiderslink klopt niet" in e.value for e in at.error)
    text = page_text(at)
    assert note.text not in text and workshop.pps_name not in text
    assert not at.toggle


# -- creating a workshop ------------------------------------------------------------------------------


def test_creating_a_workshop_shows_the_secret_link_and_keeps_the_key_in_the_session(db_path):
    at = run_app(page="begeleiden")
    at.text_input(key="begeleiden_pps").input("Toekomst in de Techniek")
    at.text_input(key="begeleiden_title").input("Ontwerpsessie voorjaar")
    at.text_input(key="begeleiden_region").input("Flevoland")
    at.selectbox(key="begeleiden_phase").set_value(Phase.LOOPTIJD)
    at.button(key="begeleiden_create_submit").click().run()
    assert not at.exception
    store = Store.open(f"sqlite:///{db_path}")
    created = next(w for w in store.workshops() if w.title == "Ontwerpsessie voorjaar")
    assert created.region == "Flevoland" and created.phase.value == "looptijd"
    key = at.session_state["facilitator_key"]
    assert at.query_params["key"] == [key] or at.query_params["key"] == key
    assert store.facilitated_workshop(key).id == created.id
    assert any("Bewaar deze begeleiderslink" in w.value for w in at.warning)
    assert any(f"begeleiden?key={key}" in c.value for c in at.code)
    assert created.code in page_text(at)


def test_creating_a_workshop_without_a_name_says_what_is_missing(db_path):
    at = run_app(page="begeleiden")
    at.text_input(key="begeleiden_title").input("Sessie")
    at.button(key="begeleiden_create_submit").click().run()
    assert not at.exception
    assert any("naam van de PPS" in e.value for e in at.error)
    assert "facilitator_key" not in at.session_state


# -- join screen and progress -------------------------------------------------------------------------


def test_the_join_screen_shows_the_code_big_a_qr_code_and_who_joined_per_role(room):
    store, workshop, key, _ = room
    store.join(workshop.code, name="Piet", role="onderwijs")
    at = run_app(page="begeleiden", key=key)
    assert not at.exception
    code_block = keyed(at.main, "begeleiden_joincode")
    assert code_block is not None and text_in(code_block) == workshop.code
    assert len(at.get("image")) == 1
    counts = text_in(keyed(at.main, "begeleiden_counts"))
    assert "2 deelnemers binnen" in counts
    assert "Overheid: 1" in counts and "Onderwijs: 1" in counts and "Ondernemer: 0" in counts


def test_progress_shows_each_participant_with_role_and_blocks_answered(room):
    store, workshop, key, _ = room
    at = run_app(page="begeleiden", key=key)
    people = at.dataframe[0].value
    row = people.iloc[0]
    assert row["Naam"] == "Ann de Vries" and row["Rol"] == "Overheid" and row["Blokken beantwoord"] == "1 van 18"
    blocks = at.dataframe[1].value.set_index("Blok")
    assert blocks.loc["Kosten (euro)", "🏛️ Overheid"] == 1
    assert blocks.loc["Kosten (euro)", "🏭 Ondernemer"] == 0


# -- reveal and anonymity -----------------------------------------------------------------------------


def test_notes_stay_off_the_board_until_the_facilitator_reveals_them(room):
    store, workshop, key, note = room
    board = run_app(page="canvas", key=key)
    assert note.text not in page_text(board)
    assert "1 notitie in 1 blok nog verborgen" in page_text(board)

    at = run_app(page="begeleiden", key=key)
    at.toggle(key="begeleiden_reveal_all").set_value(True).run()
    assert not at.exception
    assert store.workshop_by_id(workshop.id).revealed_all
    assert note.text in page_text(run_app(page="canvas", key=key))
    assert note.text in page_text(run_app(page="canvas", code=workshop.code))

    at.toggle(key="begeleiden_reveal_all").set_value(False).run()
    assert not store.workshop_by_id(workshop.id).revealed_all
    assert note.text not in page_text(run_app(page="canvas", code=workshop.code))


def test_revealing_one_block_shows_only_that_block(room):
    store, workshop, key, note = room
    _, token = store.join(workshop.code, name="Bo", role="ondernemer")
    other = store.add_note(token, "oplossing", "Leerwerkplekken in de eigen werkplaats")
    at = run_app(page="begeleiden", key=key)
    assert at.toggle(key="begeleiden_reveal_kosten").value is False
    at.toggle(key="begeleiden_reveal_kosten").set_value(True).run()
    assert not at.exception
    assert store.workshop_by_id(workshop.id).revealed_blocks == frozenset({"kosten"})
    assert at.toggle(key="begeleiden_reveal_kosten").value is True
    text = page_text(run_app(page="canvas", code=workshop.code))
    assert note.text in text and other.text not in text


def test_anonymous_hides_names_on_the_board_but_keeps_the_role(room):
    store, workshop, key, note = room
    store.set_revealed(key, True)
    assert "Ann de Vries" in page_text(run_app(page="canvas", key=key))
    at = run_app(page="begeleiden", key=key)
    at.toggle(key="begeleiden_anonymous").set_value(True).run()
    assert store.workshop_by_id(workshop.id).anonymous
    board = run_app(page="canvas", key=key)
    card = keyed(board.main, f"note-overheid-{note.id}")
    assert "Overheid" in text_in(card) and note.text in text_in(card)
    assert "Ann de Vries" not in page_text(board)
    assert "Ann de Vries" not in page_text(run_app(page="perspectieven", key=key))


# -- gedeeld perspectief ------------------------------------------------------------------------------


def test_a_conclusion_is_saved_shown_on_the_board_and_in_focus_and_its_history_kept(room):
    store, workshop, key, _ = room
    at = run_app(page="begeleiden", key=key)
    at.selectbox(key="begeleiden_conclusion_block").set_value("kosten").run()
    at.text_area(key="begeleiden_conclusion_text_kosten").input("Subsidie dekt de start")
    at.button(key="begeleiden_conclusion_save").click().run()
    assert not at.exception
    assert any("opgeslagen" in s.value for s in at.success)
    at.text_area(key="begeleiden_conclusion_text_kosten").input("Subsidie dekt de start; daarna betalen bedrijven")
    at.button(key="begeleiden_conclusion_save").click().run()
    assert store.conclusions(workshop.id)["kosten"].text == "Subsidie dekt de start; daarna betalen bedrijven"
    assert [c.version for c in store.conclusion_history(workshop.id, "kosten")] == [1, 2]
    # Only earlier versions: the current one (version 2, in the box) is neither counted nor listed.
    history = next(e for e in at.expander if e.label.startswith("Eerdere versies"))
    assert history.label == "Eerdere versies (1)"
    assert "Subsidie dekt de start" in text_in(history)
    assert "Versie 1" in text_in(history) and "Versie 2" not in text_in(history)
    assert "daarna betalen bedrijven" in page_text(run_app(page="canvas", key=key))
    focus = run_app(page="canvas", key=key, blok="kosten")
    assert "daarna betalen bedrijven" in text_in(keyed(focus.main, "conclusion-focus-kosten"))


def test_the_history_of_a_conclusion_shows_the_time_of_the_apps_zone_not_the_servers(room, monkeypatch):
    store, workshop, key, _ = room
    store.set_conclusion(key, "kosten", "Eerste versie")
    store.set_conclusion(key, "kosten", "Tweede versie")
    # UTC+14: no server runs there, so the server's own zone cannot give the same clock time by chance.
    monkeypatch.setenv("PPS_CANVAS_TZ", "Pacific/Kiritimati")
    first = store.conclusion_history(workshop.id, "kosten")[0]
    wall = as_utc(first.updated_at).astimezone(ZoneInfo("Pacific/Kiritimati"))
    at = run_app(page="begeleiden", key=key)
    at.selectbox(key="begeleiden_conclusion_block").set_value("kosten").run()
    history = next(e for e in at.expander if e.label.startswith("Eerdere versies"))
    assert f"Versie 1 · {wall:%d-%m-%Y %H:%M}" in text_in(history)


# -- focus mode ---------------------------------------------------------------------------------------


def test_focus_mode_groups_a_blocks_notes_by_stakeholder_and_steps_with_vorige_volgende(room):
    store, workshop, key, note = room
    store.set_revealed(key, True)
    at = run_app(page="canvas", key=key, blok="kosten")
    assert not at.exception
    kosten = next(b for b in BLOCKS if b.id == "kosten")
    assert kosten.question in page_text(at)
    assert note.text in text_in(keyed(at.main, "canvas_focus_col_overheid"))
    assert note.text not in text_in(keyed(at.main, "canvas_focus_col_ondernemer"))
    at.button(key="canvas_next").click().run()
    after = WALK_ORDER[WALK_ORDER.index("kosten") + 1]
    assert at.session_state["canvas_focus"] == after
    at.button(key="canvas_prev").click().run()
    assert at.session_state["canvas_focus"] == "kosten"
    at.button(key="canvas_whole").click().run()
    assert at.session_state["canvas_focus"] == ""
    assert "Financiering (euro)" in page_text(at)


def test_the_facilitator_can_reveal_the_block_in_focus_from_the_board(room):
    store, workshop, key, note = room
    at = run_app(page="canvas", key=key, blok="kosten")
    assert note.text not in page_text(at)
    at.button(key="canvas_reveal").click().run()
    assert store.workshop_by_id(workshop.id).is_revealed("kosten")
    assert note.text in page_text(at)


def test_the_public_board_offers_no_facilitator_controls(room):
    store, workshop, key, note = room
    at = run_app(page="canvas", code=workshop.code, blok="kosten")
    assert not at.exception
    assert not [b for b in at.button if b.key == "canvas_reveal"]
    assert "verborgen" in page_text(at) and note.text not in page_text(at)


# -- close and reopen ---------------------------------------------------------------------------------


def test_closing_and_reopening_the_workshop(room):
    store, workshop, key, _ = room
    at = run_app(page="begeleiden", key=key)
    at.button(key="begeleiden_close").click().run()
    assert not at.exception
    assert store.workshop_by_id(workshop.id).closed
    assert any("gesloten" in w.value for w in at.warning)
    with pytest.raises(WorkshopClosed):
        store.join(workshop.code, name="Laat", role="onderwijs")
    at.button(key="begeleiden_reopen").click().run()
    assert not store.workshop_by_id(workshop.id).closed
    store.join(workshop.code, name="Op tijd", role="onderwijs")


# -- perspectives -------------------------------------------------------------------------------------


def test_the_perspectives_table_places_a_note_in_its_stakeholder_row_and_question_column(room):
    store, workshop, key, note = room
    store.set_revealed(key, True)
    at = run_app(page="perspectieven", key=key)
    assert not at.exception
    cell = keyed(at.main, "persp_cell_overheid_financiering")
    assert cell is not None
    assert note.text in text_in(cell) and "uit Kosten (euro)" in text_in(cell)
    for role in ("ondernemer", "onderwijs"):
        assert keyed(at.main, f"persp_empty_{role}_financiering") is not None
    for question in Question:
        if question is not Question.FINANCIERING:
            assert keyed(at.main, f"persp_empty_overheid_{question.value}") is not None
    assert "Eén stem" in page_text(at) and "Kosten (euro): alleen overheid" in page_text(at)
    assert len(at.get("plotly_chart")) == 2


def test_the_public_perspectives_table_shows_only_revealed_notes(room):
    store, workshop, key, note = room
    _, token = store.join(workshop.code, name="Bo", role="ondernemer")
    other = store.add_note(token, "oplossing", "Leerwerkplekken in de eigen werkplaats")
    assert note.text not in page_text(run_app(page="perspectieven", code=workshop.code))
    store.set_revealed(key, True, "oplossing")
    at = run_app(page="perspectieven", code=workshop.code)
    assert other.text in text_in(keyed(at.main, "persp_cell_ondernemer_waardepropositie"))
    assert note.text not in page_text(at)
    assert "verborgen voor de zaal" not in page_text(at)


# -- the domain helpers behind these pages ------------------------------------------------------------


def test_progress_helpers_count_participants_blocks_and_hidden_notes(room):
    store, workshop, key, note = room
    people = store.participants(workshop.id)
    notes = store.notes(workshop.id)
    (progress,) = participant_progress(people, notes)
    assert (progress.notes, progress.blocks) == (1, 1)
    assert role_counts(people)[Role.OVERHEID] == 1 and role_counts(people)[Role.ONDERWIJS] == 0
    assert hidden_per_block(notes, workshop) == {"kosten": 1}
    assert hidden_per_block(notes, store.set_revealed(key, True, "kosten")) == {}
    assert neighbours(WALK_ORDER[0]) == (None, WALK_ORDER[1])
    assert neighbours(WALK_ORDER[-1]) == (WALK_ORDER[-2], None)


def test_charts_use_the_stakeholder_colours_and_count_every_note(room):
    store, workshop, key, _ = room
    cov = coverage(store.notes(workshop.id))
    roles = (Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS)
    heat = coverage_heatmap(cov, roles)
    overheid = next(t for t in heat.data if t.name == "Overheid")
    assert overheid.colorscale[-1][1] == ROLES[Role.OVERHEID].colour
    assert sum(row[0] for row in overheid.z) == 1 and any(y.startswith("⚠ Kosten") for y in overheid.y)
    # Halen en brengen: the only note is the overheid's on kosten, which is bringing (canvas.give_take), not a
    # count of notes per question.
    chart = balance_chart(balance(store.notes(workshop.id), roles))
    brings = next(t for t in chart.data if t.name == "Brengt in")
    gets = next(t for t in chart.data if t.name == "Haalt op")
    row = list(brings.y).index("⚠ Overheid")  # only brings: flagged in the label, not by colour alone
    assert brings.marker.color[row] == ROLES[Role.OVERHEID].colour
    assert brings.x[row] == -1 and brings.text[row] == "1" and gets.x[row] == 0
    assert "Ondernemer" in brings.y and sum(abs(x) for x in (*brings.x, *gets.x)) == 1
