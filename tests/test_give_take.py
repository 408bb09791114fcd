"""Halen en brengen (lesson 8 of seed 001): the block mapping and the per-stakeholder balance."""

from __future__ import annotations

from canvas.blocks import BLOCKS_BY_ID
from canvas.give_take import GIVE_TAKE, Side, balance, blocks_of
from stakeholders.roles import Role
from tests.test_merge import note

ROLES = (Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS)


def test_the_mapping_follows_the_blocks_own_questions():
    assert GIVE_TAKE["samenwerkingspartners"] is Side.BRENGEN  # "welke bijdrage (resources) leveren zij"
    assert {"kernbronnen", "kernactiviteiten", "kosten", "financiering"} <= set(blocks_of(Side.BRENGEN))
    assert {"sociale_waardepropositie", "commerciele_waardepropositie", "begunstigden", "opbrengsten", "surplus"} == (
        set(blocks_of(Side.HALEN))
    )
    # Blocks about the partnership as a whole say neither.
    assert "sociaal_probleem" not in GIVE_TAKE and "governance" not in GIVE_TAKE
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
        note(2, "financiele_ondersteuning", Role.OVERHEID, "RIF"),
        note(3, "surplus", Role.ONDERWIJS, "Meer volwassenen in het onderwijs"),
    ]
    result = balance(notes, ROLES)
    assert result.of(Role.OVERHEID).only_brings
    assert "Overheid brengt alleen" in result.of(Role.OVERHEID).flag
    assert result.of(Role.ONDERWIJS).only_gets and "haalt alleen" in result.of(Role.ONDERWIJS).flag
    # Said nothing about either: no flag (the coverage warnings cover silence).
    assert result.of(Role.ONDERNEMER).flag == ""
    assert [r.role for r in result.flagged()] == [Role.OVERHEID, Role.ONDERWIJS]


def test_notes_of_a_role_outside_the_rows_are_left_out():
    result = balance([note(1, "kosten", Role.OVERIG, "x")], ROLES)
    assert all(r.brings == r.gets == 0 for r in result.rows)
