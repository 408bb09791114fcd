"""Migration 0003: a database of the first schema (revision 0001) upgrades with nothing lost.

The old database is built by code at revision 0001 with plain SQL (the tables as they were then), so this
test keeps working whatever the current tables look like.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import data.tables  # noqa: F401  (the current tables, for the comparison)
from data.db import _alembic_config, make_engine, migrate, schema_is_current
from data.store import Store
from stakeholders.roles import Role

T = datetime(2024, 1, 10, 9, 0, tzinfo=UTC)


def _sha(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _old_database(url: str) -> None:
    """Revision 0001 with two rondes of one PPS (one typed with other case), one other PPS, notes and more."""
    engine = make_engine(url)
    command.upgrade(_alembic_config(engine), "0001")
    workshops = [
        (1, "OUD111", "Toekomst in de Techniek", "Evaluatie", "Flevoland", "evaluatie", date(2024, 6, 1),
         "gemeente Dronten, MBO College Almere, UWV", "key-evaluatie", T),
        (2, "OUD222", "toekomst in de techniek ", "Ontwerp", "Flevoland", "ontwerp", date(2023, 1, 5),
         "Regionaal Werkbedrijf Flevoland; gemeente Dronten", "key-ontwerp", T),
        (3, "OUD333", "NexTechnician", "Looptijd", "", "looptijd", None, "", "key-next", T),
    ]  # fmt: skip
    with engine.begin() as conn:
        for w in workshops:
            conn.execute(
                text(
                    "INSERT INTO workshop (id, code, pps_name, title, region, phase, date, partners, closed, "
                    "revealed_all, revealed_blocks, anonymous, facilitator_key_hash, created_at) VALUES "
                    "(:id, :code, :pps, :title, :region, :phase, :date, :partners, :closed, :ra, :rb, :anon, "
                    ":key, :created)"
                ),
                {
                    "id": w[0], "code": w[1], "pps": w[2], "title": w[3], "region": w[4], "phase": w[5],
                    "date": w[6], "partners": w[7], "closed": w[0] == 1, "ra": w[0] == 1,
                    "rb": "kosten oplossing" if w[0] == 2 else "", "anon": w[0] == 3, "key": _sha(w[8]),
                    "created": w[9],
                },
            )  # fmt: skip
        for pid, wid, name, role in [(1, 1, "Ann", "ondernemer"), (2, 2, "Bob", "overheid"), (3, 3, "Cas", "overig")]:
            conn.execute(
                text(
                    "INSERT INTO participant (id, workshop_id, token_hash, name, organisation, role, sub_role, "
                    "joined_at) VALUES (:id, :w, :t, :n, 'Gemeente Dronten', :r, '', :j)"
                ),
                {"id": pid, "w": wid, "t": _sha(f"token-{pid}"), "n": name, "r": role, "j": T},
            )
        for nid, wid, pid, block, body, deleted in [
            (1, 1, 1, "kosten", "Uren van de leermeester", False),
            (2, 2, 2, "oplossing", "Maatwerk =SOM(A1) 😀", False),
            (3, 2, 2, "kosten", "weggegooid", True),
        ]:
            conn.execute(
                text(
                    "INSERT INTO note (id, workshop_id, participant_id, block_id, text, version, deleted, "
                    "created_at, updated_at) VALUES (:id, :w, :p, :b, :t, 2, :d, :c, :c)"
                ),
                {"id": nid, "w": wid, "p": pid, "b": block, "t": body, "d": deleted, "c": T},
            )
            for version, old in [(1, "eerste tekst"), (2, body)]:
                conn.execute(
                    text("INSERT INTO note_version (note_id, version, text, saved_at) VALUES (:n, :v, :t, :s)"),
                    {"n": nid, "v": version, "t": old, "s": T},
                )
        for wid, block, version, body in [(2, "oplossing", 1, "concept"), (2, "oplossing", 2, "afgesproken")]:
            conn.execute(
                text(
                    "INSERT INTO conclusion (workshop_id, block_id, version, text, saved_at) "
                    "VALUES (:w, :b, :v, :t, :s)"
                ),
                {"w": wid, "b": block, "v": version, "t": body, "s": T},
            )
        if conn.dialect.name == "postgresql":  # rows with their own ids: move the id sequences past them
            for table in ("workshop", "participant", "note"):
                conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def old_url(request, tmp_path):
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
    else:
        url = f"sqlite:///{tmp_path / 'oud.db'}"
    _old_database(url)
    return url


def test_an_old_database_upgrades_with_nothing_lost_and_old_links_still_open(old_url):
    store = Store.open(old_url)
    assert schema_is_current(store.engine)
    # Codes, facilitator keys and participant tokens made before the upgrade still open the same things.
    assert store.workshop("oud-111").title == "Evaluatie"
    assert store.facilitated_workshop("key-ontwerp").code == "OUD222"
    assert store.participant("token-3").name == "Cas" and store.participant("token-3").role is Role.OVERIG
    assert store.facilitated_workshop("key-evaluatie").closed

    old, new = store.workshop("OUD222"), store.workshop("OUD111")
    assert old.revealed_blocks == {"kosten", "oplossing"} and store.workshop("OUD333").anonymous
    # The two workshops of one PPS (names typed differently) are rondes 1 and 2 of one samenwerking, by date.
    assert old.samenwerking_id == new.samenwerking_id != store.workshop("OUD333").samenwerking_id
    assert (old.ronde, new.ronde) == (1, 2)
    together = store.samenwerking(old.samenwerking_id)
    assert together.name == "Toekomst in de Techniek"  # as the newest ronde spells it
    assert together.region == "Flevoland"
    assert [(p.organisation, p.role) for p in together.partners] == [
        ("Regionaal Werkbedrijf Flevoland", Role.OVERHEID),
        ("Gemeente Dronten", Role.OVERHEID),
        ("MBO College Almere", Role.ONDERWIJS),
        ("UWV", Role.OVERHEID),
    ]
    assert store.samenwerking(store.workshop("OUD333").samenwerking_id).partners == ()

    # Notes (also the deleted one), their versions and every conclusion version are all there.
    assert [n.text for n in store.notes(old.id, include_deleted=True)] == ["Maatwerk =SOM(A1) 😀", "weggegooid"]
    assert [v.text for v in store.note_history(2)] == ["eerste tekst", "Maatwerk =SOM(A1) 😀"]
    assert [c.text for c in store.conclusion_history(old.id)] == ["concept", "afgesproken"]
    # The new ronde's "Vorige keer" is the old ronde's gedeeld perspectief.
    previous = store.previous_ronde(new.id)
    assert previous is not None and previous[0].code == "OUD222" and previous[1]["oplossing"].text == "afgesproken"
    # A participant of the upgraded database can still write.
    store.add_note("token-2", "kosten", "na de upgrade")
    store.engine.dispose()


def test_the_tables_and_the_migrations_describe_the_same_schema(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'nieuw.db'}")
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []
