"""Save latency, freshness and the cost of an open board, against `make serve` (nginx + N Streamlit workers).

Every figure goes through nginx (``deploy/serve.py``, the same launcher and configuration as ``make serve``)
on a fresh SQLite file, with 1 worker and with 2 workers in the same run, so the two can be compared.

Save latency: N virtual participants (``benchmarks.virtual``, Streamlit's websocket protocol) are each on
their Invullen page at once and save notes through the page's own form; the time is from sending the click
until the server reports the script run finished (the moment the browser would show "opgeslagen"). The
clock starts once every participant has the page open (a room joins over minutes; since 2026-12-01 evening,
before that the first saves overlapped with everybody's page load). Each participant then saves a note every
2 to 6 seconds (THINK_SECONDS), starting at a random moment: writing a sticky note takes a person well over
ten seconds, so this is a room at least twice as busy as a real one. ``burst`` is the worst case: everybody
clicks within the same 50 ms, again and again.

Freshness: a real Chromium shows the projector board; a virtual participant saves a note; the time is from
the server's acknowledgement until the note's text is on the projector.

Idle board: N virtual projector boards stay open on /canvas (their timed fragments rerun on the browser's
timer, as in a real tab) while nothing is written; the CPU time of the server's processes (workers and
nginx, utime + stime from /proc) over that time, minus the same processes' CPU with no board open, divided
by N: the share of one core that one open board costs.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.virtual import VirtualParticipant, text_state, trigger_state
from data.store import Store
from tests.browser import CHROMIUM, CHROMIUM_ARGS, ROOT

THINK_SECONDS = (2.0, 6.0)
NEW_TEXT_KEY = "invullen_new"
ADD_BUTTON_KEY = "invullen_toevoegen"
NEXT_BUTTON_KEY = "invullen_volgende"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def _participant(
    base_url: str,
    token: str,
    saves: int,
    latencies: list[float],
    label: str,
    think: tuple[float, float],
    everyone_in: asyncio.Barrier,
) -> None:
    vp = VirtualParticipant(base_url)
    await vp.connect()
    try:
        await vp.run(query=f"p={token}", page_name="invullen")
        # The clock starts when the whole room has its page open: a room joins over minutes, and the target is
        # about saving (a burst is 100 *clicks* within 50 ms, not 100 page loads).
        await everyone_in.wait()
        await asyncio.sleep(random.uniform(0, think[1]))
        for n in range(saves):
            if n or think[0]:  # a burst: the first click right at its moment within the 50 ms
                await asyncio.sleep(random.uniform(*think))
            states = [
                text_state(vp.widget(NEW_TEXT_KEY), f"{label} notitie {n}"),
                trigger_state(vp.widget(ADD_BUTTON_KEY)),
            ]
            result = await vp.run(
                query=f"p={token}",
                page_name="invullen",
                widget_states=states,
                fragment_id=vp.fragments.get(ADD_BUTTON_KEY, ""),
            )
            if result.exception:
                raise RuntimeError(result.exception)
            latencies.append(result.seconds)
    finally:
        await vp.close()


def save_latency(
    base_url: str, store: Store, code: str, concurrent: int, saves: int = 4, *, burst: bool = False
) -> dict[str, float]:
    tokens = [store.join(code, name=f"Virtueel {concurrent}-{i}", role="onderwijs")[1] for i in range(concurrent)]
    latencies: list[float] = []
    think = (0.0, 0.05) if burst else THINK_SECONDS

    async def main() -> None:
        everyone_in = asyncio.Barrier(concurrent)
        await asyncio.gather(
            *(
                _participant(base_url, t, saves, latencies, f"c{concurrent}-p{i}", think, everyone_in)
                for i, t in enumerate(tokens)
            )
        )

    started = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - started
    saved = sum(len(store.own_notes(t)) for t in tokens)
    if saved != concurrent * saves:
        raise AssertionError(f"{concurrent * saves} saves sent, {saved} notes stored")
    return {
        "participants": concurrent,
        "burst": burst,
        "saves": len(latencies),
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "max_ms": max(latencies) * 1000,
        "wall_s": elapsed,
    }


def cpu_per_save(base_url: str, launcher_pid: int, store: Store, code: str, saves: int = 40) -> dict[str, float]:
    """Server CPU (workers and nginx) per save, one participant saving alone, one save after the other.

    The figure that explains a burst: N clicks on W workers cannot all be answered before
    N × this / W seconds, however the work is queued (one worker runs Python on one core at a time).
    """
    _, token = store.join(code, name="Virtueel alleen", role="ondernemer")
    pids = _descendants(launcher_pid)
    used: list[float] = []

    async def main() -> None:
        vp = VirtualParticipant(base_url)
        await vp.connect()
        try:
            await vp.run(query=f"p={token}", page_name="invullen")
            for n in range(saves):
                # A fresh participant's few notes in one block, as in the room: every fourth save moves on.
                if n and n % 4 == 0:
                    await vp.run(
                        query=f"p={token}",
                        page_name="invullen",
                        widget_states=[trigger_state(vp.widget(NEXT_BUTTON_KEY))],
                        fragment_id=vp.fragments.get(NEXT_BUTTON_KEY, ""),
                    )
                states = [text_state(vp.widget(NEW_TEXT_KEY), f"alleen {n}"), trigger_state(vp.widget(ADD_BUTTON_KEY))]
                before = cpu_seconds(pids)
                await vp.run(
                    query=f"p={token}",
                    page_name="invullen",
                    widget_states=states,
                    fragment_id=vp.fragments.get(ADD_BUTTON_KEY, ""),
                )
                used.append(cpu_seconds(pids) - before)
        finally:
            await vp.close()

    asyncio.run(main())
    return {"saves": saves, "cpu_ms_per_save": statistics.mean(used) * 1000}


def freshness(base_url: str, store: Store, rounds: int = 20) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    workshop, key = store.create_workshop(pps_name="Bench", title="Versheid")
    store.set_revealed(key, True)
    _, token = store.join(workshop.code, name="Virtueel", role="overheid")
    delays: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{base_url}/canvas?key={key}")
        page.get_by_text("Sociaal probleem / Sociale behoefte").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        for n in range(rounds):
            text = f"versheid-{n}-{random.randrange(10**6)}"

            async def save(text: str = text) -> None:
                vp = VirtualParticipant(base_url)
                await vp.connect()
                await vp.run(query=f"p={token}", page_name="invullen")
                states = [text_state(vp.widget(NEW_TEXT_KEY), text), trigger_state(vp.widget(ADD_BUTTON_KEY))]
                await vp.run(
                    query=f"p={token}",
                    page_name="invullen",
                    widget_states=states,
                    fragment_id=vp.fragments.get(ADD_BUTTON_KEY, ""),
                )
                await vp.close()

            # Playwright's sync API owns this thread's event loop; the save runs on its own thread.
            with ThreadPoolExecutor(1) as pool:
                pool.submit(asyncio.run, save()).result()
            acknowledged = time.perf_counter()
            page.get_by_text(text).first.wait_for(timeout=30_000)
            delays.append(time.perf_counter() - acknowledged)
            page.wait_for_timeout(random.uniform(200, 1500))
        browser.close()
    return {
        "rounds": rounds,
        "median_s": statistics.median(delays),
        "p95_s": percentile(delays, 95),
        "max_s": max(delays),
    }


def _free_base_port(count: int) -> int:
    for _ in range(200):
        base = random.randrange(20_000, 40_000)
        with contextlib.ExitStack() as stack:
            try:
                for port in range(base, base + count):
                    stack.enter_context(socket.socket()).bind(("127.0.0.1", port))
            except OSError:
                continue
            return base
    raise RuntimeError("no free ports")


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def cpu_seconds(pids: set[int]) -> float:
    """utime + stime of these processes, in seconds."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serve(workers: int, folder: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``make serve`` (deploy/serve.py) with ``workers`` workers on a fresh SQLite file, on loopback."""
    port = _free_base_port(workers + 1)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PPS_CANVAS_DB"] = str(folder / "load.db")
    command = [sys.executable, "-m", "deploy.serve", "--workers", str(workers), "--port", str(port)]
    command += ["--address", "127.0.0.1", "--run-dir", str(folder / "run")]
    launcher = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if launcher.poll() is not None or time.monotonic() > deadline:
            launcher.kill()
            raise RuntimeError("make serve did not start")
        time.sleep(0.3)
    try:
        yield url, launcher
    finally:
        launcher.send_signal(signal.SIGTERM)
        try:
            launcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            launcher.kill()


def idle_boards(base_url: str, launcher_pid: int, store: Store, boards: int, seconds: float) -> dict[str, float]:
    """The share of one core that one open, idle projector board costs the servers behind nginx."""
    workshop, key = store.create_workshop(pps_name="Bench", title="Open borden")
    _, token = store.join(workshop.code, name="Virtueel", role="ondernemer")
    for n in range(30):
        store.add_note(token, ("kosten", "oplossing", "kernactiviteiten")[n % 3], f"Notitie {n} op het bord")
    store.set_revealed(key, True)
    pids = _descendants(launcher_pid)
    before = cpu_seconds(pids)
    time.sleep(seconds)
    baseline = cpu_seconds(pids) - before
    reruns: list[int] = []

    async def main() -> float:
        clients = [VirtualParticipant(base_url) for _ in range(boards)]
        for client in clients:
            await client.connect()
            await client.run(query=f"key={key}", page_name="canvas")
        if not all(c.auto_reruns for c in clients):
            raise AssertionError("an open board has no timed fragment: it would never update")
        await asyncio.sleep(2)
        start = cpu_seconds(pids)
        reruns.extend(
            await asyncio.gather(*(c.stay_open(seconds, query=f"key={key}", page_name="canvas") for c in clients))
        )
        used = cpu_seconds(pids) - start
        for client in clients:
            await client.close()
        return used

    used = asyncio.run(main())
    per_board = max(0.0, used - baseline) / boards / seconds
    return {
        "boards": boards,
        "seconds": seconds,
        "cpu_s_with_boards": used,
        "cpu_s_baseline": baseline,
        "reruns_per_s": sum(reruns) / seconds,
        "per_board_core_pct": per_board * 100,
    }


def run(quick: bool = False) -> dict[str, object]:
    levels = (10, 20) if quick else (100, 200)
    burst = levels[0]
    configs = []
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            with serve(workers, folder) as (url, launcher):
                print(f"   {workers} worker(s) behind nginx ...", flush=True)
                store = Store.open(f"sqlite:///{folder / 'load.db'}")
                workshop, _ = store.create_workshop(pps_name="Bench", title="Belasting")
                entry: dict[str, object] = {"workers": workers}
                if workers == 1:
                    entry["cpu_per_save"] = cpu_per_save(url, launcher.pid, store, workshop.code)
                latency = [save_latency(url, store, workshop.code, n, saves=2 if quick else 4) for n in levels]
                latency.append(save_latency(url, store, workshop.code, burst, saves=2, burst=True))
                entry["save_latency"] = latency
                if workers == 2:
                    entry["freshness"] = freshness(url, store, rounds=5 if quick else 20)
                    entry["idle_board"] = idle_boards(
                        url, launcher.pid, store, boards=5 if quick else 20, seconds=5 if quick else 20
                    )
                store.engine.dispose()
                configs.append(entry)
    return {"configs": configs}
