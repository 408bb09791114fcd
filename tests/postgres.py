"""A throwaway PostgreSQL server on loopback (Debian's ``postgresql``), one fresh database per test.

The server lives in a temporary folder and listens on 127.0.0.1 on a free port only; it is stopped at the
end of the session. ``.ci/run`` installs the package where it is missing.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

_counter = itertools.count()


def _bin(name: str) -> str:
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; CI runs as root, developers may not.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def throwaway_server(*, fsync: bool = False) -> Iterator[str]:
    """Start PostgreSQL in a temporary folder on a free loopback port; yields its base URL (no database name).

    Tests run with ``fsync=off`` (nothing to keep); benchmarks/store_writes.py asks for ``fsync=True`` so
    its writes per second are those of a real server.
    """
    folder = Path(tempfile.mkdtemp(prefix="pps-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(
        _as_postgres([_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "pps", "--no-sync", "-E", "UTF8"]),
        check=True,
        capture_output=True,
    )
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync={'on' if fsync else 'off'} -c max_connections=200"
    subprocess.run(
        _as_postgres([_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    base = f"postgresql+psycopg://pps@127.0.0.1:{port}"
    try:
        yield base
    finally:
        subprocess.run(_as_postgres([_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def new_database(server: str) -> str:
    """A URL of a new, empty database on this server."""
    name = f"t{os.getpid()}_{next(_counter)}_{int(time.time() * 1000) % 100000}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{server}/{name}"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The base URL (no database name) of a PostgreSQL server started for this test session."""
    with throwaway_server() as base:
        yield base


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A URL of a new, empty database on the session's PostgreSQL server."""
    return new_database(postgres_server)
