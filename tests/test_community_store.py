"""The store's lerende community: coordinator key, opt-in with sharing choices, withdrawal, full-text search.

Every test runs on SQLite and on PostgreSQL (the ``store`` fixture): the access rules of issue 14 and the
search in each database's own engine (FTS5 / ``to_tsvector('dutch', …)``).
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import Session, SQLModel, select

from canvas.community import ItemKind, Sharing, SourceKind, merged_table
from canvas.model import Phase
from data.store import AccessDenied, InvalidInput, NotFound
from data.tables import CommunityRow
from stakeholders.roles import Role


def _member(store, *, name, region, people, conclusions, leervraag, action, remark):
    """A samenwerking with participants who wrote notes (one block revealed, one hidden), and what a ronde leaves."""
    samenwerking, workshop, key = store.create_samenwerking(
        name=name,
        title="Ontwerpsessie",
        region=region,
        theme="Zij-instroom in de techniek",
        partners=[("Gemeente " + region, "overheid"), ("ROC " + region, "onderwijs"), ("Bouwbedrijf X", "ondernemer")],
        date=date(2024, 3, 1),
    )
    tokens = {}
    for person, role, note in people:
        _, token = store.join(workshop.code, name=person, role=role, organisation=f"Org van {person}")
        tokens[person] = token
        store.add_note(token, "sociaal_probleem", note)
        store.add_note(token, "kosten", f"Verborgen kosten van {person}")
    store.set_revealed(key, True, "sociaal_probleem")  # kosten stays hidden
    for block_id, text in conclusions.items():
        store.set_conclusion(key, block_id, text)
    store.add_leervraag(key, leervraag)
    owner = samenwerking.partners[0].id
    store.add_action(key, text=action, owner_partner_id=owner, person="Petra Actiehouder")
    store.set_lesson_score(tokens[people[0][0]], 7, 2, remark)
    store.set_lessons_revealed(key, True)
    return samenwerking, workshop, key


@pytest.fixture
def community(store):
    a = _member(
        store,
        name="Toekomst in de Techniek",
        region="Flevoland",
        people=[
            ("Erik Sluis", "ondernemer", "Tekort aan technisch personeel"),
            ("Yvonne Laan", "overheid", "Veel werkzoekenden"),
        ],
        conclusions={
            "sociaal_probleem": "Tekort aan technici\nWerkzoekenden zonder passende opleiding",
            "financiering": "RIF",
        },
        leervraag="Waarom vinden kandidaten elders sneller werk?",
        action="Rolverdeling van de coördinator vastleggen",
        remark="Het hangt nog te veel aan één coördinator",
    )  # fmt: skip
    b = _member(
        store,
        name="NexTechnician",
        region="Amsterdam",
        people=[("Sanne Veld", "ondernemer", "Tekort aan technisch personeel in de mobiliteit")],
        conclusions={"sociaal_probleem": "Tekort aan monteurs"},
        leervraag="Hoe houden we leermeesters betrokken?",
        action="Nazorg na plaatsing regelen met de werkgevers",
        remark="Vertrouwen groeit door elkaar vaak te zien",
    )  # fmt: skip
    made, ckey = store.create_community(name="Zij-instroom techniek", region="Nederland")
    return made, ckey, a, b


def test_the_coordinator_key_is_192_random_bits_and_only_its_hash_is_stored(store):
    made, key = store.create_community(name="Zij-instroom techniek Flevoland")
    other, other_key = store.create_community(name="Zorg en welzijn")
    assert len(key) >= 32 and key != other_key  # token_urlsafe(24): 32 characters, 192 bits
    with Session(store.engine) as session:
        row = session.exec(select(CommunityRow).where(CommunityRow.id == made.id)).one()
    assert row.coordinator_key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in repr(row.model_dump())
    assert store.coordinated_community(key).name == "Zij-instroom techniek Flevoland"
    assert len(made.invite_code) == 8 and made.invite_code != other.invite_code


def test_a_wrong_missing_or_facilitator_key_opens_no_community_view(store, community):
    made, ckey, (_, _, fkey), _ = community
    store.join_community(fkey, made.invite_code)
    for key in ("", "geraden-sleutel", fkey):
        for read in (
            store.community_overview,
            store.member_perspectives,
            store.community_snapshot,
            lambda k: store.community_library(k, query="kandidaten"),
            lambda k: store.block_comparison(k, "sociaal_probleem"),
        ):
            with pytest.raises(AccessDenied) as refused:
                read(key)
            assert "coördinator" in str(refused.value)


def test_a_community_name_is_unique_and_checked(store):
    store.create_community(name="Zij-instroom techniek")
    with pytest.raises(InvalidInput, match="bestaat al"):
        store.create_community(name="  zij-instroom   TECHNIEK ")
    with pytest.raises(InvalidInput, match="leeg"):
        store.create_community(name="   ")


def test_only_a_samenwerkings_own_facilitator_opts_it_in(store, community):
    made, ckey, (sa, _, fkey), _ = community
    with pytest.raises(AccessDenied):
        store.join_community(ckey, made.invite_code)  # the coordinator cannot enrol anyone
    with pytest.raises(NotFound, match="uitnodigingscode"):
        store.join_community(fkey, "ZZZZ2222")
    joined = store.join_community(fkey, made.invite_code.lower())
    assert joined.sharing == Sharing(perspective=True, lessons=True, notes=False, names=False)
    assert joined.samenwerking_id == sa.id and joined.community_name == "Zij-instroom techniek"
    with pytest.raises(InvalidInput, match="al lid"):
        store.join_community(fkey, made.invite_code)
    assert [r.name for r in store.community_overview(ckey)] == ["Toekomst in de Techniek"]


def test_by_default_the_coordinator_sees_the_gedeeld_perspectief_but_no_notes_and_no_names(store, community):
    made, ckey, (_, _, fkey), _ = community
    store.join_community(fkey, made.invite_code)
    (member,) = store.member_perspectives(ckey)
    assert {b.kind for b in member.bullets} == {SourceKind.GEDEELD}
    assert [b.text for b in member.bullets if b.block_id == "sociaal_probleem"] == [
        "Tekort aan technici",
        "Werkzoekenden zonder passende opleiding",
    ]
    dump = store.community_snapshot(ckey).model_dump_json()
    for name in ("Erik Sluis", "Yvonne Laan", "Petra Actiehouder", "Org van Erik"):
        assert name not in dump
    assert "Rolverdeling van de coördinator vastleggen" in dump  # lessons and actions are shared by default


def test_shared_notes_are_only_those_the_room_saw_and_names_only_when_chosen(store, community):
    made, ckey, (_, _, fkey), _ = community
    store.join_community(fkey, made.invite_code, Sharing(notes=True))
    (member,) = store.member_perspectives(ckey)
    notes = [b for b in member.bullets if b.kind is SourceKind.NOTITIE]
    assert {(b.role, b.text) for b in notes} == {
        (Role.ONDERNEMER, "Tekort aan technisch personeel"),
        (Role.OVERHEID, "Veel werkzoekenden"),
    }
    assert (
        all(b.author == "" for b in notes)
        and "Verborgen kosten" not in store.community_snapshot(ckey).model_dump_json()
    )
    store.set_sharing(fkey, made.id, Sharing(notes=True, names=True))
    (member,) = store.member_perspectives(ckey)
    assert {b.author for b in member.bullets if b.kind is SourceKind.NOTITIE} == {"Erik Sluis", "Yvonne Laan"}
    actions = [i for i in store.community_library(ckey) if i.kind is ItemKind.ACTIE]
    assert "Petra Actiehouder" in actions[0].detail


def test_a_members_synthesis_points_stand_in_the_merged_table_instead_of_that_cells_notes(store, community):
    made, ckey, (_, workshop, fkey), _ = community
    store.join_community(fkey, made.invite_code, Sharing(notes=True))
    notes = {n.text: n for n in store.notes(workshop.id)}
    point = store.add_bullet(fkey, "ondernemer", "waardepropositie", "Bedrijven vinden geen technici",
                             [notes["Tekort aan technisch personeel"].id])  # fmt: skip
    (member,) = store.member_perspectives(ckey)
    cell = {
        (b.kind, b.text) for b in member.bullets if b.role is Role.ONDERNEMER and b.question.value == "waardepropositie"
    }
    # The point replaces the ondernemer's notes in that cell; the overheid's cell (no synthesis) keeps its note.
    assert cell == {(SourceKind.SYNTHESE, "Bedrijven vinden geen technici")}
    assert (SourceKind.NOTITIE, "Veel werkzoekenden") in {(b.kind, b.text) for b in member.bullets}
    table = merged_table([member])
    texts = [b.text for g in table.cells["ondernemer"][point.question] for b in g.bullets]
    assert texts == ["Bedrijven vinden geen technici"]
    assert table.cells["ondernemer"][point.question][0].bullets[0].block_title == "synthese"
    # A removed point is no longer shared, and the notes are back; without the perspective choice, no points.
    store.remove_bullet(fkey, point.id)
    (member,) = store.member_perspectives(ckey)
    assert SourceKind.SYNTHESE not in {b.kind for b in member.bullets}
    store.restore_bullet(fkey, point.id)
    store.set_sharing(fkey, made.id, Sharing(perspective=False, notes=True))
    (member,) = store.member_perspectives(ckey)
    assert SourceKind.SYNTHESE not in {b.kind for b in member.bullets}


def test_what_a_member_does_not_share_the_coordinator_does_not_see(store, community):
    made, ckey, (_, _, fkey), (_, _, bkey) = community
    store.join_community(fkey, made.invite_code, Sharing(perspective=False, lessons=False, notes=True))
    store.join_community(bkey, made.invite_code, Sharing(perspective=True, lessons=True))
    a, b = store.member_perspectives(ckey)
    assert {x.kind for x in a.bullets} == {SourceKind.NOTITIE} and {x.kind for x in b.bullets} == {SourceKind.GEDEELD}
    assert {i.samenwerking for i in store.community_library(ckey)} == {"NexTechnician"}
    assert store.community_library(ckey, query="coördinator") == []  # A's leervraag/action/remark: not shared
    table = merged_table(store.member_perspectives(ckey))
    cell = table.cell("gedeeld", store_question("sociaal_probleem"))
    assert [b.samenwerking for g in cell for b in g.bullets] == ["NexTechnician"]


def store_question(block_id):
    from canvas.blocks import BLOCKS_BY_ID

    return BLOCKS_BY_ID[block_id].feeds


def test_a_facilitator_key_never_sees_another_samenwerking_through_the_community(store, community):
    made, ckey, (_, _, fkey), (sb, _, bkey) = community
    store.join_community(fkey, made.invite_code, Sharing(notes=True, names=True))
    store.join_community(bkey, made.invite_code)
    (mine,) = store.memberships(bkey)
    assert mine.samenwerking_id == sb.id
    # A membership holds the community's name and the key's own choices: nothing of the other member.
    assert "Erik" not in mine.model_dump_json() and "Toekomst" not in mine.model_dump_json()
    with pytest.raises(AccessDenied):
        store.member_perspectives(bkey)
    # B's key cannot change or withdraw A's membership: it only reaches B's own row.
    store.leave_community(bkey, made.id)
    with pytest.raises(NotFound):
        store.leave_community(bkey, made.id)
    with pytest.raises(NotFound):
        store.set_sharing(bkey, made.id, Sharing(notes=True))
    assert [r.name for r in store.community_overview(ckey)] == ["Toekomst in de Techniek"]


def test_withdrawing_removes_what_was_shared_from_every_view_and_export_at_once(store, community):
    made, ckey, (_, _, fkey), (_, _, bkey) = community
    store.join_community(fkey, made.invite_code, Sharing(notes=True))
    store.join_community(bkey, made.invite_code)
    assert store.community_library(ckey, query="coördinator")
    store.leave_community(fkey, made.id)
    assert [r.name for r in store.community_overview(ckey)] == ["NexTechnician"]
    assert [m.samenwerking for m in store.member_perspectives(ckey)] == ["NexTechnician"]
    assert [c.samenwerking for c in store.block_comparison(ckey, "sociaal_probleem")] == ["NexTechnician"]
    assert store.community_library(ckey, query="coördinator") == []
    assert "Toekomst in de Techniek" not in store.community_snapshot(ckey).model_dump_json()
    assert "Toekomst in de Techniek" not in store.community_snapshot_by_name("zij-instroom techniek").model_dump_json()
    assert store.memberships(fkey) == []


def test_sharing_choices_apply_at_once(store, community):
    made, ckey, (_, _, fkey), _ = community
    store.join_community(fkey, made.invite_code, Sharing(notes=True))
    assert any(b.kind is SourceKind.NOTITIE for b in store.member_perspectives(ckey)[0].bullets)
    store.set_sharing(fkey, made.id, Sharing(notes=False, lessons=False))
    assert all(b.kind is SourceKind.GEDEELD for b in store.member_perspectives(ckey)[0].bullets)
    assert store.community_library(ckey) == []


def test_full_text_search_finds_words_and_word_starts_and_needs_every_word(store, community):
    made, ckey, (_, _, fkey), (_, _, bkey) = community
    store.join_community(fkey, made.invite_code)
    store.join_community(bkey, made.invite_code)
    found = store.community_library(ckey, query="kandidaten")
    assert [(i.kind, i.samenwerking) for i in found] == [(ItemKind.LEERVRAAG, "Toekomst in de Techniek")]
    assert [i.text for i in store.community_library(ckey, query="Kandida")] == [found[0].text]  # a word's start
    assert [i.text for i in store.community_library(ckey, query="nazorg werkgevers")] == [
        "Nazorg na plaatsing regelen met de werkgevers"
    ]
    assert store.community_library(ckey, query="nazorg leermeesters") == []  # every word must occur
    remark = store.community_library(ckey, query="vertrouwen")
    assert [(i.kind, i.lesson_id, i.score) for i in remark] == [(ItemKind.LES, 7, 2)]
    assert store.community_library(ckey, query="coordinator")  # accents do not matter


def test_search_input_is_never_search_syntax(store, community):
    made, ckey, (_, _, fkey), _ = community
    store.join_community(fkey, made.invite_code)
    for hostile in ('"', "kandidaten OR", "NEAR(a b)", "*", "'; DROP TABLE community; --", "سلام", "=SUM(A1)", "a:*"):
        assert isinstance(store.community_library(ckey, query=hostile), list)
    assert len(store.community_library(ckey, query="   ")) == len(store.community_library(ckey))
    with pytest.raises(InvalidInput, match="te lang"):
        store.community_library(ckey, query="x" * 500)
    assert store.coordinated_community(ckey).name == "Zij-instroom techniek"


def test_library_filters_by_lesson_region_and_phase(store, community):
    made, ckey, (_, _, fkey), (_, _, bkey) = community
    store.join_community(fkey, made.invite_code)
    store.join_community(bkey, made.invite_code)
    assert {i.samenwerking for i in store.community_library(ckey, region="Amsterdam")} == {"NexTechnician"}
    lessons = store.community_library(ckey, lesson_id=7)
    assert {i.kind for i in lessons} == {ItemKind.LES} and len(lessons) == 2
    # Beside the average of everyone, the average per stakeholder with its count (an average hides the sides).
    assert all(i.per_role and sum(n for _, _, n in i.per_role) == i.scores for i in lessons)
    assert store.community_library(ckey, lesson_id=3) == []
    assert len(store.community_library(ckey, phase=Phase.ONTWERP)) == 6
    assert store.community_library(ckey, phase=Phase.EVALUATIE) == []
    assert [i.region for i in store.community_library(ckey, query="vertrouwen", region="Flevoland")] == []


def test_the_overview_counts_people_per_stakeholder_and_lists_partners_and_rondes(store, community):
    made, ckey, (_, _, fkey), _ = community
    store.join_community(fkey, made.invite_code)
    store.start_next_ronde(fkey, title="Monitoring", phase="looptijd", date=date(2024, 9, 1))
    (row,) = store.community_overview(ckey)
    assert row.partners[Role.OVERHEID] == ("Gemeente Flevoland",)
    assert [(r.number, r.phase) for r in row.rondes] == [(1, Phase.ONTWERP), (2, Phase.LOOPTIJD)]
    assert row.last_date == date(2024, 9, 1)
    # The empty second ronde does not blank the member: people and bullets come from the ronde with content.
    assert row.participants == {Role.ONDERNEMER: 1, Role.OVERHEID: 1}
    assert store.member_perspectives(ckey)[0].ronde.number == 1


def test_a_new_coordinator_key_replaces_the_old_one(store, community):
    made, ckey, *_ = community
    new = store.reset_coordinator_key("Zij-instroom techniek")
    assert store.coordinated_community(new).id == made.id
    with pytest.raises(AccessDenied):
        store.coordinated_community(ckey)


def test_the_community_tables_in_the_migration_match_the_table_classes(store):
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    mine = [d for d in diffs if "community" in repr(d)]
    assert not mine, mine


def test_the_four_demo_cases_are_members_of_one_demo_community_on_first_start(store):
    from demo import DEMO_COMMUNITY, demo_cases, load_demo_with_community

    created, ckey = load_demo_with_community(store)
    assert len(created) == 6 and ckey
    assert store.coordinated_community(ckey).name == DEMO_COMMUNITY
    assert [r.name for r in store.community_overview(ckey)] == [c["pps_name"] for c in demo_cases()]
    table = merged_table(store.member_perspectives(ckey))
    assert len(table.samenwerkingen()) == 4 and {"ondernemer", "overheid", "onderwijs"} <= set(table.rows)
    dump = store.community_snapshot(ckey).model_dump_json()
    people = {p["name"] for c in demo_cases() for p in c["participants"]}
    assert not [name for name in people if name in dump]  # the demo shares notes, never names
    leervragen = store.community_library(ckey, kinds=[ItemKind.LEERVRAAG])
    assert {i.samenwerking for i in leervragen} == {c["pps_name"] for c in demo_cases()}
    found = store.community_library(ckey, query="projectleiders vertrekt")
    assert {i.samenwerking for i in found} == {"Startplein Techniek Rivierenland"}
    assert load_demo_with_community(store) == ({}, None)  # a second start changes nothing


def test_blok_naast_blok_looks_at_the_current_ronde_or_at_ronde_n_of_every_member(store, community):
    made, ckey, (_, _, fkey), (_, _, bkey) = community
    store.join_community(fkey, made.invite_code)
    store.join_community(bkey, made.invite_code)
    _, key2 = store.start_next_ronde(fkey, title="Monitoring")
    store.set_conclusion(key2, "sociaal_probleem", "Nu vooral zij-instromers")
    assert store.most_rondes(ckey) == 2

    current = {c.samenwerking: c for c in store.block_comparison(ckey, "sociaal_probleem")}
    assert current["Toekomst in de Techniek"].ronde.number == 2
    assert current["Toekomst in de Techniek"].gedeeld == "Nu vooral zij-instromers"
    assert current["NexTechnician"].ronde.number == 1

    first = {c.samenwerking: c for c in store.block_comparison(ckey, "sociaal_probleem", 1)}
    assert first["Toekomst in de Techniek"].gedeeld == "Tekort aan technici\nWerkzoekenden zonder passende opleiding"
    assert first["NexTechnician"].gedeeld == "Tekort aan monteurs"

    second = {c.samenwerking: c for c in store.block_comparison(ckey, "sociaal_probleem", 2)}
    assert second["Toekomst in de Techniek"].ronde.number == 2
    assert second["NexTechnician"].ronde is None and second["NexTechnician"].empty  # it has no ronde 2

    with pytest.raises(InvalidInput):
        store.block_comparison(ckey, "sociaal_probleem", 0)
    with pytest.raises(AccessDenied):
        store.block_comparison(fkey, "sociaal_probleem", 1)


def test_the_coordinator_removes_a_member_and_what_it_shared_is_gone_but_only_with_the_coordinator_key(
    store, community
):
    made, ckey, (fsamen, _, fkey), (bsamen, _, bkey) = community
    store.join_community(fkey, made.invite_code, Sharing(notes=True))
    store.join_community(bkey, made.invite_code)
    with pytest.raises(AccessDenied):
        store.remove_member(bkey, fsamen.id)  # a facilitator cannot take another samenwerking out
    assert store.remove_member(ckey, fsamen.id) == "Toekomst in de Techniek"
    assert [r.name for r in store.community_overview(ckey)] == ["NexTechnician"]
    assert store.community_library(ckey, query="coördinator") == []
    assert "Toekomst in de Techniek" not in store.community_snapshot(ckey).model_dump_json()
    assert store.memberships(fkey) == []
    with pytest.raises(NotFound):
        store.remove_member(ckey, fsamen.id)
    store.join_community(fkey, made.invite_code)  # consent is the samenwerking's: it may come back
    assert [r.name for r in store.community_overview(ckey)] == ["NexTechnician", "Toekomst in de Techniek"]
