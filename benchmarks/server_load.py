"""Save latency and freshness against the real running Streamlit server.

Save latency: N virtual participants (``benchmarks.virtual``, Streamlit's websocket protocol) are each on
their Invullen page at once and save notes through the page's own form; the time is from sending the click
until the server reports the script run finished (the moment the browser would show "opgeslagen"). Each
participant saves a note every 2 to 6 seconds (THINK_SECONDS), starting at a random moment: writing a
sticky note takes a person well over ten seconds, so this is a room at least twice as busy as a real one.
``burst`` is the worst case: everybody clicks within the same 50 ms, again and again.

Freshness: a real Chromium shows the projector board; a virtual participant saves a note; the time is from
the server's acknowledgement until the note's text is on the projector.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.virtual import VirtualParticipant, text_state, trigger_state
from data.store import Store
from tests.browser import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server

THINK_SECONDS = (2.0, 6.0)
NEW_TEXT_KEY = "invullen_new"
ADD_BUTTON_KEY = "invullen_toevoegen"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def _participant(
    base_url: str, token: str, saves: int, latencies: list[float], label: str, think: tuple[float, float]
) -> None:
    vp = VirtualParticipant(base_url)
    await vp.connect()
    try:
        await vp.run(query=f"p={token}", page_name="invullen")
        await asyncio.sleep(random.uniform(0, think[1]))
        for n in range(saves):
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
        await asyncio.gather(
            *(_participant(base_url, t, saves, latencies, f"c{concurrent}-p{i}", think) for i, t in enumerate(tokens))
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


def freshness(base_url: str, store: Store, rounds: int = 5) -> dict[str, float]:
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
    return {"rounds": rounds, "median_s": statistics.median(delays), "max_s": max(delays)}


def run(levels: tuple[int, ...] = (1, 10, 50, 100)) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder) / "load.db")
        try:
            store = Store.open(server.database_url)
            workshop, _ = store.create_workshop(pps_name="Bench", title="Belasting")
            latency = [save_latency(server.url, store, workshop.code, n) for n in levels]
            latency.append(save_latency(server.url, store, workshop.code, levels[-1], saves=2, burst=True))
            fresh = freshness(server.url, store)
        finally:
            stop_server(server)
    return {"save_latency": latency, "freshness": fresh}
