"""Store writes per second, as a ratio to raw ``sqlite3`` inserts into the same kind of file.

Both sides write the same notes one transaction per note (as a participant saves them), into a WAL-mode
file with ``synchronous=NORMAL``: the floor is what SQLite itself costs; the ratio is what the store adds
(validation, ORM, the version row, the retry wrapper).
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
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


def run(count: int = 2_000) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        raw = raw_sqlite(Path(folder) / "raw.db", count)
        ours = store_writes(Path(folder) / "store.db", count)
    return {"notes": count, "raw_sqlite_per_s": raw, "store_per_s": ours, "ratio_store_to_raw": ours / raw}
