"""Synthesis domain: cells, coverage of notes by bullets ("x van y notities verwerkt"), vote tallies."""

from __future__ import annotations

from datetime import UTC, datetime

from canvas.blocks import Question
from canvas.synthesis import (
    Bullet,
    ItemKind,
    Vote,
    VoteSession,
    cell_coverage,
    cell_notes,
    cell_of,
    order_by_votes,
    remaining_votes,
    tally,
    top_note,
)
from stakeholders.roles import Role
from tests.test_merge import note

T0 = datetime(2026, 11, 1, 10, tzinfo=UTC)


def bullet(i: int, note_ids=(), *, removed: bool = False, text: str = "punt") -> Bullet:
    return Bullet(
        id=i,
        workshop_id=1,
        role=Role.ONDERNEMER,
        question=Question.FINANCIERING,
        position=i,
        text=text,
        removed=removed,
        note_ids=tuple(note_ids),
        created_at=T0,
        updated_at=T0,
    )


def test_a_note_lands_in_its_authors_row_and_its_blocks_question():
    assert cell_of(note(1, "kosten", Role.OVERHEID, "x")) == (Role.OVERHEID, Question.FINANCIERING)
    assert cell_of(note(1, "begunstigden", Role.ONDERWIJS, "x")) == (Role.ONDERWIJS, Question.VOOR_WIE)
    notes = [note(1, "kosten", Role.OVERHEID, "a"), note(2, "surplus", Role.OVERHEID, "b")]
    notes.append(note(3, "kosten", Role.ONDERWIJS, "c"))
    assert [n.id for n in cell_notes(notes, Role.OVERHEID, Question.FINANCIERING)] == [1, 2]


def test_coverage_counts_live_notes_linked_to_live_bullets():
    notes = [note(i, "kosten", Role.ONDERNEMER, f"n{i}") for i in (1, 2, 3, 4)]
    cov = cell_coverage(notes, [bullet(1, (1, 2)), bullet(2, (3,), removed=True)])
    assert (cov.covered, cov.total) == (2, 4)
    assert cov.label == "2 van 4 notities verwerkt"
    assert [n.id for n in cov.uncovered] == [3, 4]
    assert not cov.complete


def test_a_deleted_note_counts_neither_as_covered_nor_as_open():
    notes = [note(1, "kosten", Role.ONDERNEMER, "a"), note(2, "kosten", Role.ONDERNEMER, "b", deleted=True)]
    cov = cell_coverage(notes, [bullet(1, (1, 2))])
    assert (cov.covered, cov.total, cov.uncovered) == (1, 1, ())
    assert cov.complete and cov.label == "1 van 1 notitie verwerkt"


def test_a_bullet_without_notes_is_marked_as_such():
    assert bullet(1).without_notes
    assert not bullet(2, (5,)).without_notes
    assert cell_coverage([], [bullet(1)]).label == "0 van 0 notities verwerkt"


def session(limit: int = 3, blocks=frozenset()) -> VoteSession:
    return VoteSession(
        id=7, workshop_id=1, kind=ItemKind.NOTE, blocks=blocks, votes_per_participant=limit, opened_at=T0
    )


def vote(participant: int, item: int, session_id: int = 7) -> Vote:
    return Vote(session_id=session_id, participant_id=participant, kind=ItemKind.NOTE, item_id=item, cast_at=T0)


def test_tally_counts_votes_per_item():
    votes = [vote(1, 10), vote(2, 10), vote(1, 11)]
    assert tally(votes) == {(ItemKind.NOTE, 10): 2, (ItemKind.NOTE, 11): 1}


def test_remaining_votes_per_participant_never_below_zero():
    votes = [vote(1, 10), vote(1, 11), vote(2, 10), vote(1, 12, session_id=8)]
    assert remaining_votes(session(3), votes, 1) == 1
    assert remaining_votes(session(3), votes, 2) == 2
    assert remaining_votes(session(1), votes, 1) == 0


def test_the_overview_tile_shows_the_newest_note_until_votes_name_the_most_voted():
    notes = [note(1, "kosten", Role.OVERHEID, "eerste"), note(3, "kosten", Role.ONDERWIJS, "nieuwste"),
             note(2, "kosten", Role.ONDERNEMER, "tweede")]  # fmt: skip
    assert top_note(notes, {}).text == "nieuwste"
    assert top_note(notes, {1: 2, 2: 1}).text == "eerste"
    assert top_note(notes, {1: 2, 2: 2}).text == "tweede"  # equal votes: the newer of the two
    assert top_note([], {}) is None


def test_order_by_votes_puts_most_votes_first_and_keeps_ties_in_order():
    items = [bullet(1), bullet(2), bullet(3), bullet(4)]
    assert [b.id for b in order_by_votes(items, {3: 5, 2: 1, 4: 1})] == [3, 2, 4, 1]


def test_a_vote_scope_of_blocks_covers_the_questions_they_feed():
    s = session(blocks=frozenset({"kosten"}))
    assert s.covers_block("kosten") and not s.covers_block("oplossing")
    assert s.covers_question(Question.FINANCIERING) and not s.covers_question(Question.VOOR_WIE)
    assert s.scope_label == "Kosten (euro)"
    assert session().whole_canvas and session().scope_label == "het hele canvas"


def test_a_vote_on_points_is_named_by_its_questions():
    s = VoteSession(id=1, workshop_id=1, kind=ItemKind.BULLET, blocks=frozenset({"kosten"}), opened_at=T0)
    assert s.scope_label == "Hoe wordt dit gefinancierd?"
