"""Store writes per second, as a ratio to raw ``sqlite3`` inserts into the same kind of file.

Both sides write the same notes one transaction per note (as a participant saves them), into a WAL-mode
file with ``synchronous=NORMAL``: the floor is what SQLite itself costs; the ratio is what the store adds
(validation, ORM, the version row, the change stamp, the retry wrapper).

On PostgreSQL (a throwaway server with fsync on, as a real one) the same saves run from one writer, from
WRITERS writers at once in one workshop (one room: every save also bumps that workshop's change stamp, so
they queue on its row), and from WRITERS writers in WRITERS workshops (rooms side by side): the figures that
say how many rooms one database carries (docs/benchmarks.md, "Beyond one machine").
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from data.store import Store


def raw_sqlite(path: Path, count: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, participant_id INT, block_id TEXT, text TEXT, ts TEXT)")
    conn.execute("CREATE TABLE note_version (id INTEGER PRIMARY KEY, note_id INT, version INT, text TEXT, ts TEXT)")
    started = time.perf_counter()
    for i in range(count):
        conn.execute("BEGIN")
        cur = conn.execute(
            "INSERT INTO note (participant_id, block_id, text, ts) VALUES (?, ?, ?, datetime('now'))",
            (1, "kosten", f"notitie {i}"),
        )
        conn.execute(
            "INSERT INTO note_version (note_id, version, text, ts) VALUES (?, 1, ?, datetime('now'))",
            (cur.lastrowid, f"notitie {i}"),
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return count / elapsed


def store_writes(path: Path, count: int) -> float:
    store = Store.open(f"sqlite:///{path}")
    workshop, _ = store.create_workshop(pps_name="Bench", title="Schrijven")
    _, token = store.join(workshop.code, name="Bench", role="ondernemer")
    started = time.perf_counter()
    for i in range(count):
        store.add_note(token, "kosten", f"notitie {i}")
    elapsed = time.perf_counter() - started
    store.engine.dispose()
    return count / elapsed


WRITERS = 8


def postgres_writes(url: str, count: int, writers: int, *, rooms: int = 1) -> float:
    """Saves per second on PostgreSQL: ``writers`` participants spread over ``rooms`` workshops save at once."""
    store = Store.open(url)
    codes = [store.create_workshop(pps_name="Bench", title=f"Schrijven {r}")[0].code for r in range(rooms)]
    tokens = [store.join(codes[i % rooms], name=f"Bench {i}", role="ondernemer")[1] for i in range(writers)]
    each = max(1, count // writers)

    def write(token: str) -> None:
        for i in range(each):
            store.add_note(token, "kosten", f"notitie {i}")

    started = time.perf_counter()
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(write, tokens))
    elapsed = time.perf_counter() - started
    store.engine.dispose()
    return each * writers / elapsed


def run(count: int = 2_000) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        raw = raw_sqlite(Path(folder) / "raw.db", count)
        ours = store_writes(Path(folder) / "store.db", count)
    result = {"notes": count, "raw_sqlite_per_s": raw, "store_per_s": ours, "ratio_store_to_raw": ours / raw}
    try:
        from tests.postgres import new_database, throwaway_server
    except ImportError:  # pragma: no cover - tests/ not shipped
        return result
    try:
        with throwaway_server(fsync=True) as server:
            result["postgresql_1_writer_per_s"] = postgres_writes(new_database(server), count, 1)
            result["postgresql_writers"] = WRITERS
            result[f"postgresql_{WRITERS}_writers_per_s"] = postgres_writes(new_database(server), count, WRITERS)
            result[f"postgresql_{WRITERS}_rooms_per_s"] = postgres_writes(
                new_database(server), count, WRITERS, rooms=WRITERS
            )
    except (RuntimeError, OSError) as error:  # PostgreSQL not installed: the SQLite figures still stand
        result["postgresql_error"] = str(error)
    return result
