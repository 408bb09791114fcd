"""Where the database is, how to connect to it, and bringing its schema up to date with Alembic."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError

# Any failure of the database itself (unreachable, wrong URL, broken file), for callers outside data/ that must not
# import sqlalchemy: the command line reports it in one Dutch sentence.
DatabaseError = SQLAlchemyError

__all__ = ["DatabaseError", "database_url", "make_engine", "migrate", "schema_is_current"]

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_DIR / "pps_canvas.db"

# How long one SQLite connection waits for another writer before it reports "database is locked". The
# store retries on top of this (data.store._retrying), so a room full of writers queues instead of failing.
SQLITE_BUSY_TIMEOUT_MS = 5_000


def database_url(environ: dict[str, str] | None = None) -> str:
    """``DATABASE_URL`` if set, else SQLite at ``PPS_CANVAS_DB`` (default ``pps_canvas.db`` here)."""
    env = os.environ if environ is None else environ
    if env.get("DATABASE_URL"):
        return env["DATABASE_URL"]
    path = Path(env.get("PPS_CANVAS_DB") or DEFAULT_DB).expanduser().resolve()
    return f"sqlite:///{path}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and foreign keys on every connection."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - exercised via every test
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode: a commit survives the process being killed (the WAL is in the OS); only a
        # power cut can lose the last commits. tests/test_reliability.py kills writers to show this.
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    return engine


def _alembic_config(engine: Engine | None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "data:migrations")
    cfg.attributes["engine"] = engine
    return cfg


@functools.cache
def _heads() -> frozenset[str]:
    """The newest revision(s) of the migrations shipped with this code. Alembic finds them by loading every
    migration script; they do not change while the process runs, so that happens once, not per ``Store.open``."""
    return frozenset(ScriptDirectory.from_config(_alembic_config(None)).get_heads())


def schema_is_current(engine: Engine) -> bool:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads()) == _heads()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; an older database keeps all its rows."""
    if schema_is_current(engine):
        return
    try:
        command.upgrade(_alembic_config(engine), "head")
    except OperationalError:
        # Another process (a second app server, a parallel test worker) migrated at the same moment.
        if not schema_is_current(engine):
            raise
