"""The store's synthesis: bullets with versions and note links, group decisions, votes and their rules.

Every rule is checked in the store itself (on SQLite and PostgreSQL), not only in the pages.
"""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import data.tables  # noqa: F401  (the current tables, for the comparison)
from canvas.blocks import Question
from canvas.grouping import cell_scope
from canvas.synthesis import ItemKind
from data.db import _alembic_config, make_engine, migrate
from data.store import AccessDenied, InvalidInput, NotFound, StaleNote, WorkshopClosed
from data.synthesis_store import VoteRefused
from stakeholders.roles import Role
from tests.demo_copy import load_demo

Q = Question.FINANCIERING


@pytest.fixture
def room(store, workshop_key):
    """A workshop with two entrepreneurs and a teacher, each with notes in the financing cell."""
    workshop, key = workshop_key
    _, ann = store.join(workshop.code, name="Ann", role="ondernemer")
    _, bob = store.join(workshop.code, name="Bob", role="ondernemer")
    _, cas = store.join(workshop.code, name="Cas", role="onderwijs")
    notes = {
        "a1": store.add_note(ann, "kosten", "Wij betalen mee aan de RIF-aanvraag"),
        "b1": store.add_note(bob, "financiering", "Bedrijven betalen mee in de RIF-aanvraag"),
        "b2": store.add_note(bob, "kosten", "Uren van onze leermeesters"),
        "c1": store.add_note(cas, "kosten", "School betaalt mee aan de RIF-aanvraag"),
        "a2": store.add_note(ann, "oplossing", "Maatwerk voor zij-instromers"),
    }
    store.set_revealed(key, True)
    return workshop, key, {"ann": ann, "bob": bob, "cas": cas}, notes


# -- bullets ------------------------------------------------------------------------------------------


def test_a_bullet_links_the_notes_it_sums_up(store, room):
    workshop, key, _, n = room
    bullet = store.add_bullet(
        key, "ondernemer", Q, "Bedrijven betalen mee in de RIF-aanvraag", [n["a1"].id, n["b1"].id]
    )
    (read,) = store.bullets(workshop.id)
    assert read.id == bullet.id and read.note_ids == (n["a1"].id, n["b1"].id)
    assert read.role is Role.ONDERNEMER and read.question is Q and not read.without_notes


def test_a_bullet_without_notes_is_kept_and_marked(store, room):
    workshop, key, _, _ = room
    store.add_bullet(key, Role.ONDERNEMER, Q, "Eigen inzet in natura")
    (read,) = store.bullets(workshop.id)
    assert read.without_notes and read.note_ids == ()


def test_only_the_facilitator_key_writes_the_synthesis(store, room):
    workshop, key, tokens, n = room
    with pytest.raises(AccessDenied):
        store.add_bullet("", "ondernemer", Q, "x")
    with pytest.raises(AccessDenied):
        store.add_bullet(tokens["ann"], "ondernemer", Q, "x")  # a participant token is not a key
    bullet = store.add_bullet(key, "ondernemer", Q, "x")
    other, other_key = store.create_workshop(pps_name="Ander", title="Andere sessie")
    with pytest.raises(NotFound):
        store.edit_bullet(other_key, bullet.id, "overgenomen")
    with pytest.raises(NotFound):
        store.remove_bullet(other_key, bullet.id)
    assert store.bullets(workshop.id)[0].text == "x" and store.bullets(other.id) == []


def test_a_bullet_sums_up_only_notes_of_its_own_cell(store, room):
    _, key, _, n = room
    with pytest.raises(InvalidInput, match="eigen cel"):
        store.add_bullet(key, "ondernemer", Q, "x", [n["c1"].id])  # onderwijs
    with pytest.raises(InvalidInput, match="eigen cel"):
        store.add_bullet(key, "ondernemer", Q, "x", [n["a2"].id])  # another question
    with pytest.raises(NotFound):
        store.add_bullet(key, "ondernemer", Q, "x", [999_999])


def test_bullet_text_is_checked_like_a_note(store, room):
    _, key, _, _ = room
    with pytest.raises(InvalidInput, match="leeg"):
        store.add_bullet(key, "ondernemer", Q, "   ")
    with pytest.raises(InvalidInput, match="te lang"):
        store.add_bullet(key, "ondernemer", Q, "x" * 301)
    with pytest.raises(InvalidInput):
        store.add_bullet(key, "ondernemer", "geen vraag", "x")
    text = "=SOM(A1) <script>alert(1)</script> שלום"
    assert store.add_bullet(key, "ondernemer", Q, text).text == text


def test_editing_a_bullet_keeps_every_text_and_its_links(store, room):
    workshop, key, _, n = room
    bullet = store.add_bullet(key, "ondernemer", Q, "Wij betalen mee aan de RIF-aanvraag", [n["a1"].id])
    store.edit_bullet(key, bullet.id, "Bedrijven betalen mee")
    latest = store.edit_bullet(key, bullet.id, "Bedrijven betalen mee in RIF-aanvraag", expected_version=2)
    assert latest.version == 3 and latest.note_ids == (n["a1"].id,)
    assert [v.text for v in store.bullet_history(bullet.id)] == [
        "Wij betalen mee aan de RIF-aanvraag",
        "Bedrijven betalen mee",
        "Bedrijven betalen mee in RIF-aanvraag",
    ]
    with pytest.raises(StaleNote):
        store.edit_bullet(key, bullet.id, "van een oud scherm", expected_version=2)
    assert store.bullets(workshop.id)[0].text == "Bedrijven betalen mee in RIF-aanvraag"


def test_a_deleted_note_stays_linked_and_shows_as_deleted(store, room):
    workshop, key, tokens, n = room
    bullet = store.add_bullet(key, "ondernemer", Q, "RIF", [n["a1"].id, n["b1"].id])
    store.delete_note(tokens["bob"], n["b1"].id)
    store.edit_bullet(key, bullet.id, "RIF-aanvraag")
    (read,) = store.bullets(workshop.id)
    assert read.note_ids == (n["a1"].id, n["b1"].id)
    by_id = {x.id: x for x in store.notes(workshop.id, include_deleted=True)}
    assert by_id[n["b1"].id].deleted
    # A deleted note cannot be linked anew.
    with pytest.raises(InvalidInput, match="verwijderd"):
        store.add_bullet(key, "ondernemer", Q, "y", [n["b1"].id])


def test_reorder_moves_a_bullet_among_the_live_ones_of_its_cell(store, room):
    workshop, key, _, _ = room
    first, second, third = (store.add_bullet(key, "ondernemer", Q, t) for t in ("een", "twee", "drie"))
    store.add_bullet(key, "onderwijs", Q, "andere cel")
    store.move_bullet(key, third.id, -1)
    cell = [b.text for b in store.bullets(workshop.id) if b.role is Role.ONDERNEMER]
    assert cell == ["een", "drie", "twee"]
    store.move_bullet(key, first.id, -1)  # already on top: stays
    store.remove_bullet(key, second.id)
    store.move_bullet(key, third.id, 1)  # skips the removed one; "drie" is last of the live ones
    assert [b.text for b in store.bullets(workshop.id) if b.role is Role.ONDERNEMER] == ["een", "drie"]
    with pytest.raises(InvalidInput):
        store.move_bullet(key, first.id, 3)


def test_split_makes_two_bullets_and_moves_the_chosen_notes(store, room):
    workshop, key, _, n = room
    bullet = store.add_bullet(key, "ondernemer", Q, "RIF en uren", [n["a1"].id, n["b1"].id, n["b2"].id])
    after = store.add_bullet(key, "ondernemer", Q, "laatste")
    first, second = store.split_bullet(key, bullet.id, "RIF-aanvraag", "Uren van leermeesters", [n["b2"].id])
    assert first.note_ids == (n["a1"].id, n["b1"].id) and second.note_ids == (n["b2"].id,)
    assert [b.text for b in store.bullets(workshop.id)] == ["RIF-aanvraag", "Uren van leermeesters", "laatste"]
    assert [v.text for v in store.bullet_history(bullet.id)] == ["RIF en uren", "RIF-aanvraag"]
    assert store.bullet(after.id).position == 3
    with pytest.raises(InvalidInput, match="horen"):
        store.split_bullet(key, first.id, "a", "b", [n["c1"].id])


def test_remove_is_reversible_with_links(store, room):
    workshop, key, _, n = room
    bullet = store.add_bullet(key, "ondernemer", Q, "RIF", [n["a1"].id])
    store.remove_bullet(key, bullet.id)
    assert store.bullets(workshop.id) == []
    assert [b.removed for b in store.bullets(workshop.id, include_removed=True)] == [True]
    store.restore_bullet(key, bullet.id)
    assert store.bullets(workshop.id)[0].note_ids == (n["a1"].id,)


def test_link_and_unlink_notes(store, room):
    _, key, _, n = room
    bullet = store.add_bullet(key, "ondernemer", Q, "RIF")
    assert store.link_notes(key, bullet.id, [n["a1"].id, n["a1"].id, n["b1"].id]).note_ids == (n["a1"].id, n["b1"].id)
    assert store.unlink_note(key, bullet.id, n["a1"].id).note_ids == (n["b1"].id,)


# -- group decisions ----------------------------------------------------------------------------------


def test_group_decisions_are_kept_replaced_and_undone(store, room):
    workshop, key, _, n = room
    scope = cell_scope(Role.ONDERNEMER, Q)
    ids = [n["b1"].id, n["a1"].id]
    decision = store.decide_group(key, scope, ids, accepted=True)
    assert decision.note_ids == tuple(sorted(ids)) and decision.accepted
    store.decide_group(key, scope, ids, accepted=False)
    (only,) = store.group_decisions(workshop.id)
    assert not only.accepted and only.id == decision.id
    store.undo_group_decision(key, only.id)
    assert store.group_decisions(workshop.id) == []


def test_group_decisions_need_the_key_and_notes_of_the_workshop(store, room):
    _, key, tokens, n = room
    scope = cell_scope(Role.ONDERNEMER, Q)
    with pytest.raises(AccessDenied):
        store.decide_group(tokens["ann"], scope, [n["a1"].id, n["b1"].id], accepted=True)
    with pytest.raises(InvalidInput, match="twee"):
        store.decide_group(key, scope, [n["a1"].id], accepted=True)
    with pytest.raises(InvalidInput, match="plek"):
        store.decide_group(key, "cel:hacker:x", [n["a1"].id, n["b1"].id], accepted=True)
    _, other_key = store.create_workshop(pps_name="Ander", title="Andere sessie")
    with pytest.raises(NotFound):
        store.decide_group(other_key, scope, [n["a1"].id, n["b1"].id], accepted=True)
    decision = store.decide_group(key, scope, [n["a1"].id, n["b1"].id], accepted=True)
    with pytest.raises(NotFound):
        store.undo_group_decision(other_key, decision.id)


# -- votes --------------------------------------------------------------------------------------------


def test_a_participant_has_n_votes_one_per_item(store, room):
    workshop, key, t, n = room
    vote = store.open_vote(key, ItemKind.NOTE, votes_per_participant=2)
    assert vote.is_open and vote.whole_canvas and store.open_vote_session(workshop.id) == vote
    store.cast_vote(t["ann"], vote.id, "note", n["b1"].id)
    with pytest.raises(VoteRefused, match="al op gestemd"):
        store.cast_vote(t["ann"], vote.id, "note", n["b1"].id)
    store.cast_vote(t["ann"], vote.id, "note", n["c1"].id)
    with pytest.raises(VoteRefused, match="al je 2 stemmen"):
        store.cast_vote(t["ann"], vote.id, "note", n["b2"].id)
    assert len(store.my_votes(t["ann"], vote.id)) == 2
    # Taking one back frees a vote.
    store.withdraw_vote(t["ann"], vote.id, "note", n["c1"].id)
    store.cast_vote(t["ann"], vote.id, "note", n["b2"].id)
    assert {v.item_id for v in store.my_votes(t["ann"], vote.id)} == {n["b1"].id, n["b2"].id}


def test_results_stay_hidden_until_the_vote_is_closed(store, room):
    workshop, key, t, n = room
    vote = store.open_vote(key, "note")
    store.cast_vote(t["ann"], vote.id, "note", n["b1"].id)
    store.cast_vote(t["cas"], vote.id, "note", n["b1"].id)
    store.cast_vote(t["cas"], vote.id, "note", n["a1"].id)
    with pytest.raises(VoteRefused, match="verborgen"):
        store.vote_results(vote.id)
    assert store.vote_counts(workshop.id, "note") == {}
    assert store.vote_turnout(vote.id) == (2, 3)
    store.close_vote(key, vote.id)
    assert store.vote_results(vote.id) == {(ItemKind.NOTE, n["b1"].id): 2, (ItemKind.NOTE, n["a1"].id): 1}
    assert store.vote_counts(workshop.id, ItemKind.NOTE) == {n["b1"].id: 2, n["a1"].id: 1}


def test_no_vote_in_a_closed_vote_nor_taking_one_back(store, room):
    workshop, key, t, n = room
    vote = store.open_vote(key, "note")
    store.cast_vote(t["ann"], vote.id, "note", n["b1"].id)
    store.close_vote(key, vote.id)
    with pytest.raises(VoteRefused, match="gesloten"):
        store.cast_vote(t["bob"], vote.id, "note", n["b1"].id)
    with pytest.raises(VoteRefused, match="gesloten"):
        store.withdraw_vote(t["ann"], vote.id, "note", n["b1"].id)
    assert store.open_vote_session(workshop.id) is None


def test_no_vote_in_a_closed_workshop(store, room):
    _, key, t, n = room
    vote = store.open_vote(key, "note")
    store.set_closed(key, True)
    with pytest.raises(WorkshopClosed):
        store.cast_vote(t["ann"], vote.id, "note", n["b1"].id)
    store.close_vote(key, vote.id)
    with pytest.raises(WorkshopClosed):
        store.open_vote(key, "note")


def test_one_vote_at_a_time_opened_and_closed_by_the_key_only(store, room):
    workshop, key, t, _ = room
    with pytest.raises(AccessDenied):
        store.open_vote(t["ann"], "note")
    vote = store.open_vote(key, "note")
    with pytest.raises(VoteRefused, match="al een stemming"):
        store.open_vote(key, "bullet")
    _, other_key = store.create_workshop(pps_name="Ander", title="Andere sessie")
    with pytest.raises(NotFound):
        store.close_vote(other_key, vote.id)
    with pytest.raises(InvalidInput):
        store.open_vote(other_key, "note", votes_per_participant=0)
    with pytest.raises(InvalidInput):
        store.open_vote(other_key, "stickers")
    assert store.close_vote(key, vote.id).closed_at is not None
    assert [s.id for s in store.vote_sessions(workshop.id)] == [vote.id]


def test_a_vote_on_some_blocks_refuses_notes_outside_them_and_hidden_notes(store, room):
    workshop, key, t, n = room
    vote = store.open_vote(key, "note", blocks=["kosten"], votes_per_participant=5)
    assert vote.blocks == {"kosten"}
    store.cast_vote(t["ann"], vote.id, "note", n["b2"].id)  # kosten
    with pytest.raises(VoteRefused, match="niet stemmen"):
        store.cast_vote(t["ann"], vote.id, "note", n["b1"].id)  # financiering
    with pytest.raises(VoteRefused, match="stem je op notities"):
        store.cast_vote(t["ann"], vote.id, "bullet", 1)
    store.close_vote(key, vote.id)
    store.set_revealed(key, False)
    again = store.open_vote(key, "note")
    with pytest.raises(VoteRefused, match="niet stemmen"):
        store.cast_vote(t["ann"], again.id, "note", n["b2"].id)  # not revealed: nobody sees it


def test_votes_on_bullets_follow_the_questions_of_the_chosen_blocks(store, room):
    workshop, key, t, _ = room
    money = store.add_bullet(key, "ondernemer", Q, "RIF")
    solution = store.add_bullet(key, "ondernemer", Question.WAARDEPROPOSITIE, "Maatwerk")
    vote = store.open_vote(key, "bullet", blocks=["financiering"])
    store.cast_vote(t["cas"], vote.id, "bullet", money.id)
    with pytest.raises(VoteRefused):
        store.cast_vote(t["cas"], vote.id, "bullet", solution.id)
    store.remove_bullet(key, money.id)
    with pytest.raises(NotFound):
        store.cast_vote(t["ann"], vote.id, "bullet", money.id)
    store.close_vote(key, vote.id)
    assert store.vote_counts(workshop.id, "bullet") == {money.id: 1}


def test_a_vote_of_another_workshop_or_with_a_bad_token_is_refused(store, room):
    _, key, t, n = room
    vote = store.open_vote(key, "note")
    other, other_key = store.create_workshop(pps_name="Ander", title="Andere sessie")
    _, stranger = store.join(other.code, name="Eva", role="overheid")
    with pytest.raises(NotFound):
        store.cast_vote(stranger, vote.id, "note", n["a1"].id)
    with pytest.raises(AccessDenied):
        store.cast_vote("verzonnen-token", vote.id, "note", n["a1"].id)
    with pytest.raises(AccessDenied):
        store.cast_vote(key, vote.id, "note", n["a1"].id)  # the facilitator key is no participant link


def test_two_taps_at_once_cannot_both_take_the_last_vote(store, room):
    """Two tabs of one participant vote at the same moment for different notes with one vote left."""
    import threading

    _, key, t, n = room
    vote = store.open_vote(key, "note", votes_per_participant=1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def tap(note_id: int) -> None:
        barrier.wait()
        try:
            store.cast_vote(t["ann"], vote.id, "note", note_id)
            outcomes.append("ok")
        except VoteRefused:
            outcomes.append("refused")

    threads = [threading.Thread(target=tap, args=(n[k].id,)) for k in ("b1", "c1")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert len(store.my_votes(t["ann"], vote.id)) == 1


def test_the_nextechnician_demo_has_a_synthesis_in_every_cell_linked_to_its_notes(store):
    load_demo(store)
    workshop = store.workshop("NEXT24")
    bullets = store.bullets(workshop.id)
    notes = {n.id: n for n in store.notes(workshop.id)}
    cells = {(b.role, b.question) for b in bullets}
    assert cells == {(r, q) for r in (Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS) for q in Question}
    for b in bullets:
        assert b.note_ids, b.text  # every demo point is traceable to what participants wrote
        assert all((notes[i].role, notes[i].block.feeds) == (b.role, b.question) for i in b.note_ids)
    per_cell = [sum(1 for b in bullets if (b.role, b.question) == c) for c in cells]
    assert min(per_cell) >= 1 and max(per_cell) <= 5
    # Close to the publication's own table: its RIF line for entrepreneurs, in our words.
    assert any("RIF" in b.text for b in bullets if b.role is Role.ONDERNEMER and b.question is Question.FINANCIERING)


# -- the migration ------------------------------------------------------------------------------------------

SYNTHESIS_TABLES = {"bullet", "bullet_version", "bullet_note", "group_decision", "vote_session", "vote"}


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_migration_0005_builds_the_synthesis_tables_as_the_tables_describe_them(backend, request, tmp_path):
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else f"sqlite:///{tmp_path / 'a.db'}"
    engine = make_engine(url)
    migrate(engine)
    assert SYNTHESIS_TABLES <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    # And back: the downgrade to the timer's revision removes exactly these tables.
    command.downgrade(_alembic_config(engine), "0004")
    left = set(inspect(engine).get_table_names())
    assert not SYNTHESIS_TABLES & left and {"note", "workshop_timer"} <= left
    command.upgrade(_alembic_config(engine), "head")
    assert SYNTHESIS_TABLES <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_synthesis_writes_move_the_change_stamp_so_the_projector_redraws_and_votes_cast_do_not(store, room):
    workshop, key, t, n = room

    def moved(action) -> bool:
        before = store.change_stamp(workshop.id)
        action()
        return store.change_stamp(workshop.id) != before

    bullet = store.add_bullet(key, "ondernemer", Q, "RIF", [n["a1"].id])
    assert moved(lambda: store.add_bullet(key, "ondernemer", Q, "Tweede"))
    assert moved(lambda: store.edit_bullet(key, bullet.id, "RIF-aanvraag"))
    assert moved(lambda: store.move_bullet(key, bullet.id, 1))
    assert moved(lambda: store.remove_bullet(key, bullet.id))
    assert moved(lambda: store.restore_bullet(key, bullet.id))
    assert moved(lambda: store.link_notes(key, bullet.id, [n["b1"].id]))
    vote = store.open_vote(key, "bullet")
    # A vote cast changes nothing anyone sees until the vote is closed: no redraw of every board.
    assert not moved(lambda: store.cast_vote(t["ann"], vote.id, "bullet", bullet.id))
    assert moved(lambda: store.close_vote(key, vote.id))
    # A refused write leaves it where it was.
    assert not moved(lambda: pytest.raises(AccessDenied, store.add_bullet, "fout", "ondernemer", Q, "x"))
