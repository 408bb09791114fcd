"""The store on a real SQLite file: round trips, versions, soft delete, access rules, migrations, WAL."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import inspect

from data.db import database_url, make_engine, migrate, schema_is_current
from data.store import (
    CODE_ALPHABET,
    AccessDenied,
    InvalidInput,
    StaleNote,
    Store,
    UnknownWorkshop,
    WorkshopClosed,
    normalise_code,
)
from demo import demo_cases, load_demo
from stakeholders.roles import Role


def test_a_note_round_trips_exactly(store, workshop_key):
    workshop, _ = workshop_key
    _, token = store.join(workshop.code, name="Ann", role="overheid", organisation="Gemeente Dronten")
    text = "=SOM(A1) <b>vet</b> 😀 שלום é"
    saved = store.add_note(token, "oplossing", text)
    (read,) = store.notes(workshop.id)
    assert read.text == text and read.id == saved.id
    assert read.role is Role.OVERHEID and read.author_organisation == "Gemeente Dronten"


def test_the_data_survives_reopening_the_file(db_path, workshop_key, store):
    workshop, _ = workshop_key
    _, token = store.join(workshop.code, name="Ann", role="onderwijs")
    store.add_note(token, "kosten", "Korting op BBL")
    store.engine.dispose()
    again = Store.open(f"sqlite:///{db_path}")
    assert [n.text for n in again.notes(workshop.id)] == ["Korting op BBL"]


def test_editing_keeps_every_earlier_version(store, workshop_key):
    workshop, _ = workshop_key
    _, token = store.join(workshop.code, name="Ann", role="ondernemer")
    note = store.add_note(token, "kosten", "eerste")
    store.edit_note(token, note.id, "tweede")
    latest = store.edit_note(token, note.id, "derde")
    assert latest.version == 3
    assert [v.text for v in store.note_history(note.id)] == ["eerste", "tweede", "derde"]


def test_a_save_over_a_newer_version_is_refused_not_lost(store, workshop_key):
    workshop, _ = workshop_key
    _, token = store.join(workshop.code, name="Ann", role="ondernemer")
    note = store.add_note(token, "kosten", "tab 1 en 2 zien dit")
    store.edit_note(token, note.id, "tab 1 slaat op", expected_version=1)
    with pytest.raises(StaleNote, match="ander scherm"):
        store.edit_note(token, note.id, "tab 2 slaat op", expected_version=1)
    assert store.own_notes(token)[0].text == "tab 1 slaat op"


def test_delete_is_soft_and_can_be_undone(store, workshop_key):
    workshop, _ = workshop_key
    _, token = store.join(workshop.code, name="Ann", role="ondernemer")
    note = store.add_note(token, "kosten", "bewaar mij")
    store.delete_note(token, note.id)
    assert store.notes(workshop.id) == []
    assert [n.deleted for n in store.notes(workshop.id, include_deleted=True)] == [True]
    store.undelete_note(token, note.id)
    assert [n.text for n in store.notes(workshop.id)] == ["bewaar mij"]


def test_a_double_tap_saves_one_note_and_a_deliberate_repeat_saves_two(store, workshop_key, monkeypatch):
    import data.store

    workshop, _ = workshop_key
    _, token = store.join(workshop.code, name="Sanne", role="overheid")
    first = store.add_note(token, "kosten", "Reiskosten vergoeden")
    stamp = store.change_stamp(workshop.id)
    # The second click of a double tap carries the same text: it is the same note, and nothing moves.
    assert store.add_note(token, "kosten", "Reiskosten vergoeden").id == first.id
    assert store.change_stamp(workshop.id) == stamp
    assert [n.text for n in store.own_notes(token)] == ["Reiskosten vergoeden"]
    # The same words in another block, or after the first was deleted, are new notes.
    assert store.add_note(token, "kernbronnen", "Reiskosten vergoeden").id != first.id
    store.delete_note(token, first.id)
    again = store.add_note(token, "kosten", "Reiskosten vergoeden")
    assert again.id != first.id
    # And so is the same text written again later, on purpose.
    later = data.store._now() + timedelta(seconds=data.store.DOUBLE_SAVE_SECONDS + 1)
    monkeypatch.setattr(data.store, "_now", lambda: later)
    assert store.add_note(token, "kosten", "Reiskosten vergoeden").id != again.id
    assert len(store.own_notes(token, include_deleted=True)) == 4


def test_a_participant_can_change_only_their_own_notes(store, workshop_key):
    workshop, _ = workshop_key
    _, ann = store.join(workshop.code, name="Ann", role="ondernemer")
    _, bob = store.join(workshop.code, name="Bob", role="overheid")
    note = store.add_note(ann, "kosten", "van Ann")
    with pytest.raises(AccessDenied):
        store.edit_note(bob, note.id, "door Bob")
    with pytest.raises(AccessDenied):
        store.delete_note(bob, note.id)
    assert store.notes(workshop.id)[0].text == "van Ann"


def test_codes_are_forgiving_and_wrong_codes_get_a_dutch_message(store, workshop_key):
    workshop, _ = workshop_key
    assert set(workshop.code) <= set(CODE_ALPHABET) and len(workshop.code) == 6
    typed = f" {workshop.code[:3].lower()}-{workshop.code[3:]} "
    assert store.workshop(typed).id == workshop.id
    assert normalise_code("ab c-12") == "ABC12"
    with pytest.raises(UnknownWorkshop, match="Er is geen workshop met code"):
        store.workshop("ZZZZZZ")


def test_closed_workshop_refuses_joins_and_writes(store, workshop_key):
    workshop, key = workshop_key
    _, token = store.join(workshop.code, name="Ann", role="ondernemer")
    store.set_closed(key, True)
    with pytest.raises(WorkshopClosed, match="gesloten"):
        store.join(workshop.code, name="Bob", role="overheid")
    with pytest.raises(WorkshopClosed):
        store.add_note(token, "kosten", "te laat")
    assert store.participants(workshop.id)[0].name == "Ann" and len(store.participants(workshop.id)) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "leeg"), ("   \n", "leeg"), ("x" * 100_000, "te lang"), ("nul\x00byte", "stuurtekens")],
)
def test_bad_note_text_is_refused_with_a_message_and_nothing_stored(store, workshop_key, text, message):
    workshop, _ = workshop_key
    _, token = store.join(workshop.code, name="Ann", role="ondernemer")
    with pytest.raises(InvalidInput, match=message):
        store.add_note(token, "kosten", text)
    assert store.notes(workshop.id) == []


def test_facilitator_actions_need_the_key(store, workshop_key):
    workshop, key = workshop_key
    with pytest.raises(AccessDenied):
        store.set_revealed("niet-de-sleutel", True)
    with pytest.raises(AccessDenied):
        store.set_conclusion("", "kosten", "x")
    assert store.set_revealed(key, True, "kosten").revealed_blocks == {"kosten"}
    assert len(key) >= 32  # token_urlsafe(24): 192 random bits


def test_reveal_controls_what_the_room_sees(store, workshop_key):
    workshop, key = workshop_key
    _, token = store.join(workshop.code, name="Ann", role="ondernemer")
    store.add_note(token, "kosten", "k")
    store.add_note(token, "oplossing", "o")
    assert store.visible_notes(store.workshop(workshop.code)) == []
    store.set_revealed(key, True, "kosten")
    assert [n.text for n in store.visible_notes(store.workshop(workshop.code))] == ["k"]
    store.set_revealed(key, True)
    assert len(store.visible_notes(store.workshop(workshop.code))) == 2


def test_shared_conclusion_keeps_earlier_versions(store, workshop_key):
    workshop, key = workshop_key
    store.set_conclusion(key, "oplossing", "eerste versie")
    store.set_conclusion(key, "oplossing", "afgesproken")
    assert store.conclusions(workshop.id)["oplossing"].text == "afgesproken"
    assert [c.text for c in store.conclusion_history(workshop.id, "oplossing")] == ["eerste versie", "afgesproken"]


def test_migrations_build_the_schema_from_an_empty_file(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'leeg.db'}")
    assert not schema_is_current(engine)
    migrate(engine)
    assert schema_is_current(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"workshop", "participant", "note", "note_version", "conclusion", "alembic_version"} <= tables


def test_migrations_build_the_same_schema_on_postgresql(postgres_url):
    engine = make_engine(postgres_url)
    migrate(engine)
    assert schema_is_current(engine)
    assert {"workshop", "participant", "note", "note_version", "conclusion"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_opening_an_up_to_date_database_again_keeps_its_rows(db_path, store, workshop_key):
    workshop, _ = workshop_key
    migrate(store.engine)
    assert Store.open(f"sqlite:///{db_path}").workshop(workshop.code).id == workshop.id


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(db_path, store):
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    # WAL is a property of the file: a plain sqlite3 connection sees it too.
    assert sqlite3.connect(db_path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_database_url_comes_from_the_environment(tmp_path):
    assert database_url({"PPS_CANVAS_DB": str(tmp_path / "x.db")}) == f"sqlite:///{tmp_path / 'x.db'}"
    assert database_url({"DATABASE_URL": "postgresql+psycopg://u@h/db", "PPS_CANVAS_DB": "x"}).startswith("postgresql")
    assert database_url({}).endswith("pps_canvas.db")


def test_demo_workshops_load_once_with_all_four_cases(store):
    created = load_demo(store)
    assert len(created) == 6 and load_demo(store) == {}  # Toekomst in de Techniek: three rondes
    names = {w.pps_name for w in store.workshops()}
    assert {c["pps_name"] for c in demo_cases()} == names
    assert any("Rivierenland" in n for n in names) and "NexTechnician" in names


def test_one_demo_case_has_all_three_stakeholders_in_all_eighteen_blocks(store):
    load_demo(store)
    best = 0
    for w in store.workshops():
        notes = store.notes(w.id)
        full = sum(
            1
            for role in (Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS)
            if len({n.block_id for n in notes if n.role is role}) == 18
        )
        best = max(best, full)
        assert w.revealed_all
    assert best == 3
