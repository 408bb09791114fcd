"""`make serve`: two Streamlit workers behind nginx on one port, on SQLite and on PostgreSQL.

A participant's browser stays on one worker across reloads (nginx's sticky cookie; every response names its
worker in ``X-PPS-Worker``), a note saved through one worker is on a board served by the other within two
seconds (both read the same database; the board polls the change stamp every second), and stopping
``make serve`` with SIGTERM leaves none of the processes it started.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from data.store import Store
from deploy.serve import find_nginx, render_config
from tests.browser import ROOT, screenshot, wait_for_app

pytestmark = pytest.mark.browser

WORKERS = 2


def _free_ports(count: int) -> int:
    """A port such that it and the next ``count - 1`` are free on loopback."""
    for _ in range(200):
        base = random.randrange(20_000, 40_000)
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free ports")


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_path / 'zaal.db'}"


def _start(database_url: str, tmp_path: Path) -> tuple[subprocess.Popen, str]:
    port = _free_ports(WORKERS + 1)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PPS_CANVAS_DB")}
    if database_url.startswith("sqlite"):
        env["PPS_CANVAS_DB"] = database_url.removeprefix("sqlite:///")
    else:
        env["DATABASE_URL"] = database_url
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - make keeps writing to it
    # -o: the virtualenv running this test is the one to use; make must not try to reinstall it.
    make = subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            "-o",
            ".venv/.installed",
            "serve",
            f"PORT={port}",
            f"WORKERS={WORKERS}",
            f"PY={sys.executable}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while not _healthy(url):
        if make.poll() is not None or time.monotonic() > deadline:
            make.kill()
            pytest.fail("make serve did not start:\n" + (tmp_path / "serve.log").read_text(errors="replace"))
        time.sleep(0.3)
    return make, url


def test_two_workers_behind_nginx_share_one_room_and_stop_together(database_url, tmp_path, chromium):
    make, url = _start(database_url, tmp_path)
    started = _descendants(make.pid)
    try:
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in started if _alive(pid)]
        assert sum(b"deploy.worker\x00run" in c for c in commands) == WORKERS
        assert any(c.startswith(b"nginx: master") or b"/nginx\x00" in c for c in commands)

        store = Store.open(database_url)
        workshop, key = store.create_workshop(pps_name="Lerende community", title="Zaal van 200")
        _, token = store.join(workshop.code, name="Sanne", role="overheid", organisation="Gemeente Dronten")
        store.set_revealed(key, True)

        # The participant's browser: every reload lands on the same worker.
        phone = chromium.new_context(viewport={"width": 390, "height": 844})
        participant = phone.new_page()
        served = {participant.goto(f"{url}/invullen?p={token}").headers["x-pps-worker"]}
        participant.get_by_label("Nieuwe notitie").wait_for(timeout=60_000)
        for _ in range(3):
            served.add(participant.reload().headers["x-pps-worker"])
            participant.get_by_label("Nieuwe notitie").wait_for(timeout=60_000)
        served.add(phone.request.get(f"{url}/_stcore/health").headers["x-pps-worker"])
        assert len(served) == 1, served
        (participant_worker,) = served

        # A projector that nginx sent to the other worker (each new browser gets its own random cookie).
        for _ in range(30):
            projector = chromium.new_context(viewport={"width": 1280, "height": 720})
            board = projector.new_page()
            board_worker = board.goto(f"{url}/canvas?key={key}").headers["x-pps-worker"]
            if board_worker != participant_worker:
                break
            projector.close()
        assert board_worker != participant_worker, "nginx sent 30 new browsers to the same worker"
        wait_for_app(board, timeout=60_000)
        board.get_by_text("Sociaal probleem / Sociale behoefte").first.wait_for(timeout=60_000)
        board.wait_for_timeout(1_500)

        text = "Via de ene werker opgeslagen, op het bord van de andere"
        participant.get_by_label("Nieuwe notitie").fill(text)
        participant.get_by_role("button", name="Notitie toevoegen").click()
        participant.get_by_text(text).first.wait_for(timeout=30_000)
        saved = time.perf_counter()
        board.locator('[class*="st-key-note-overheid-"]').filter(has_text=text).first.wait_for(timeout=2_000)
        assert time.perf_counter() - saved <= 2.5
        assert [n.text for n in store.notes(workshop.id)] == [text]
        screenshot(board, f"serve-board-{database_url.split(':')[0]}")
        phone.close()
        projector.close()
        store.engine.dispose()
    finally:
        # SIGTERM to make alone, as a service manager or `kill` would send it: make passes it on.
        make.send_signal(signal.SIGTERM)
        try:
            make.wait(timeout=60)
        except subprocess.TimeoutExpired:
            make.kill()
            raise
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in started if _alive(pid)]
    assert left == [], f"processes left behind: {left}"
    assert not _healthy(url)
    log = (tmp_path / "serve.log").read_text(errors="replace")
    assert "met 2 werker(s) achter nginx" in log and "alle processen zijn beëindigd" in log


def test_the_nginx_configuration_names_every_worker_and_keeps_websockets_and_stickiness(tmp_path):
    conf = render_config(listen="0.0.0.0:8501", worker_ports=[8502, 8503, 8504], run_dir=tmp_path)
    for port in (8502, 8503, 8504):
        assert f"server 127.0.0.1:{port} " in conf
    assert "listen 0.0.0.0:8501;" in conf
    assert "hash $pps_sticky consistent;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    directives = [line.split("#")[0] for line in conf.splitlines()]
    assert f"pid {tmp_path}/nginx.pid;" in conf
    assert not any("/var/" in d or "/etc/" in d for d in directives)
    path = tmp_path / "nginx.conf"
    path.write_text(conf)
    # nginx itself accepts the file (syntax, and that every temp path and the pid file are writable here).
    check = subprocess.run(
        [find_nginx(), "-t", "-q", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr


def test_the_worker_turns_nagle_off_on_every_connection_streamlit_accepts():
    """Streamlit's server leaves Nagle's algorithm on: every rerun's frames after the first then waited for the
    browser's (or nginx's) delayed acknowledgement, 40 ms per click. ``deploy.worker`` sets ``TCP_NODELAY``."""
    from streamlit.web.server.starlette import starlette_server

    from deploy.worker import nodelay_listening_sockets

    original = starlette_server._bind_socket
    try:
        assert nodelay_listening_sockets(), "this Streamlit no longer binds its sockets in _bind_socket"
        listener = starlette_server._bind_socket("127.0.0.1", 0, 8)
        with listener, socket.create_connection(listener.getsockname()):
            listener.setblocking(True)
            accepted, _ = listener.accept()
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY), "Nagle is still on"
    finally:
        starlette_server._bind_socket = original
