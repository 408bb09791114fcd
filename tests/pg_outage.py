"""PostgreSQL going away at the worst moment, with real parts: a proxy on the wire and a server of the test's own.

``CommitReplyLost``: a TCP proxy between the store and the server. Armed, it forwards the next ``COMMIT`` to
the server, waits for the server's reply, and closes both ends instead of relaying it: the write landed but
the store cannot know. ``OwnServer``: a throwaway server (as ``tests/postgres.py``) that a test may stop,
start again or kill with ``kill -9``, without touching the session's shared server.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from sqlalchemy.engine import make_url

from tests.postgres import _as_postgres, _bin, new_database

__all__ = ["CommitReplyLost", "OwnServer"]

# psycopg sends a commit as a simple query: 'Q', the length, then the text with a NUL.
_COMMIT = b"COMMIT\x00"


class CommitReplyLost:
    """A proxy to the server of ``url``; ``url`` of the proxy itself is ``.url``."""

    def __init__(self, url: str) -> None:
        target = make_url(url)
        self._upstream = (target.host or "127.0.0.1", target.port or 5432)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = target.set(host="127.0.0.1", port=self._listener.getsockname()[1]).render_as_string(
            hide_password=False
        )
        self._armed = threading.Event()
        self._then: Callable[[], None] | None = None
        self.lost = 0
        self._closing = False
        self._sockets: list[socket.socket] = []

    def lose_next_commit_reply(self, *, then: Callable[[], None] | None = None) -> None:
        """Lose the reply of the next COMMIT; ``then`` runs after the server answered, before the drop."""
        self._then = then
        self._armed.set()

    def __enter__(self) -> CommitReplyLost:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *_exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self._closing = True
        self._listener.close()
        for s in self._sockets:
            _close(s)

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self._upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                _close(client)  # the server is down: the store sees a connection that closes at once
                continue
            self._sockets += [client, server]
            dropping = threading.Event()
            threading.Thread(target=self._to_server, args=(client, server, dropping), daemon=True).start()
            threading.Thread(target=self._to_client, args=(server, client, dropping), daemon=True).start()

    def _to_server(self, client: socket.socket, server: socket.socket, dropping: threading.Event) -> None:
        while (chunk := _recv(client)) is not None:
            if self._armed.is_set() and _COMMIT in chunk:
                self._armed.clear()
                dropping.set()
            try:
                server.sendall(chunk)
            except OSError:
                break
        _close(server)

    def _to_client(self, server: socket.socket, client: socket.socket, dropping: threading.Event) -> None:
        while (chunk := _recv(server)) is not None:
            if dropping.is_set():
                # The server answered the COMMIT: it is durable there. The store never hears it.
                if self._then is not None:
                    self._then()
                self.lost += 1
                break
            try:
                client.sendall(chunk)
            except OSError:
                break
        _close(client)
        _close(server)


def _recv(s: socket.socket) -> bytes | None:
    try:
        chunk = s.recv(65536)
    except OSError:
        return None
    return chunk or None


def _close(s: socket.socket) -> None:
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()


class OwnServer:
    """A PostgreSQL server in a temporary folder on a free loopback port, to stop, start and kill."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pps-pg-own-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"postgresql+psycopg://pps@127.0.0.1:{self.port}"

    def __enter__(self) -> OwnServer:
        subprocess.run(
            _as_postgres([_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "pps", "--no-sync", "-E", "UTF8"]),
            check=True,
            capture_output=True,
        )
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def new_database(self) -> str:
        return new_database(self.base)

    def start(self) -> None:
        # fsync stays on (the default): what the server acknowledged must survive kill -9 for real.
        options = f"-h 127.0.0.1 -p {self.port} -k {self.folder}"
        done = subprocess.run(
            _as_postgres(
                [_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"]
            ),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            log = (self.folder / "log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"PostgreSQL did not start: {done.stdout}{done.stderr}\n{log}")

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]), capture_output=True
        )

    def kill(self) -> None:
        """``kill -9`` of the postmaster and every process it started (by pid, read from postmaster.pid)."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = [pid for pid in _pids() if _parent(pid) == postmaster]
        for pid in [postmaster, *children]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in [postmaster, *children]:
            _wait_gone(pid)
        # A killed postmaster can stay a zombie here (nobody reaps orphans in this container), and PostgreSQL
        # takes a live pid in its lock files for a running server: they go, as an operator would remove them.
        for lock in (self.data / "postmaster.pid", self.folder / f".s.PGSQL.{self.port}.lock"):
            lock.unlink(missing_ok=True)


def _pids() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        stat = Path(f"/proc/{pid}/stat")
        try:
            state = stat.read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return
        if state == "Z":  # a zombie: dead, waiting for its parent (pg_ctl's shell is gone; init reaps it)
            return
        time.sleep(0.02)
