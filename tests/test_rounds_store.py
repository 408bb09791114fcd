"""The store's samenwerking: next ronde, "Vorige keer", lesson scores, leervragen and actions, with access rules.

Every test runs on SQLite and on PostgreSQL (the ``store`` fixture).
"""

from __future__ import annotations

from datetime import date

import pytest

from canvas.model import Phase
from canvas.rounds import ActionStatus
from data.store import AccessDenied, InvalidInput, WorkshopClosed
from stakeholders.roles import Role


@pytest.fixture
def together(store):
    """A samenwerking with three partners and its first ronde, plus a second samenwerking elsewhere."""
    samenwerking, workshop, key = store.create_samenwerking(
        name="Toekomst in de Techniek",
        title="Ontwerpsessie",
        region="Flevoland",
        theme="Zij-instroom in de techniek",
        partners=[("Gemeente Dronten", "overheid"), ("MBO College Almere", "onderwijs"), ("Zuidberg", "ondernemer")],
        date=date(2024, 1, 15),
    )
    _, other_workshop, other_key = store.create_samenwerking(
        name="NexTechnician", title="Evaluatie", partners=[("ROC van Amsterdam", "onderwijs")]
    )
    return samenwerking, workshop, key, other_workshop, other_key


def test_a_new_workshop_is_ronde_1_of_its_own_samenwerking_even_with_a_known_name(store, together):
    samenwerking, workshop, *_ = together
    assert workshop.ronde == 1 and workshop.samenwerking_id == samenwerking.id
    assert [(p.organisation, p.role) for p in samenwerking.partners] == [
        ("Gemeente Dronten", Role.OVERHEID),
        ("MBO College Almere", Role.ONDERWIJS),
        ("Zuidberg", Role.ONDERNEMER),
    ]
    same_name, _ = store.create_workshop(pps_name="Toekomst in de Techniek", title="Kopie", partners="UWV")
    assert same_name.samenwerking_id != samenwerking.id and same_name.ronde == 1
    assert [p.role for p in store.samenwerking(same_name.samenwerking_id).partners] == [Role.OVERHEID]
    assert len(store.samenwerking_by_name(" toekomst in de  techniek")) == 2


def test_the_next_ronde_carries_last_times_gedeeld_perspectief_and_gets_its_own_key(store, together):
    samenwerking, first, key, *_ = together
    store.set_conclusion(key, "sociaal_probleem", "Tekort aan technici én werklozen die niet aan de slag komen")
    second, second_key = store.start_next_ronde(key, title="Monitoring", phase="looptijd", date=date(2024, 6, 1))
    assert second_key != key and store.facilitated_workshop(second_key).id == second.id
    assert store.facilitated_workshop(key).id == first.id  # the old link still opens the old ronde
    assert (second.ronde, second.samenwerking_id, second.phase) == (2, samenwerking.id, Phase.LOOPTIJD)
    assert second.pps_name == "Toekomst in de Techniek" and second.region == "Flevoland" and second.code != first.code
    before, conclusions = store.previous_ronde(second.id)
    assert before.id == first.id and before.date == date(2024, 1, 15)
    assert conclusions["sociaal_probleem"].text.startswith("Tekort aan technici")
    assert store.previous_ronde(first.id) is None
    assert store.notes(second.id) == [] and store.conclusions(second.id) == {}
    third, third_key = store.start_next_ronde(second_key, title="Evaluatie", phase="evaluatie")
    assert third.ronde == 3 and [r.number for r in store.rondes(samenwerking.id)] == [1, 2, 3]
    # "Vorige keer" is the ronde just before, even when it has no gedeeld perspectief.
    assert store.previous_ronde(third.id)[0].id == second.id and store.previous_ronde(third.id)[1] == {}
    with pytest.raises(AccessDenied):
        store.start_next_ronde("geen-sleutel", title="x")
    with pytest.raises(InvalidInput, match="leeg"):
        store.start_next_ronde(key, title="  ")


def test_lesson_scores_are_one_per_lesson_updatable_and_refused_when_closed(store, together):
    _, workshop, key, *_ = together
    _, ann = store.join(workshop.code, name="Ann", role="ondernemer", organisation="Zuidberg")
    _, bob = store.join(workshop.code, name="Bob", role="overheid", organisation="Gemeente Dronten")
    store.set_lesson_scores(ann, {1: (2, "We praten nog langs elkaar heen"), 3: (4, "")})
    store.set_lesson_score(ann, 1, 3, "Na vandaag iets beter")
    store.set_lesson_score(bob, 1, 5)
    mine = store.own_lesson_scores(ann)
    assert {i: (s.score, s.remark) for i, s in mine.items()} == {1: (3, "Na vandaag iets beter"), 3: (4, "")}
    scores = store.lesson_scores(key)
    assert sorted((s.author_name, s.lesson_id, s.score) for s in scores) == [
        ("Ann", 1, 3),
        ("Ann", 3, 4),
        ("Bob", 1, 5),
    ]
    assert store.lesson_scorers(workshop.id) == 2
    # Hidden from the room until revealed.
    assert store.visible_lesson_scores(workshop) == []
    store.set_lessons_revealed(key, True)
    assert len(store.visible_lesson_scores(workshop)) == 3
    for bad, message in [({11: (3, "")}, "1 tot en met 10"), ({2: (6, "")}, "1 tot en met 5"), ({2: (0, "")}, "1 tot")]:
        with pytest.raises(InvalidInput, match=message):
            store.set_lesson_scores(ann, bad)
    with pytest.raises(InvalidInput, match="te lang"):
        store.set_lesson_scores(ann, {2: (3, "x" * 501), 4: (3, "")})
    assert set(store.own_lesson_scores(ann)) == {1, 3}  # all or nothing: lesson 4 was not stored either
    store.set_closed(key, True)
    with pytest.raises(WorkshopClosed):
        store.set_lesson_score(ann, 2, 4)
    with pytest.raises(AccessDenied):
        store.set_lesson_score("onbekend", 2, 4)


def test_a_key_of_another_samenwerking_cannot_read_or_change_its_rondes_scores_or_actions(store, together):
    samenwerking, workshop, key, other_workshop, other_key = together
    _, ann = store.join(workshop.code, name="Ann", role="ondernemer")
    store.set_lesson_score(ann, 1, 4)
    owner = samenwerking.partners[0]
    action = store.add_action(key, text="Gemeente zoekt kandidaten via het werkplein", owner_partner_id=owner.id)
    store.add_leervraag(key, "Blijven de zij-instromers na een jaar nog aan het werk?")
    with pytest.raises(AccessDenied, match="andere samenwerking"):
        store.lesson_scores(other_key, workshop.id)
    with pytest.raises(AccessDenied, match="andere samenwerking"):
        store.leervragen(other_key, workshop.id)
    with pytest.raises(AccessDenied, match="andere samenwerking"):
        store.update_action(other_key, action.id, status="afgerond", outcome="gekaapt")
    assert store.actions(other_key) == []
    # Nor can a partner of another samenwerking own an action here.
    foreign = store.samenwerking(other_workshop.samenwerking_id).partners[0]
    with pytest.raises(InvalidInput, match="partnerorganisatie van deze samenwerking"):
        store.add_action(key, text="x", owner_partner_id=foreign.id)
    assert store.actions(key)[0].status is ActionStatus.OPEN and store.actions(key)[0].outcome == ""
    # A key of a later ronde of the same samenwerking may read the earlier ronde.
    _, second_key = store.start_next_ronde(key, title="Monitoring")
    assert [s.score for s in store.lesson_scores(second_key, workshop.id)] == [4]
    assert [q.text for q in store.leervragen(second_key, workshop.id)][0].startswith("Blijven")
    with pytest.raises(AccessDenied):
        store.delete_leervraag(second_key, store.leervragen(key)[0].id)


def test_open_actions_return_at_the_next_ronde_and_closing_records_the_outcome(store, together):
    samenwerking, workshop, key, *_ = together
    gemeente, school, bedrijf = samenwerking.partners
    first = store.add_action(
        key, text="Werkplein levert vijf kandidaten", owner_partner_id=gemeente.id, person="Yvonne L.",
        due=date(2024, 3, 1),
    )  # fmt: skip
    done = store.add_action(key, text="Gastles op het MBO College", owner_partner_id=school.id)
    assert first.owner_label == "Gemeente Dronten (overheid), Yvonne L." and first.ronde_created == 1
    assert store.open_actions_before(key) == []  # nothing from before the first ronde
    second, second_key = store.start_next_ronde(key, title="Monitoring")
    assert [a.text for a in store.open_actions_before(second_key)] == [first.text, done.text]
    closed = store.update_action(second_key, done.id, status="afgerond", outcome="Twintig leerlingen bereikt")
    assert (closed.status, closed.outcome, closed.ronde_closed) == (
        ActionStatus.AFGEROND,
        "Twintig leerlingen bereikt",
        2,
    )
    busy = store.update_action(second_key, first.id, status=ActionStatus.BEZIG, due=None)
    assert busy.due is None and busy.ronde_closed is None
    new = store.add_action(second_key, text="Bedrijf biedt leerplek", owner_partner_id=bedrijf.id)
    assert new.ronde_created == 2
    assert [a.text for a in store.open_actions_before(second_key)] == [first.text]
    reopened = store.update_action(second_key, done.id, status="open")
    assert reopened.ronde_closed is None and reopened.outcome == "Twintig leerlingen bereikt"
    with pytest.raises(InvalidInput, match="Onbekende status"):
        store.update_action(key, first.id, status="klaar")
    with pytest.raises(InvalidInput, match="leeg"):
        store.add_action(key, text="", owner_partner_id=gemeente.id)


def test_partners_can_be_added_once_and_leervragen_removed_by_their_ronde(store, together):
    samenwerking, _, key, *_ = together
    added = store.add_partner(key, "UWV", "overheid")
    assert added.label == "UWV (overheid)"
    with pytest.raises(InvalidInput, match="al partner"):
        store.add_partner(key, "uwv", "overheid")
    with pytest.raises(InvalidInput):
        store.add_partner(key, "Stichting", "marsmannetje")
    vraag = store.add_leervraag(key, "Wat heeft de ondernemer nodig om een tweede kandidaat te nemen?")
    store.delete_leervraag(key, vraag.id)
    assert store.leervragen(key) == []
    assert len(store.samenwerking(samenwerking.id).partners) == 4
