"""A database that is briefly away, locked, full or read-only: a Dutch message, and the write lands once later.

Real parts only (issue 20, item 3): a SQLite file held locked by another connection, on a tmpfs mounted
small (disk full) or read-only (``mount``, so this module needs root), and a PostgreSQL server of the test's
own that is stopped and started again (``tests/pg_outage.py``). The pages keep the text and the request key
and send it again (tests/test_participant_pages.py and tests/test_browser_database_away.py); here the store.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from data.store import (
    Store,
    StoreBusy,
    StoreError,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
)
from tests.pg_outage import OwnServer

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounts a small tmpfs: needs root")

RAW_WORDS = ("sqlite3", "psycopg", "OperationalError", "SQL:", "connection", "server at", "locked")


def _dutch_only(error: StoreError) -> None:
    """The message is one of ours: no word of the driver's, and no chained driver error for a page to print."""
    assert not any(word in str(error) for word in RAW_WORDS), str(error)
    assert error.__cause__ is None and error.__suppress_context__


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs of its own (4 MB), unmounted at the end."""
    folder = tmp_path / "klein"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _room(store: Store) -> tuple[int, str]:
    workshop, _ = store.create_workshop(pps_name="PPS", title="Sessie")
    _, token = store.join(workshop.code, name="Ann", role="ondernemer")
    return workshop.id, token


# -- SQLite --------------------------------------------------------------------------------------------


def test_sqlite_locked_for_long_says_so_in_dutch_and_the_note_lands_once_when_free(db_path, monkeypatch):
    monkeypatch.setattr("data.db.SQLITE_BUSY_TIMEOUT_MS", 100)
    store = Store.open(f"sqlite:///{db_path}")
    store.retry_seconds = 0.5
    workshop_id, token = _room(store)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock, longer than the store waits
    key = str(uuid.uuid4())
    with pytest.raises(StoreBusy, match="erg druk") as raised:
        store.add_note(token, "kosten", "Wacht even", request_key=key)
    _dutch_only(raised.value)
    holder.execute("ROLLBACK")
    holder.close()
    store.add_note(token, "kosten", "Wacht even", request_key=key)
    store.add_note(token, "kosten", "Wacht even", request_key=key)
    assert [n.text for n in store.notes(workshop_id)] == ["Wacht even"]


def test_sqlite_disk_full_says_so_in_dutch_and_the_note_lands_once_when_there_is_room(tmpfs):
    store = Store.open(f"sqlite:///{tmpfs / 'canvas.db'}")
    workshop_id, token = _room(store)
    filler = tmpfs / "vol"
    with filler.open("wb") as f:  # the disk fills up with something else
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    key = str(uuid.uuid4())
    text = "Een notitie op een volle schijf " * 15
    with pytest.raises(StoreFull, match="schijf van de database is vol") as raised:
        for _ in range(40):  # the WAL may still have a page or two free
            store.add_note(token, "kosten", text, request_key=key)
            key = str(uuid.uuid4())
    _dutch_only(raised.value)
    stored_before = len(store.notes(workshop_id))
    filler.unlink()
    store.add_note(token, "kosten", text, request_key=key)
    store.add_note(token, "kosten", text, request_key=key)
    assert len(store.notes(workshop_id)) == stored_before + 1
    store.engine.dispose()
    raw = sqlite3.connect(tmpfs / "canvas.db")
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()


def test_a_read_only_sqlite_database_says_so_in_dutch_for_writes_and_reads(tmpfs):
    url = f"sqlite:///{tmpfs / 'canvas.db'}"
    store = Store.open(url)
    workshop_id, token = _room(store)
    store.engine.dispose()
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    with pytest.raises(StoreReadOnly, match="alleen-lezen") as raised:
        store.add_note(token, "kosten", "Op een alleen-lezen schijf", request_key=str(uuid.uuid4()))
    _dutch_only(raised.value)
    with pytest.raises(StoreReadOnly) as raised:
        store.notes(workshop_id)
    _dutch_only(raised.value)
    subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], check=True)
    assert store.notes(workshop_id) == []


def test_a_sqlite_file_that_went_away_is_a_dutch_message_not_a_driver_error(tmp_path):
    folder = tmp_path / "weg"
    folder.mkdir()
    store = Store.open(f"sqlite:///{folder / 'canvas.db'}")
    workshop_id, _ = _room(store)
    store.engine.dispose()
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()
    with pytest.raises(StoreUnavailable, match="even weg") as raised:
        store.notes(workshop_id)
    _dutch_only(raised.value)


# -- PostgreSQL stopped and started ---------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[OwnServer]:
    with OwnServer() as own:
        yield own


@pytest.mark.postgres  # a server of its own (tests/pg_outage.py)
def test_postgres_stopped_gives_a_dutch_message_and_the_pending_note_lands_once_when_it_is_back(server, caplog):
    store = Store.open(server.new_database())
    store.unavailable_seconds = 1.0
    workshop_id, token = _room(store)
    server.stop()
    key = str(uuid.uuid4())
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="even weg") as raised:
        store.add_note(token, "kosten", "Terwijl de server uit staat", request_key=key)
    assert 0.9 < time.monotonic() - started < 10  # it waited for the server, then said so
    _dutch_only(raised.value)
    # The driver's own words are in the server's log, for whoever runs it.
    assert any("Connection refused" in r.getMessage() for r in caplog.records if r.name == "pps_canvas.store")
    with pytest.raises(StoreUnavailable) as raised:  # a read, too (the page draws the notes)
        store.own_notes(token)
    _dutch_only(raised.value)
    server.start()
    # The page sends its pending note again, every two seconds, with the same key, until it lands.
    for _ in range(3):
        store.add_note(token, "kosten", "Terwijl de server uit staat", request_key=key)
    assert [n.text for n in store.notes(workshop_id)] == ["Terwijl de server uit staat"]
    store.engine.dispose()


@pytest.mark.postgres  # a server of its own (tests/pg_outage.py)
def test_a_write_waits_for_a_postgres_restart_of_a_second_and_lands_once(server):
    store = Store.open(server.new_database())
    store.unavailable_seconds = 20.0
    workshop_id, token = _room(store)
    server.stop()
    back = threading.Timer(1.5, server.start)
    back.start()
    try:
        note = store.add_note(token, "kosten", "Tijdens de herstart", request_key=str(uuid.uuid4()))
    finally:
        back.join()
    assert [n.id for n in store.notes(workshop_id)] == [note.id]
    store.engine.dispose()
