"""What a failure of the database means for the person who clicked: worth waiting for, or to report at once.

Every error of the driver that could leave the store becomes one of the store's errors (``data.errors``), a
Dutch sentence; nobody sees a raw ``psycopg`` or ``sqlite3`` message. ``classify`` sorts them:

- ``BUSY``: another writer holds the lock (SQLite), a deadlock or serialization failure (PostgreSQL). The
  transaction was rolled back; running it again is safe.
- ``AWAY``: the connection failed or broke (server stopped, restarted, network gone). Before the commit
  nothing was written; during the commit the outcome is unknown, and only a write with a request key
  (``data.receipts``) may be sent again.
- ``FULL`` and ``READ_ONLY``: the database refuses writes until someone acts; waiting a few seconds in the
  store would not help, so they are reported at once (the page may keep the text and try later).
- ``OTHER``: anything else (a bug, a broken schema): reported at once, in Dutch, the cause in the log.
"""

from __future__ import annotations

import enum
import logging
import os

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from data.errors import StoreBusy, StoreError, StoreFull, StoreReadOnly, StoreUnavailable

__all__ = ["AWAY_MESSAGE", "Failure", "classify", "in_dutch"]

_log = logging.getLogger("pps_canvas.store")

BUSY_MESSAGE = "De database is even erg druk; je tekst is niet opgeslagen. Probeer het zo opnieuw."
AWAY_MESSAGE = "De verbinding met de database is even weg; er is niets opgeslagen. Probeer het zo opnieuw."
UNSURE_MESSAGE = (
    "De verbinding met de database viel weg terwijl we opsloegen; misschien is het bewaard. "
    "Kijk dat na voordat je het opnieuw doet."
)
FULL_MESSAGE = (
    "De schijf van de database is vol; er is niets opgeslagen. Vraag de beheerder om ruimte te maken en "
    "probeer het dan opnieuw."
)
READ_ONLY_MESSAGE = (
    "De database kan nu niets opslaan (hij staat op alleen-lezen); er is niets opgeslagen. "
    "Vraag de beheerder en probeer het dan opnieuw."
)
OTHER_MESSAGE = (
    "Er ging iets mis in de database; er is niets opgeslagen. Probeer het opnieuw; blijft het misgaan, "
    "vraag dan de beheerder."
)

# SQLSTATE classes and codes of PostgreSQL (appendix A of its manual).
_PG_BUSY = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available
_PG_FULL = {"53100"}  # disk full
_PG_READ_ONLY = {"25006"}  # read-only transaction (a standby, or default_transaction_read_only)
_PG_AWAY_CLASSES = ("08", "57")  # connection exception; operator intervention (shutdown, cannot connect now)


class Failure(enum.Enum):
    BUSY = "busy"
    AWAY = "away"
    FULL = "full"
    READ_ONLY = "read_only"
    OTHER = "other"


def classify(error: SQLAlchemyError, *, sqlite_file: str | None = None) -> Failure:
    """What kind of failure this error of SQLAlchemy (or of the driver under it) is.

    ``sqlite_file``: the database file, for SQLite. Its "unable to open database file" means a read-only
    file or folder when that is what the file system says (SQLite in WAL mode cannot even read there: it
    needs its ``-shm`` file), else that the file or its folder went away.
    """
    if isinstance(error, PoolTimeout):
        return Failure.BUSY
    if not isinstance(error, DBAPIError):
        return Failure.OTHER
    orig = error.orig
    sqlstate = getattr(orig, "sqlstate", None) or ""
    message = str(orig if orig is not None else error).lower()
    if sqlstate in _PG_FULL or "disk is full" in message or "no space left" in message:
        return Failure.FULL
    if sqlstate in _PG_READ_ONLY or "readonly database" in message or "read-only" in message:
        return Failure.READ_ONLY
    if sqlstate in _PG_BUSY or "database is locked" in message or "database is busy" in message:
        return Failure.BUSY
    if error.connection_invalidated or sqlstate.startswith(_PG_AWAY_CLASSES):
        return Failure.AWAY
    if isinstance(error, OperationalError | InterfaceError):
        if type(orig).__module__.startswith("sqlite3"):
            if "unable to open" in message and sqlite_file and _read_only(sqlite_file):
                return Failure.READ_ONLY
            # "unable to open database file", "disk I/O error": the file or its folder went away.
            return Failure.AWAY if "unable to open" in message or "disk i/o" in message else Failure.OTHER
        # psycopg reports a refused or broken connection as OperationalError without a SQLSTATE.
        return Failure.AWAY if not sqlstate else Failure.OTHER
    return Failure.OTHER


def _read_only(path: str) -> bool:
    """The file, or the folder it would be made in, cannot be written (``os.access`` also sees a read-only mount)."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return True
    return os.path.isdir(folder) and not os.access(folder, os.W_OK)


def in_dutch(error: SQLAlchemyError, *, unsure: bool = False, sqlite_file: str | None = None) -> StoreError:
    """The store's error, a Dutch sentence, for this failure; the driver's error goes to the server's log.

    Raise it ``from None``: Streamlit shows the chain of an uncaught exception (a fragment that reads while
    the database is away), and the driver's message, with host and port, is not for the room's screens.
    """
    failure = classify(error, sqlite_file=sqlite_file)
    # One line for the server's log, with the driver's own first line (host, port, SQLSTATE...).
    driver = str(error.orig if isinstance(error, DBAPIError) and error.orig is not None else error)
    _log.warning("database %s: %s: %s", failure.value, type(error).__name__, driver.strip().splitlines()[0][:500])
    if failure is Failure.BUSY:
        return StoreBusy(BUSY_MESSAGE)
    if failure is Failure.AWAY:
        return StoreUnavailable(UNSURE_MESSAGE if unsure else AWAY_MESSAGE)
    if failure is Failure.FULL:
        return StoreFull(FULL_MESSAGE)
    if failure is Failure.READ_ONLY:
        return StoreReadOnly(READ_ONLY_MESSAGE)
    return StoreError(OTHER_MESSAGE)
