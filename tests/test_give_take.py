"""Halen en brengen: the one mapping of blocks to what a stakeholder brings and gets, its counts, the flags."""

from __future__ import annotations

from datetime import UTC, datetime

from canvas.blocks import BLOCKS_BY_ID
from canvas.give_take import BRINGS, GETS, GIVE_TAKE, Side, balance, blocks_of, give_take, side_of
from canvas.model import Note
from stakeholders.roles import Role
from tests.test_merge import note

ROLES = (Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS)


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


def test_the_mapping_follows_the_blocks_own_questions():
    assert GIVE_TAKE["samenwerkingspartners"] is Side.BRENGEN  # "welke bijdrage (resources) leveren zij"
    assert {"kernbronnen", "kernactiviteiten", "kosten", "financiering"} <= set(blocks_of(Side.BRENGEN))
    assert {"sociale_waardepropositie", "commerciele_waardepropositie", "begunstigden", "opbrengsten", "surplus"} == (
        set(blocks_of(Side.HALEN))
    )
    # Blocks about the partnership as a whole say neither.
    assert "sociaal_probleem" not in GIVE_TAKE and "governance" not in GIVE_TAKE
    assert "financiele_ondersteuning" not in GIVE_TAKE
    assert set(GIVE_TAKE) <= set(BLOCKS_BY_ID)


def test_balance_counts_bringing_and_getting_per_stakeholder():
    notes = [
        note(1, "kernbronnen", Role.ONDERNEMER, "Leermeesters"),
        note(2, "kosten", Role.ONDERNEMER, "Uren"),
        note(3, "begunstigden", Role.ONDERNEMER, "Eigen personeel"),
        note(4, "oplossing", Role.ONDERNEMER, "telt niet mee"),
        note(5, "kosten", Role.ONDERNEMER, "verwijderd", deleted=True),
    ]
    row = balance(notes, ROLES).of(Role.ONDERNEMER)
    assert (row.brings, row.gets) == (2, 1)
    assert row.flag == ""


def test_a_stakeholder_that_only_brings_or_only_gets_is_flagged():
    notes = [
        note(1, "financiering", Role.OVERHEID, "Startsubsidie"),
        note(2, "kosten", Role.OVERHEID, "Ambtelijke uren"),
        note(6, "financiele_ondersteuning", Role.ONDERNEMER, "RIF (telt voor geen van beide)"),
        note(3, "surplus", Role.ONDERWIJS, "Meer volwassenen in het onderwijs"),
    ]
    result = balance(notes, ROLES)
    assert result.of(Role.OVERHEID).only_brings
    assert "Overheid brengt alleen in" in result.of(Role.OVERHEID).flag
    assert result.of(Role.ONDERWIJS).only_gets and "haalt alleen op" in result.of(Role.ONDERWIJS).flag
    # Said nothing about either: no flag (the coverage warnings cover silence).
    assert result.of(Role.ONDERNEMER).flag == ""
    assert [r.role for r in result.flagged()] == [Role.OVERHEID, Role.ONDERWIJS]


def test_notes_of_a_role_outside_the_rows_are_left_out():
    result = balance([note(1, "kosten", Role.OVERIG, "x")], ROLES)
    assert all(r.brings == r.gets == 0 for r in result.rows)
