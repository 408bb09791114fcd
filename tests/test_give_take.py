"""Halen en brengen: the one mapping of blocks to what a stakeholder brings and gets, and its counts."""

from __future__ import annotations

from datetime import UTC, datetime

from canvas.blocks import BLOCKS_BY_ID
from canvas.give_take import BRINGS, GETS, Side, give_take, side_of
from canvas.model import Note
from stakeholders.roles import Role


def _note(i: int, block_id: str, role: Role, *, deleted: bool = False) -> Note:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return Note(
        id=i,
        workshop_id=1,
        participant_id=i,
        block_id=block_id,
        text=f"n{i}",
        deleted=deleted,
        created_at=now,
        updated_at=now,
        author_name="x",
        role=role,
    )


def test_the_mapping_names_real_blocks_and_no_block_is_on_both_sides():
    assert set(BRINGS) <= set(BLOCKS_BY_ID) and set(GETS) <= set(BLOCKS_BY_ID)
    assert not set(BRINGS) & set(GETS)
    assert side_of("kernbronnen") is Side.BRENGEN and side_of("financiering") is Side.BRENGEN
    assert side_of("begunstigden") is Side.HALEN and side_of("surplus") is Side.HALEN
    # The blocks about the PPS as a whole count for neither.
    assert side_of("sociaal_probleem") is None and side_of("governance") is None


def test_give_take_counts_live_notes_per_side_and_stakeholder():
    notes = [
        _note(1, "kosten", Role.OVERHEID),
        _note(2, "kernactiviteiten", Role.OVERHEID),
        _note(3, "opbrengsten", Role.ONDERNEMER),
        _note(4, "opbrengsten", Role.ONDERNEMER, deleted=True),
        _note(5, "relaties", Role.ONDERWIJS),
    ]
    sides = give_take(notes)
    assert sides[Side.BRENGEN] == {Role.OVERHEID: 2}
    assert sides[Side.HALEN] == {Role.ONDERNEMER: 1}
    assert Side.BRENGEN.label == "Brengt in" and Side.HALEN.label == "Haalt op"
