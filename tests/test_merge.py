"""merge(): notes become the perspectives table of seed 001, with provenance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from canvas.blocks import Question
from canvas.merge import by_block, coverage, merge
from canvas.model import Note
from stakeholders.roles import Role

T0 = datetime(2026, 11, 1, 10, tzinfo=UTC)


def note(i: int, block_id: str, role: Role, text: str, *, deleted: bool = False, name: str = "Ann") -> Note:
    return Note(
        id=i,
        workshop_id=1,
        participant_id=i,
        block_id=block_id,
        text=text,
        deleted=deleted,
        created_at=T0 + timedelta(minutes=i),
        updated_at=T0 + timedelta(minutes=i),
        author_name=name,
        author_organisation="Org",
        role=role,
    )


def test_merge_gives_each_stakeholder_its_own_row():
    table = merge([note(1, "oplossing", Role.OVERHEID, "Werk geeft bestaanszekerheid")])
    assert table.rows == (Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS)
    assert [e.text for e in table.cell(Role.OVERHEID, Question.WAARDEPROPOSITIE)] == ["Werk geeft bestaanszekerheid"]
    assert table.cell(Role.ONDERNEMER, Question.WAARDEPROPOSITIE) == ()


def test_merge_keeps_who_wrote_it_and_in_which_block():
    table = merge([note(7, "kosten", Role.ONDERWIJS, "Korting op scholing", name="Bea")])
    (entry,) = table.cell(Role.ONDERWIJS, Question.FINANCIERING)
    provenance = (entry.block_id, entry.block_title, entry.author_name, entry.note_id)
    assert provenance == ("kosten", "Kosten (euro)", "Bea", 7)


def test_merge_leaves_cells_empty_where_a_stakeholder_said_nothing():
    table = merge([note(1, "begunstigden", Role.ONDERNEMER, "Bedrijven in de regio")])
    empty = table.empty_cells()
    assert (Role.ONDERNEMER, Question.VOOR_WIE) not in empty
    assert len(empty) == 3 * 4 - 1


def test_merge_adds_rows_for_other_roles_only_when_they_wrote():
    table = merge([note(1, "relaties", Role.OVERIG, "Werkcoach blijft betrokken")])
    assert table.rows[-1] == Role.OVERIG
    assert Role.PROJECTLEIDER not in table.rows


def test_merge_leaves_out_deleted_notes_and_orders_by_canvas():
    notes = [
        note(1, "oplossing", Role.OVERHEID, "later blok"),
        note(2, "sociaal_probleem", Role.OVERHEID, "eerste blok"),
        note(3, "oplossing", Role.OVERHEID, "weg", deleted=True),
    ]
    cell = merge(notes).cell(Role.OVERHEID, Question.WAARDEPROPOSITIE)
    assert [e.text for e in cell] == ["eerste blok", "later blok"]


def test_coverage_counts_notes_per_block_per_stakeholder_and_finds_single_voices():
    notes = [
        note(1, "oplossing", Role.OVERHEID, "a"),
        note(2, "oplossing", Role.OVERHEID, "b"),
        note(3, "oplossing", Role.ONDERNEMER, "c"),
        note(4, "kosten", Role.ONDERWIJS, "d"),
        note(5, "kosten", Role.ONDERWIJS, "e", deleted=True),
    ]
    cov = coverage(notes)
    assert cov.count("oplossing", Role.OVERHEID) == 2
    assert cov.count("kosten", Role.ONDERWIJS) == 1
    assert cov.single_voice_blocks() == ["kosten"]
    assert cov.per_question()[Question.WAARDEPROPOSITIE][Role.OVERHEID] == 2


def test_by_block_has_every_block():
    grouped = by_block([note(1, "kosten", Role.OVERHEID, "x")])
    assert len(grouped) == 18 and [n.id for n in grouped["kosten"]] == [1]


def test_a_note_and_a_participant_give_the_same_role_label_and_a_workshop_one_heading():
    from canvas.model import Participant, Workshop

    plain = note(1, "kosten", Role.OVERHEID, "x")
    with_sub = plain.model_copy(update={"role": Role.OVERIG, "sub_role": "werkcoach"})
    person = Participant(id=1, workshop_id=1, name="Ann", role=Role.OVERIG, sub_role="werkcoach", joined_at=T0)
    assert plain.role_label == "Overheid"
    assert with_sub.role_label == person.role_label == "Overig (werkcoach)"
    workshop = Workshop(id=1, code="ABCD", pps_name="NexTechnician", title="Evaluatie", created_at=T0)
    assert workshop.heading == "NexTechnician: Evaluatie"
