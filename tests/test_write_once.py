"""Every write sent again with the request key the page made before sending is stored once (issue 20, item 2).

On SQLite and PostgreSQL through the store (``data.receipts``), and on PostgreSQL with the reply of a COMMIT
lost on the wire (``tests/pg_outage.py``: a TCP proxy that forwards the COMMIT and drops the connection before
the server's answer reaches the store) and with the server killed with ``kill -9`` right after it committed.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlmodel import Session, SQLModel

from canvas.blocks import Question
from data.checks import new_secret
from data.db import _alembic_config, make_engine, migrate
from data.store import InvalidInput, Store, StoreUnavailable, WorkshopClosed
from data.tables import NoteRow, ParticipantRow, WriteReceiptRow
from tests.pg_outage import CommitReplyLost, OwnServer


def _key() -> str:
    return str(uuid.uuid4())


def _count(store: Store, table: type) -> int:
    with Session(store.engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()[0]


@pytest.fixture
def room(store: Store, workshop_key):
    workshop, key = workshop_key
    _, ann = store.join(workshop.code, name="Ann", role="ondernemer")
    _, bob = store.join(workshop.code, name="Bob", role="overheid")
    return workshop, key, ann, bob


def test_a_note_sent_again_with_its_key_is_stored_once_even_after_the_double_tap_window(store, room, monkeypatch):
    workshop, _, ann, _ = room
    key = _key()
    first = store.add_note(ann, "kosten", "Uren van de leermeester", request_key=key)
    # Long after the first: the double-tap rule (10 s) no longer covers it, the key does.
    monkeypatch.setattr("data.store.DOUBLE_SAVE_SECONDS", 0.0)
    again = store.add_note(ann, "kosten", "Uren van de leermeester", request_key=key)
    assert again.id == first.id
    assert [n.text for n in store.notes(workshop.id)] == ["Uren van de leermeester"]
    # A new key is a new note: a deliberate repeat is still saved.
    store.add_note(ann, "kosten", "Uren van de leermeester", request_key=_key())
    assert len(store.notes(workshop.id)) == 2
    assert _count(store, WriteReceiptRow) == 2


def test_a_retry_of_a_note_that_landed_still_says_saved_after_the_workshop_closed(store, room):
    workshop, facilitator, ann, _ = room
    key = _key()
    first = store.add_note(ann, "kosten", "Net op tijd", request_key=key)
    store.set_closed(facilitator, True)
    assert store.add_note(ann, "kosten", "Net op tijd", request_key=key).id == first.id
    with pytest.raises(WorkshopClosed):
        store.add_note(ann, "kosten", "Te laat", request_key=_key())
    assert len(store.notes(workshop.id)) == 1


def test_a_key_used_by_another_participant_reads_nothing_of_the_first_and_saves_their_own(store, room):
    workshop, _, ann, bob = room
    key = _key()
    anns = store.add_note(ann, "kosten", "Van Ann", request_key=key)
    bobs = store.add_note(bob, "kosten", "Van Bob", request_key=key)
    assert bobs.id != anns.id and bobs.text == "Van Bob" and bobs.participant_id != anns.participant_id
    assert sorted(n.text for n in store.notes(workshop.id)) == ["Van Ann", "Van Bob"]


def test_a_request_key_that_is_not_one_is_refused_in_dutch(store, room):
    _, _, ann, _ = room
    for bad in ("", "kort", "x" * 65, "met spatie en meer tekens", 12345678901234567):
        with pytest.raises(InvalidInput, match="ongeldige sleutel"):
            store.add_note(ann, "kosten", "Tekst", request_key=bad)  # type: ignore[arg-type]


def test_every_kind_of_keyed_write_sent_twice_is_stored_once(store, room):
    workshop, facilitator, ann, bob = room
    note = store.add_note(bob, "kosten", "Bedrijven betalen mee")
    store.set_revealed(facilitator, True)

    k = _key()
    edited = store.edit_note(bob, note.id, "Bedrijven betalen mee in de RIF", expected_version=1, request_key=k)
    # Sent again with the version it was looking at: the same save, not a stale one.
    assert store.edit_note(bob, note.id, "Bedrijven betalen mee in de RIF", expected_version=1, request_key=k) == edited
    assert [v.version for v in store.note_history(note.id)] == [1, 2]

    vote = store.open_vote(facilitator, "note", votes_per_participant=2)
    k = _key()
    cast = store.cast_vote(ann, vote.id, "note", note.id, request_key=k)
    assert store.cast_vote(ann, vote.id, "note", note.id, request_key=k) == cast
    assert len(store.my_votes(ann, vote.id)) == 1
    store.withdraw_vote(ann, vote.id, "note", note.id)
    store.withdraw_vote(ann, vote.id, "note", note.id)  # sent again: nothing left to take back, no error
    assert store.my_votes(ann, vote.id) == []

    k = _key()
    bullet = store.add_bullet(facilitator, "overheid", Question.FINANCIERING, "RIF", [note.id], request_key=k)
    assert store.add_bullet(facilitator, "overheid", Question.FINANCIERING, "RIF", [note.id], request_key=k) == bullet
    assert len(store.bullets(workshop.id)) == 1

    k = _key()
    conclusion = store.set_conclusion(facilitator, "kosten", "Samen betalen", request_key=k)
    assert store.set_conclusion(facilitator, "kosten", "Samen betalen", request_key=k) == conclusion
    assert len(store.conclusion_history(workshop.id, "kosten")) == 1

    k = _key()
    leervraag = store.add_leervraag(facilitator, "Wat kost een leermeester?", request_key=k)
    assert store.add_leervraag(facilitator, "Wat kost een leermeester?", request_key=k) == leervraag
    assert len(store.leervragen(facilitator)) == 1

    partner = store.add_partner(facilitator, "Gemeente Dronten", "overheid")
    k = _key()
    action = store.add_action(facilitator, text="Begroting maken", owner_partner_id=partner.id, request_key=k)
    assert store.add_action(facilitator, text="Begroting maken", owner_partner_id=partner.id, request_key=k) == action
    assert len(store.actions(facilitator)) == 1

    token = new_secret()
    joined, same = store.join(workshop.code, name="Cas", role="onderwijs", token=token)
    again, same_again = store.join(workshop.code, name="Cas", role="onderwijs", token=token)
    assert (again, same_again) == (joined, same) and same == token
    assert [p.name for p in store.participants(workshop.id)].count("Cas") == 1


def test_a_join_token_of_another_workshop_opens_nothing_there(store, room):
    workshop, _, _, _ = room
    other, _ = store.create_workshop(pps_name="Andere PPS", title="Sessie")
    token = new_secret()
    store.join(workshop.code, name="Cas", role="onderwijs", token=token)
    with pytest.raises(Exception, match="andere workshop"):
        store.join(other.code, name="Cas", role="onderwijs", token=token)
    assert store.participants(other.id) == []
    with pytest.raises(InvalidInput):
        store.join(other.code, name="Cas", role="onderwijs", token="kort")


def _at_once(store: Store, token: str, text: str, key: str, attempts: int = 4) -> list[int]:
    """Send one note ``attempts`` times at the same moment with one key; the ids the store answered."""
    barrier = threading.Barrier(attempts)
    ids: list[int] = []

    def send() -> None:
        barrier.wait()
        ids.append(store.add_note(token, "relaties", text, request_key=key).id)

    threads = [threading.Thread(target=send) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ids


def test_two_attempts_with_one_key_at_the_same_moment_store_one_note(store, room):
    workshop, _, ann, _ = room
    for n in range(5):
        ids = _at_once(store, ann, f"Tegelijk {n}", _key())
        assert len(ids) == 4 and len(set(ids)) == 1
    assert len(store.notes(workshop.id)) == 5


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_migration_0007_builds_the_receipts_table_as_declared_and_an_older_database_keeps_its_notes(
    backend, request, tmp_path
):
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else f"sqlite:///{tmp_path / 'a.db'}"
    engine = make_engine(url)
    migrate(engine)
    older = Store(engine)
    workshop, _ = older.create_workshop(pps_name="PPS", title="Van voor de sleutels")
    ann, token = older.join(workshop.code, name="Ann", role="ondernemer")
    with Session(engine) as session:  # a note written by the code of before (no receipt table to write to)
        session.add(NoteRow(workshop_id=workshop.id, participant_id=ann.id, block_id="kosten", text="Oud",
                            created_at=dt.datetime.now(dt.UTC), updated_at=dt.datetime.now(dt.UTC)))  # fmt: skip
        session.commit()
    # Back to the schema before the receipts (later migrations are undone on the way), then up again.
    command.downgrade(_alembic_config(engine), "0006")
    assert "write_receipt" not in inspect(engine).get_table_names()
    migrate(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    store = Store(engine)
    key = _key()
    store.add_note(token, "kosten", "Nieuw", request_key=key)
    store.add_note(token, "kosten", "Nieuw", request_key=key)
    assert [n.text for n in store.notes(workshop.id)] == ["Oud", "Nieuw"]
    command.downgrade(_alembic_config(engine), "0006")
    assert "write_receipt" not in inspect(engine).get_table_names()
    with engine.connect() as conn:  # read as the code of schema 0006 would: today's tables have more columns
        kept = conn.execute(text("SELECT text FROM note WHERE workshop_id = :w ORDER BY id"), {"w": workshop.id})
        assert [t for (t,) in kept] == ["Oud", "Nieuw"]
    engine.dispose()


# -- PostgreSQL: the reply of the commit is lost ---------------------------------------------------------


@pytest.fixture
def lossy(postgres_url: str) -> Iterator[tuple[Store, CommitReplyLost]]:
    """A store that talks to PostgreSQL through a proxy which can lose the reply of one COMMIT."""
    Store.open(postgres_url).engine.dispose()  # the schema, made directly
    with CommitReplyLost(postgres_url) as proxy:
        store = Store.open(proxy.url)
        yield store, proxy
        store.engine.dispose()


def test_a_commit_whose_reply_is_lost_is_stored_once_when_sent_again_with_its_key(lossy):
    store, proxy = lossy
    workshop, _ = store.create_workshop(pps_name="PPS", title="Sessie")
    _, ann = store.join(workshop.code, name="Ann", role="ondernemer")

    proxy.lose_next_commit_reply()
    note = store.add_note(ann, "kosten", "Over de draad", request_key=_key())
    assert proxy.lost == 1, "no reply was lost: the test proves nothing"
    # The store heard nothing back, tried again with the same key, and found the note it had made.
    assert [n.id for n in store.notes(workshop.id)] == [note.id]


def test_without_a_key_a_commit_whose_reply_is_lost_is_not_sent_again_and_says_it_may_be_saved(lossy):
    store, proxy = lossy
    workshop, _ = store.create_workshop(pps_name="PPS", title="Sessie")
    _, ann = store.join(workshop.code, name="Ann", role="ondernemer")

    proxy.lose_next_commit_reply()
    with pytest.raises(StoreUnavailable, match="misschien is het bewaard") as raised:
        store.add_note(ann, "kosten", "Zonder sleutel")
    assert proxy.lost == 1
    assert "psycopg" not in str(raised.value) and "server" not in str(raised.value)
    assert len(store.notes(workshop.id)) == 1  # it did land: sending it again blindly would make two


def test_a_join_whose_reply_is_lost_is_one_participant(lossy):
    store, proxy = lossy
    workshop, _ = store.create_workshop(pps_name="PPS", title="Sessie")
    proxy.lose_next_commit_reply()
    store.join(workshop.code, name="Ann", role="ondernemer", token=new_secret())
    assert proxy.lost == 1
    assert [p.name for p in store.participants(workshop.id)] == ["Ann"]


# -- PostgreSQL killed with kill -9 right after the commit -------------------------------------------------


@pytest.fixture
def own_server() -> Iterator[OwnServer]:
    with OwnServer() as server:
        yield server


@pytest.mark.postgres  # a server of its own (tests/pg_outage.py)
def test_a_note_committed_just_before_kill_9_of_the_server_is_there_once_after_the_retry(own_server):
    url = own_server.new_database()
    Store.open(url).engine.dispose()
    with CommitReplyLost(url) as proxy:
        store = Store.open(proxy.url)
        store.unavailable_seconds = 1.0
        workshop, _ = store.create_workshop(pps_name="PPS", title="Sessie")
        _, ann = store.join(workshop.code, name="Ann", role="ondernemer")
        key = _key()

        # The server commits, is killed before its reply leaves the proxy, and stays down past the store's wait.
        proxy.lose_next_commit_reply(then=own_server.kill)
        with pytest.raises(StoreUnavailable, match="even weg") as raised:
            store.add_note(ann, "kosten", "Net voor de crash", request_key=key)
        assert "psycopg" not in str(raised.value)
        own_server.start()
        # The page sends the pending note again with its key.
        note = store.add_note(ann, "kosten", "Net voor de crash", request_key=key)
        store.add_note(ann, "kosten", "Net voor de crash", request_key=key)
        store.engine.dispose()

    direct = Store.open(url)
    with Session(direct.engine) as session:
        rows = session.exec(select(NoteRow.id, NoteRow.text)).all()
        participants = session.exec(select(func.count()).select_from(ParticipantRow)).one()[0]
    direct.engine.dispose()
    assert [tuple(r) for r in rows] == [(note.id, "Net voor de crash")]
    assert participants == 1
