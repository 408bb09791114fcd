"""The change stamp: every kind of write to a workshop moves it, reads do not, other workshops keep theirs.

Boards poll this one number each second and redraw only when it moved (app_pages/ui/live.py), so a write that
forgot to move it would leave a projector showing old notes.
"""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import data.tables  # noqa: F401  (the tables on SQLModel.metadata)
from data.db import _alembic_config, make_engine, migrate
from data.store import AccessDenied, InvalidInput, Store, UnknownWorkshop

# The store of these tests is migrated from an empty file, not copied from the session's migrated one
# (tests/conftest.py): the stamp and the schema the code declares are checked against the migrations as run.
pytestmark = pytest.mark.real_migrations


def _writes(store: Store, code: str, key: str):
    """Every kind of write a workshop has, each as (name, action); run in this order."""
    state: dict = {}

    def join():
        state["participant"], state["token"] = store.join(code, name="Sanne", role="overheid")

    def add():
        state["note"] = store.add_note(state["token"], "kosten", "Ruimte en tijd")

    return [
        ("join", join),
        ("add_note", add),
        ("edit_note", lambda: store.edit_note(state["token"], state["note"].id, "Ruimte, tijd en begeleiding")),
        ("delete_note", lambda: store.delete_note(state["token"], state["note"].id)),
        ("undelete_note", lambda: store.undelete_note(state["token"], state["note"].id)),
        ("set_conclusion", lambda: store.set_conclusion(key, "kosten", "Samen dragen")),
        ("add_partner", lambda: state.update(partner=store.add_partner(key, "Techniekbedrijf Oost", "ondernemer"))),
        (
            "add_action",
            lambda: state.update(
                action=store.add_action(key, text="Stageplekken tellen", owner_partner_id=state["partner"].id)
            ),
        ),
        ("update_action", lambda: store.update_action(key, state["action"].id, status="bezig")),
        ("add_leervraag", lambda: state.update(leervraag=store.add_leervraag(key, "Wie begeleidt op de vloer?"))),
        ("delete_leervraag", lambda: store.delete_leervraag(key, state["leervraag"].id)),
        ("lesson_scores", lambda: store.set_lesson_score(state["token"], 1, 4, "Goed begonnen")),
        ("reveal_lessons", lambda: store.set_lessons_revealed(key, True)),
        ("start_timer", lambda: store.start_timer(key, 5)),
        ("ready", lambda: store.set_ready(state["token"], True)),
        ("pause_timer", lambda: store.pause_timer(key)),
        ("resume_timer", lambda: store.resume_timer(key)),
        ("stop_timer", lambda: store.stop_timer(key)),
        ("reveal_block", lambda: store.set_revealed(key, True, "kosten")),
        ("reveal_all", lambda: store.set_revealed(key, True)),
        ("hide_all", lambda: store.set_revealed(key, False)),
        ("anonymous", lambda: store.set_anonymous(key, True)),
        ("close", lambda: store.set_closed(key, True)),
        ("reopen", lambda: store.set_closed(key, False)),
        ("reset_key", lambda: store.reset_facilitator_key(code)),
    ], state


def test_every_kind_of_write_moves_the_stamp_and_only_of_its_own_workshop(store, workshop_key):
    workshop, key = workshop_key
    other, _ = store.create_workshop(pps_name="Ander", title="Andere zaal")
    assert store.change_stamp(workshop.id) == 0
    writes, _state = _writes(store, workshop.code, key)
    seen = [store.change_stamp(workshop.id)]
    for name, action in writes:
        action()
        stamp = store.change_stamp(workshop.id)
        assert stamp > seen[-1], f"{name} did not move the change stamp"
        seen.append(stamp)
    assert store.change_stamp(other.id) == 0


def test_reads_and_refused_writes_leave_the_stamp_where_it_was(store, workshop_key):
    workshop, key = workshop_key
    writes, state = _writes(store, workshop.code, key)
    for _name, action in writes[:2]:
        action()
    before = store.change_stamp(workshop.id)
    token = state["token"]
    store.workshop(workshop.code)
    store.workshop_by_id(workshop.id)
    store.facilitated_workshop(key)
    store.participant(token)
    store.participants(workshop.id)
    store.own_notes(token)
    store.notes(workshop.id, include_deleted=True)
    store.visible_notes(store.workshop_by_id(workshop.id))
    store.note_history(state["note"].id)
    store.conclusions(workshop.id)
    store.workshops()
    store.timer(workshop.id)
    store.ready_counts(workshop.id)
    store.is_ready(token)
    store.actions(key)
    store.open_actions_before(key)
    store.leervragen(key)
    store.lesson_scores(key)
    store.own_lesson_scores(token)
    store.previous_ronde(workshop.id)
    # A save of the same text changes nothing, and a refused write lands nothing: neither moves the stamp.
    store.edit_note(token, state["note"].id, state["note"].text)
    with pytest.raises(InvalidInput):
        store.add_note(token, "kosten", "")
    with pytest.raises(AccessDenied):
        store.set_closed("verkeerde sleutel", True)
    assert store.change_stamp(workshop.id) == before


def test_the_stamp_of_a_workshop_that_does_not_exist_is_a_dutch_error(store):
    with pytest.raises(UnknownWorkshop, match="bestaat niet"):
        store.change_stamp(987_654)


def test_the_migrations_build_exactly_the_tables_the_code_declares(store):
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert differences == []


def test_a_database_from_before_the_stamp_upgrades_with_its_workshops_at_zero(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    command.upgrade(_alembic_config(engine), "0001")
    assert "change_stamp" not in {c["name"] for c in inspect(engine).get_columns("workshop")}
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO workshop (code, pps_name, title, region, phase, partners, closed, revealed_all,"
                " revealed_blocks, anonymous, facilitator_key_hash, created_at) VALUES ('OUD234', 'Oud', 'Van"
                " voor de stempel', '', 'ontwerp', '', 0, 0, '', 0, 'x', '2026-11-23 10:00:00')"
            )
        )
    migrate(engine)
    store = Store(engine)
    old = store.workshop("OUD234")
    assert store.change_stamp(old.id) == 0
    _, token = store.join("OUD234", name="Sanne", role="overheid")
    store.add_note(token, "kosten", "Na de upgrade")
    assert store.change_stamp(old.id) == 2
    engine.dispose()
