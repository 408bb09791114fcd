"""The Synthese page, the phone's vote box and the Perspectieven synthesis view, in AppTest.

With and without the facilitator key / a participant link; every action is checked in the store afterwards.
"""

from __future__ import annotations

import pytest

from canvas.blocks import Question
from data.store import Store
from stakeholders.roles import Role
from tests.apptest import page_text, run_app
from tests.test_facilitator_pages import keyed, text_in

Q = Question.FINANCIERING


@pytest.fixture
def room(db_path, store: Store, workshop_key):
    """Two entrepreneurs wrote near-duplicates in the financing cell; a teacher wrote one; all revealed."""
    workshop, key = workshop_key
    _, ann = store.join(workshop.code, name="Ann", role="ondernemer")
    _, bob = store.join(workshop.code, name="Bob", role="ondernemer")
    _, cas = store.join(workshop.code, name="Cas", role="onderwijs")
    a = store.add_note(ann, "kosten", "Wij betalen mee aan de RIF-aanvraag")
    b = store.add_note(bob, "financiering", "Bedrijven betalen mee in de RIF-aanvraag")
    c = store.add_note(bob, "kosten", "Uren van onze leermeesters")
    d = store.add_note(cas, "kosten", "School betaalt mee aan de RIF-aanvraag")
    store.set_revealed(key, True)
    return store, workshop, key, {"ann": ann, "bob": bob, "cas": cas}, (a, b, c, d)


def synthese(key: str, *, role: Role = Role.ONDERNEMER, question: Question = Q):
    at = run_app(page="synthese", key=key)
    at.selectbox(key="synthese_rol").set_value(role)
    at.selectbox(key="synthese_vraag").set_value(question)
    return at.run()


def test_synthese_without_a_key_shows_nothing_of_a_workshop(room):
    store, workshop, _, _, notes = room
    for at in (run_app(page="synthese"), run_app(page="synthese", key="fout")):
        assert not at.exception
        text = page_text(at)
        assert "alleen voor de begeleider" in text or "klopt niet" in text
        assert notes[0].text not in text and workshop.pps_name not in text
        assert not at.button


def test_checked_notes_become_one_bullet_that_starts_as_the_first_note(room):
    store, workshop, key, _, (a, b, c, _d) = room
    at = synthese(key)
    assert "0 van 3 notities verwerkt" in page_text(at)
    at.checkbox(key=f"synthese_kies_{a.id}").check()
    at.checkbox(key=f"synthese_kies_{b.id}").check()
    at = at.button(key="synthese_maak").click().run()
    (bullet,) = store.bullets(workshop.id)
    assert bullet.text == a.text and bullet.note_ids == (a.id, b.id)
    assert bullet.role is Role.ONDERNEMER and bullet.question is Q
    # It opens for editing; the edit is a new version.
    at.text_area(key="synthese_bewerk_tekst").input("Bedrijven betalen mee in de RIF-aanvraag")
    at = at.button(key=f"synthese_opslaan_{bullet.id}").click().run()
    assert store.bullet(bullet.id).version == 2
    text = page_text(at)
    assert "2 van 3 notities verwerkt" in text and "Nog niet verwerkt" in "\n".join(e.label for e in at.expander)
    assert c.text in text


def test_a_bullet_without_notes_is_marked_and_remove_can_be_undone(room):
    store, workshop, key, _, _ = room
    at = synthese(key)
    at.text_input(key="synthese_vrij").input("Eigen inzet in natura")
    at = at.button(key="synthese_vrij_knop").click().run()
    (bullet,) = store.bullets(workshop.id)
    assert bullet.without_notes and "zonder notitie" in text_in(keyed(at.main, f"synthese_punt_{bullet.id}"))
    at = at.button(key=f"synthese_weg_{bullet.id}").click().run()
    assert store.bullets(workshop.id) == []
    at = at.button(key="synthese_ongedaan_knop").click().run()
    assert [b.text for b in store.bullets(workshop.id)] == ["Eigen inzet in natura"]


def test_a_deleted_source_note_shows_as_deleted_under_its_bullet(room):
    store, workshop, key, tokens, (a, b, _c, _d) = room
    bullet = store.add_bullet(key, "ondernemer", Q, "RIF", [a.id, b.id])
    store.delete_note(tokens["bob"], b.id)
    at = synthese(key)
    shown = text_in(keyed(at.main, f"synthese_punt_{bullet.id}"))
    assert "verwijderd" in shown and b.text in shown and a.text in shown


def test_reorder_and_split_from_the_page(room):
    store, workshop, key, _, (a, b, c, _d) = room
    first = store.add_bullet(key, "ondernemer", Q, "RIF en uren", [a.id, c.id])
    store.add_bullet(key, "ondernemer", Q, "Tweede")
    at = synthese(key)
    at = at.button(key=f"synthese_neer_{first.id}").click().run()
    assert [x.text for x in store.bullets(workshop.id)] == ["Tweede", "RIF en uren"]
    at = at.button(key=f"synthese_splitsknop_{first.id}").click().run()
    at.text_area(key=f"synthese_splits_een_{first.id}").input("RIF-aanvraag")
    at.text_area(key=f"synthese_splits_twee_{first.id}").input("Uren van leermeesters")
    at.multiselect(key=f"synthese_splits_noten_{first.id}").select(c.id)
    at = at.button(key=f"synthese_splits_ok_{first.id}").click().run()
    assert not at.exception
    texts = {x.text: x.note_ids for x in store.bullets(workshop.id)}
    assert texts == {"Tweede": (), "RIF-aanvraag": (a.id,), "Uren van leermeesters": (c.id,)}


def test_a_suggested_group_is_accepted_made_into_a_bullet_and_undone(room):
    store, workshop, key, _, (a, b, _c, _d) = room
    at = synthese(key)
    group_key = f"synthese_acc_{a.id}_{b.id}"
    at = at.button(key=group_key).click().run()
    (decision,) = store.group_decisions(workshop.id)
    assert decision.accepted and decision.note_ids == (a.id, b.id)
    at = at.button(key=f"synthese_groep_punt_{decision.id}").click().run()
    (bullet,) = store.bullets(workshop.id)
    assert bullet.note_ids == (a.id, b.id)
    at = at.button(key=f"synthese_groep_terug_{decision.id}").click().run()
    assert store.group_decisions(workshop.id) == []


def test_the_facilitator_opens_and_closes_a_vote_and_sees_results_only_after(room):
    store, workshop, key, tokens, (a, b, _c, _d) = room
    at = synthese(key)
    at.number_input(key="stemming_n").set_value(2)
    at = at.button(key="stemming_open").click().run()
    vote = store.open_vote_session(workshop.id)
    assert vote is not None and vote.votes_per_participant == 2 and vote.whole_canvas
    store.cast_vote(tokens["cas"], vote.id, "note", a.id)
    at = synthese(key)
    text = page_text(at)
    assert "1 deelnemer heeft gestemd (1 stemmen)" in text and "verborgen" in text
    assert "1 × " not in text
    at = at.button(key="stemming_sluit").click().run()
    assert store.open_vote_session(workshop.id) is None
    assert f"1 × {a.text}" in page_text(at)


# -- the participant's vote box --------------------------------------------------------------------------


def test_the_vote_box_shows_remaining_votes_and_casts_them_in_the_store(room):
    store, workshop, key, tokens, (a, b, _c, d) = room
    vote = store.open_vote(key, "note", votes_per_participant=2)
    at = run_app(page="invullen", p=tokens["cas"])
    assert "Je hebt nog 2 stemmen" in page_text(at)
    at = at.button(key=f"stemmen_stem_note_{a.id}").click().run()
    assert [v.item_id for v in store.my_votes(tokens["cas"], vote.id)] == [a.id]
    assert "Je hebt nog 1 stem" in page_text(at)
    at = at.button(key=f"stemmen_stem_note_{b.id}").click().run()
    assert "al je stemmen gebruikt" in page_text(at)
    assert at.button(key=f"stemmen_stem_note_{d.id}").disabled
    at = at.button(key=f"stemmen_terug_note_{a.id}").click().run()
    assert [v.item_id for v in store.my_votes(tokens["cas"], vote.id)] == [b.id]


def test_no_vote_box_without_an_open_vote_or_without_a_participant_link(room):
    store, workshop, key, tokens, (a, *_rest) = room
    at = run_app(page="invullen", p=tokens["cas"])
    assert "Je hebt nog" not in page_text(at) and not [b for b in at.button if b.key.startswith("stemmen_")]
    store.open_vote(key, "note")
    at = run_app(page="invullen")
    assert "Je hebt nog" not in page_text(at) and "Je doet nog niet mee" in page_text(at)
    at = run_app(page="invullen", p="verzonnen")
    assert "Je hebt nog" not in page_text(at) and at.error


# -- the projector -----------------------------------------------------------------------------------------


def test_perspectieven_switches_to_the_synthesis_ordered_by_votes_once_closed(room):
    store, workshop, key, tokens, (a, b, _c, d) = room
    low = store.add_bullet(key, "ondernemer", Q, "Eerst geschreven", [a.id])
    high = store.add_bullet(key, "ondernemer", Q, "Meeste stemmen", [b.id])
    store.add_bullet(key, "onderwijs", Q, "School betaalt mee", [d.id])
    vote = store.open_vote(key, "bullet")
    store.cast_vote(tokens["cas"], vote.id, "bullet", high.id)
    for view_key in ({"key": key}, {"code": workshop.code}):
        at = run_app(page="perspectieven", **view_key)
        at = at.segmented_control(key="persp_weergave").set_value("Synthese").run()
        cell = text_in(keyed(at.main, "synth_cell_ondernemer_financiering"))
        assert cell.index("Eerst geschreven") < cell.index("Meeste stemmen")  # vote still open: own order
        assert "🗳️" not in cell
        assert keyed(at.main, "synth_empty_overheid_financiering") is not None
    store.close_vote(key, vote.id)
    at = run_app(page="perspectieven", code=workshop.code)
    at = at.segmented_control(key="persp_weergave").set_value("Synthese").run()
    cell = text_in(keyed(at.main, "synth_cell_ondernemer_financiering"))
    assert cell.index("Meeste stemmen") < cell.index("Eerst geschreven") and "🗳️ 1 stem" in cell
    assert low.id != high.id


def test_the_board_and_focus_mode_order_notes_by_votes_once_the_vote_is_closed(room):
    store, workshop, key, tokens, (a, b, c, _d) = room
    vote = store.open_vote(key, "note", blocks=["kosten"])
    store.cast_vote(tokens["cas"], vote.id, "note", a.id)  # the oldest note in Kosten

    def kosten_order(at) -> list[str]:
        texts = [m.value.replace("\\", "") for m in keyed(at.main, "block-kosten").markdown]
        return [t for t in texts if t in (a.text, c.text)]

    at = run_app(page="canvas", key=key)
    assert kosten_order(at) == [c.text, a.text]  # while open: newest on top, as always
    store.close_vote(key, vote.id)
    at = run_app(page="canvas", key=key)
    assert kosten_order(at) == [a.text, c.text]
    assert "volgorde van de stemming" in page_text(at)
    at.selectbox(key="canvas_focus").set_value("kosten")
    at = at.run()
    focus = [m.value.replace("\\", "") for m in keyed(at.main, "canvas_focus_col_ondernemer").markdown]
    assert focus.index(a.text) < focus.index(c.text)


def test_a_too_long_point_stays_in_its_box_with_a_message_and_is_not_saved(room):
    store, workshop, key, _, _ = room
    at = synthese(key)
    long_text = "Bedrijven betalen mee. " * 20  # 460 characters, over the 300 of a point
    at.text_input(key="synthese_vrij").input(long_text)
    at = at.button(key="synthese_vrij_knop").click().run()
    assert store.bullets(workshop.id) == []
    assert at.text_input(key="synthese_vrij").value == long_text  # nothing cut off, nothing lost
    assert not at.text_input(key="synthese_vrij").max_chars
    errors = " ".join(e.value for e in at.error)
    assert "te lang" in errors and "300" in errors


def test_perspectieven_shows_halen_en_brengen_per_side_with_a_flag_in_words(room):
    store, workshop, key, tokens, _ = room
    # Entrepreneurs wrote on kosten and financiering only (both bringing); the school on kosten too.
    store.add_note(tokens["cas"], "surplus", "Meer volwassenen in het onderwijs")
    at = run_app(page="perspectieven", key=key)
    rows = at.table[0].value.to_dict("records")
    by_side = {r["Kant"]: r for r in rows}
    assert (by_side["Ondernemer"]["Brengt in"], by_side["Ondernemer"]["Haalt op"]) == (3, 0)
    assert by_side["Ondernemer"]["Let op"].startswith("Ondernemer brengt alleen in")
    assert (by_side["Onderwijs"]["Brengt in"], by_side["Onderwijs"]["Haalt op"]) == (1, 1)
    assert by_side["Onderwijs"]["Let op"] == "–"


def test_hostile_text_in_points_and_notes_shows_literally_on_synthese_perspectieven_and_the_vote_box(room):
    from tests.test_hostile_pages import HOSTILE_NOTES, assert_shown_literally, live_markup_in

    store, workshop, key, tokens, _ = room
    notes = [store.add_note(tokens["bob"], "kosten", text) for text in HOSTILE_NOTES]
    for text, note in zip(HOSTILE_NOTES, notes, strict=True):
        store.add_bullet(key, "ondernemer", Q, text, [note.id])
    store.open_vote(key, "bullet")
    synthese_page = synthese(key)
    table = run_app(page="perspectieven", code=workshop.code)
    table = table.segmented_control(key="persp_weergave").set_value("Synthese").run()
    vote_box = run_app(page="invullen", p=tokens["cas"])
    for text in HOSTILE_NOTES:
        assert_shown_literally(synthese_page, text, "the Synthese page")
        assert_shown_literally(table, text, "the synthesis view of Perspectieven")
        assert_shown_literally(vote_box, text, "the vote box on a phone")
        # The notes to pick are checkbox labels (Markdown too): escaped as well.
        labels = [live_markup_in(c.label, text) for c in synthese_page.checkbox]
        assert [] in labels and all(not live for live in labels if live is not None)
