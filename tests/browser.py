"""Real-browser fixtures: a `streamlit run` server on a free port and Debian's Chromium via Playwright.

Browser downloads fail here, so Playwright launches the system Chromium (`/usr/bin/chromium`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from deploy.serve import streamlit_command

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("PPS_CANVAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Server:
    url: str
    db_path: Path
    process: subprocess.Popen

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.db_path}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    db_path: Path, *, env: dict[str, str] | None = None, timeout: float = 60, worker: str = "deploy.worker"
) -> Server:
    """Start the app with ``streamlit run`` on a free port and wait until it answers.

    ``worker`` is the module that starts it (a test may start it through a wrapper of ``deploy.worker``)."""
    port = _free_port()
    environ = {**os.environ, "PPS_CANVAS_DB": str(db_path), **(env or {})}
    if "DATABASE_URL" not in (env or {}):
        environ.pop("DATABASE_URL", None)
    command = streamlit_command(port)
    command[command.index("deploy.worker")] = worker
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return Server(url=url, db_path=db_path, process=process)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("streamlit did not start")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture
def app_server(tmp_path: Path) -> Iterator[Server]:
    """A fresh app on its own SQLite file (the demo workshops load on first start)."""
    server = start_server(tmp_path / "e2e.db")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=timeout,
    )
    page.wait_for_timeout(300)


def choose_option(page, combobox, option) -> None:
    """Open a selectbox and pick ``option`` (a name or a pattern), as a person does: the box is scrolled into
    view first. Streamlit's selectbox closes its list when the page scrolls while it opens, and Playwright's
    click scrolls a box at the edge of the window into view as part of the click, so the list would open and
    close at once."""
    combobox.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    combobox.click()
    page.get_by_role("option", name=option).click()


def screenshot(page, name: str) -> Path:
    """Keep a screenshot as a test artifact (``artifacts/`` is gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def made_and_downloaded(page, make_label: str, download_label: str, timeout: float = 60_000):
    """Click the button that makes a file (Exporteren, Community), then its download button: the Download."""
    page.get_by_role("button", name=make_label).click(timeout=timeout)
    download_button = page.get_by_role("button", name=download_label)
    download_button.wait_for(timeout=timeout)
    with page.expect_download(timeout=timeout) as info:
        download_button.click()
    return info.value


def wait_for_text(page, text: str, *, name: str, timeout: float = 30_000) -> None:
    """Wait until ``text`` is visible on the page; if it never comes, fail with what the page showed instead
    (and keep a screenshot as ``artifacts/<name>.png``), so a failure in CI says what the user saw."""
    try:
        page.get_by_text(text).first.wait_for(timeout=timeout)
    except Exception:
        screenshot(page, name)
        shown = page.locator('[data-testid="stMain"]').inner_text(timeout=5_000)[:1_500]
        raise AssertionError(f"{text!r} did not appear on {page.url}; the page showed:\n{shown}") from None
