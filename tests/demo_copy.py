"""``load_demo`` and ``load_demo_with_community`` for tests that need the demo as their starting point.

Loading the four demo cases is some 490 transactions (two to three seconds of CPU); about forty tests on SQLite
start from it. The first such test in a session (per xdist worker) loads the demo for real with ``demo``'s own
functions and keeps a copy of the resulting database; later tests get that copy written into their own, still
empty, SQLite database with SQLite's backup API, and the facilitator and coordinator keys of that load.

Only an empty SQLite database gets the copy; on PostgreSQL, or when the test wrote something first, the real
function runs. Tests of the demo loading itself (tests/test_store.py, tests/test_community_store.py) import
from ``demo``.
"""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlmodel import SQLModel

import data.tables  # noqa: F401  (the tables on SQLModel.metadata)
import demo
from data.store import Store

__all__ = ["load_demo", "load_demo_with_community"]

# Per function: the database it made (kept in memory, for this process only) and what it returned.
_copies: dict[str, tuple[sqlite3.Connection, Any]] = {}


def _is_empty(store: Store) -> bool:
    with store.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if conn.execute(select(func.count()).select_from(table)).scalar_one():
                return False
    return True


def _loaded(store: Store, load: Callable[[Store], Any]) -> Any:
    if store.engine.dialect.name != "sqlite" or not _is_empty(store):
        return load(store)
    name = load.__name__
    raw = store.engine.raw_connection()
    try:
        if name not in _copies:
            result = load(store)
            kept = sqlite3.connect(":memory:")
            raw.driver_connection.backup(kept)
            _copies[name] = (kept, result)
        else:
            kept, result = _copies[name]
            kept.backup(raw.driver_connection)
    finally:
        raw.close()
    return copy.deepcopy(result)


def load_demo(store: Store) -> dict[str, str]:
    """What ``demo.load_demo`` makes, and its ``{code: facilitator key}``."""
    return _loaded(store, demo.load_demo)


def load_demo_with_community(store: Store) -> tuple[dict[str, str], str | None]:
    """What ``demo.load_demo_with_community`` makes, and its facilitator keys and coordinator key."""
    return _loaded(store, demo.load_demo_with_community)
