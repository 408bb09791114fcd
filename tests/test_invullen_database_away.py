"""Invullen while the database is away, locked or full: a Dutch message, the text stays in its box, and the
note is sent again by itself and stored once when the database is back (AppTest; issue 20, item 3).

Real databases: a PostgreSQL server of the test's own, stopped and started (``tests/pg_outage.py``); a SQLite
file held locked by another connection; a SQLite file on a small tmpfs that fills up.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui.store import _open_store
from canvas.blocks import WALK_ORDER
from data.store import Store
from tests.apptest import page_text, run_app
from tests.pg_outage import OwnServer

TEXT = "Werkgevers zoeken vakmensen"
AWAY = "De verbinding met de database is even weg; je tekst staat nog in het vak"
RAW_WORDS = ("psycopg", "sqlite3", "OperationalError", "SQL:", "server at", "Traceback")


def _participant(url: str) -> str:
    store = Store.open(url)
    workshop, _ = store.create_workshop(pps_name="PPS", title="Sessie")
    _, token = store.join(workshop.code, name="Fatima", role="onderwijs")
    store.engine.dispose()
    return token


def _notes(url: str) -> list[str]:
    store = Store.open(url)
    try:
        return [n.text for n in store.notes(store.workshops()[0].id)]
    finally:
        store.engine.dispose()


def _add(at: AppTest, text: str) -> AppTest:
    at.text_area(key="invullen_new").input(text)
    return at.button(key="invullen_toevoegen").click().run()


def _retry(at: AppTest) -> AppTest:
    """A run once the page's retry is due (it sends a waiting note again every ``RETRY_SECONDS``)."""
    time.sleep(2.1)
    return at.run()


def _messages(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in (*at.warning, *at.error, *at.success))


def _no_raw_words(at: AppTest) -> None:
    shown = page_text(at) + "\n".join(str(e.value) for e in at.exception)
    assert not any(word in shown for word in RAW_WORDS), shown


@pytest.fixture
def server() -> Iterator[OwnServer]:
    with OwnServer() as own:
        yield own


@pytest.mark.postgres  # a server of its own (tests/pg_outage.py)
def test_with_postgres_stopped_the_text_stays_in_the_box_and_lands_once_when_it_is_back(server, monkeypatch):
    url = server.new_database()
    monkeypatch.setenv("DATABASE_URL", url)
    token = _participant(url)
    at = run_app(page="invullen", p=token)
    _open_store(url).unavailable_seconds = 0.3  # the app's own store: hear it is away at once

    server.stop()
    _add(at, TEXT)
    assert not at.exception, at.exception
    assert AWAY in _messages(at)
    assert at.text_area(key="invullen_new").value == TEXT
    _no_raw_words(at)
    _retry(at)  # the page sends it again (every two seconds): still away, still in the box
    assert AWAY in _messages(at) and at.text_area(key="invullen_new").value == TEXT

    server.start()
    _retry(at)
    assert not at.exception, at.exception
    assert "De verbinding is terug: je notitie" in _messages(at)
    assert at.text_area(key="invullen_new").value == ""
    at.run()
    assert _notes(url) == [TEXT]


def test_with_sqlite_locked_for_long_the_text_stays_and_lands_once_when_free(db_path: Path, monkeypatch):
    monkeypatch.setattr("data.db.SQLITE_BUSY_TIMEOUT_MS", 100)
    url = f"sqlite:///{db_path}"
    token = _participant(url)
    at = run_app(page="invullen", p=token)
    _open_store(url).retry_seconds = 0.3

    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    _add(at, TEXT)
    assert not at.exception, at.exception
    assert "De database is even erg druk" in _messages(at) and "Je tekst staat nog in het vak" in _messages(at)
    assert at.text_area(key="invullen_new").value == TEXT
    _no_raw_words(at)
    holder.execute("ROLLBACK")
    holder.close()
    _retry(at)
    assert "De verbinding is terug: je notitie" in _messages(at)
    assert at.text_area(key="invullen_new").value == ""
    assert _notes(url) == [TEXT]


@pytest.mark.skipif(os.geteuid() != 0, reason="mounts a small tmpfs: needs root")
def test_with_the_sqlite_disk_full_the_text_stays_and_lands_once_there_is_room(tmp_path: Path, monkeypatch):
    folder = tmp_path / "klein"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], check=True)
    try:
        monkeypatch.setenv("PPS_CANVAS_DB", str(folder / "canvas.db"))
        monkeypatch.delenv("DATABASE_URL", raising=False)
        url = f"sqlite:///{folder / 'canvas.db'}"
        token = _participant(url)
        at = run_app(page="invullen", p=token)
        filler = folder / "vol"
        with filler.open("wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        for n in range(40):  # the WAL may still have a page or two free
            _add(at, f"{TEXT} {n} " + "op een volle schijf " * 20)
            if at.warning:
                break
        assert not at.exception, at.exception
        assert "De schijf van de database is vol" in _messages(at)
        waiting = at.text_area(key="invullen_new").value
        assert waiting.startswith(TEXT)
        _no_raw_words(at)
        filler.unlink()
        _retry(at)
        assert at.text_area(key="invullen_new").value == ""
        assert _notes(url).count(waiting) == 1
        assert all(WALK_ORDER[0] == n.block_id for n in Store.open(url).notes(1))
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.postgres  # a server of its own (tests/pg_outage.py)
def test_with_postgres_stopped_the_countdown_says_it_waits_instead_of_an_error_box(server, monkeypatch):
    url = server.new_database()
    monkeypatch.setenv("DATABASE_URL", url)
    store = Store.open(url)
    workshop, key = store.create_workshop(pps_name="PPS", title="Sessie")
    _, token = store.join(workshop.code, name="Fatima", role="onderwijs")
    store.start_timer(key, 5)
    store.engine.dispose()
    at = run_app(page="invullen", p=token)
    _open_store(url).unavailable_seconds = 0.3
    assert "voor de hele ronde" in page_text(at)  # the countdown is on the phone

    server.stop()
    at.run()
    assert not at.exception, at.exception
    assert "De klok wacht even op de database." in page_text(at)
    _no_raw_words(at)

    server.start()
    at.run()
    assert not at.exception, at.exception
    assert "De klok wacht" not in page_text(at) and "voor de hele ronde" in page_text(at)
