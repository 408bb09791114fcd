"""Nothing typed in a room of thirty people disappears: many writers at once, and writers killed mid-burst.

These run against a real SQLite file through the store, with real processes (forked, so each has its own
connection, as each Streamlit server process or thread would).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from data.store import AccessDenied, Store

FORK = multiprocessing.get_context("fork")


def _writer(url: str, code: str, index: int, count: int, ack_fd: int | None) -> None:
    """Join as participant ``index`` and save ``count`` notes; report each acknowledged save on ``ack_fd``."""
    store = Store.open(url)
    _, token = store.join(code, name=f"Deelnemer {index}", role="ondernemer")
    for n in range(count):
        text = f"p{index}-n{n}"
        store.add_note(token, "kernactiviteiten", text)
        if ack_fd is not None:
            os.write(ack_fd, f"{text}\n".encode())
    store.engine.dispose()


def _run_writer(url: str, code: str, index: int, count: int, ack_fd: int | None = None) -> None:
    try:
        _writer(url, code, index, count, ack_fd)
    except BaseException as error:  # noqa: BLE001 - reported to the parent through the exit code
        print(f"writer {index} failed: {error!r}", flush=True)
        os._exit(1)
    os._exit(0)


@pytest.mark.slow
def test_fifty_processes_of_a_hundred_notes_each_lose_nothing(db_path: Path, store: Store, workshop_key):
    workshop, _ = workshop_key
    url = f"sqlite:///{db_path}"
    writers = [FORK.Process(target=_run_writer, args=(url, workshop.code, i, 100)) for i in range(50)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(timeout=300)
    assert [w.exitcode for w in writers] == [0] * 50, "a writer saw an error (e.g. 'database is locked')"
    notes = store.notes(workshop.id)
    assert len(notes) == 50 * 100
    assert {n.text for n in notes} == {f"p{i}-n{n}" for i in range(50) for n in range(100)}
    assert len(store.participants(workshop.id)) == 50


@pytest.mark.slow
def test_killed_writers_leave_a_sound_database_with_every_acknowledged_note(db_path: Path, store: Store, workshop_key):
    workshop, _ = workshop_key
    url = f"sqlite:///{db_path}"
    read_fd, write_fd = os.pipe()
    writers = [FORK.Process(target=_run_writer, args=(url, workshop.code, i, 100_000, write_fd)) for i in range(6)]
    for w in writers:
        w.start()
    os.close(write_fd)
    time.sleep(2.5)  # mid-burst: every writer is saving as fast as it can
    for w in writers:
        os.kill(w.pid, signal.SIGKILL)
    for w in writers:
        w.join()
    assert all(w.exitcode == -signal.SIGKILL for w in writers)
    acknowledged = set()
    with os.fdopen(read_fd, "rb") as pipe:
        for line in pipe.read().decode().splitlines():
            acknowledged.add(line)
    assert len(acknowledged) > 50, "the writers did not get going; the test proves nothing"

    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    stored = {n.text for n in Store.open(url).notes(workshop.id)}
    assert acknowledged <= stored, f"{len(acknowledged - stored)} acknowledged notes are gone"


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        "[klik](javascript:alert(1))",
        "'; DROP TABLE note; --",
        '=HYPERLINK("http://x")',
        "😀👩🏽‍🔧 emoji",
        "مرحبا بالعالم RTL",
        "e\u0301 combining",
        "tab\tin het midden en\nnieuwe regel",
    ],
)
def test_hostile_and_unusual_text_round_trips_exactly(store: Store, workshop_key, text: str):
    workshop, _ = workshop_key
    _, token = store.join(workshop.code, name=text[:60], role="overig", sub_role=text[:30])
    store.add_note(token, "relaties", text)
    (note,) = store.notes(workshop.id)
    assert note.text == text
    assert len(store.workshops()) == 1  # the SQL-looking text did nothing


def test_a_participant_link_of_another_workshop_cannot_touch_this_one(store: Store, workshop_key):
    first, _ = workshop_key
    second, _ = store.create_workshop(pps_name="Andere PPS", title="Sessie")
    _, first_token = store.join(first.code, name="Ann", role="ondernemer")
    _, second_token = store.join(second.code, name="Bob", role="overheid")
    note = store.add_note(first_token, "kosten", "van Ann")
    with pytest.raises(AccessDenied):
        store.edit_note(second_token, note.id, "overschreven")
    assert store.participant(second_token).workshop_id == second.id
    assert store.notes(second.id) == []
