"""Projector render time for a full room (100 participants × 18 blocks × 3 notes = 5,400 notes).

Measured with Streamlit's own script runner (AppTest): one full run of the Canvas page, as the facilitator's
projector does on every refresh, against a bare page that draws the same number of note elements (a
container with a caption and a text each) with no database and no layout. The bare page is the floor
Streamlit itself sets; the ratio is what PPS Canvas adds. Browser painting is not included on either side.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import textwrap
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from canvas.blocks import BLOCKS
from data.store import Store

ROOT = Path(__file__).resolve().parents[1]

BARE_PAGE = textwrap.dedent(
    """
    import streamlit as st
    N = {count}
    for i in range(N):
        with st.container(key=f"note-{{i}}"):
            st.caption(f"Ondernemer · Deelnemer {{i % 100}}")
            st.markdown(f"Notitie nummer {{i}} over kosten en baten")
    """
)


def fill(store: Store, participants: int = 100, per_block: int = 3) -> tuple[str, str, int]:
    workshop, key = store.create_workshop(pps_name="Bench", title="Volle zaal")
    roles = ["ondernemer", "overheid", "onderwijs", "projectleider", "overig"]
    for p in range(participants):
        _, token = store.join(workshop.code, name=f"Deelnemer {p}", role=roles[p % len(roles)])
        for blk in BLOCKS:
            for n in range(per_block):
                store.add_note(token, blk.id, f"Notitie {n} van deelnemer {p} in {blk.title}")
    store.set_revealed(key, True)
    return workshop.code, key, participants * len(BLOCKS) * per_block


def _time(at_factory, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        at = at_factory()
        started = time.perf_counter()
        at.run(timeout=300)
        times.append(time.perf_counter() - started)
        assert not at.exception, at.exception
    return times


def run(repeat: int = 3) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        os.environ["PPS_CANVAS_DB"] = str(db)
        os.environ.pop("DATABASE_URL", None)
        store = Store.open(f"sqlite:///{db}")
        code, key, count = fill(store)
        bare_script = Path(folder) / "bare.py"
        bare_script.write_text(BARE_PAGE.format(count=count))

        def board() -> AppTest:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
            at.query_params["key"] = key
            at.switch_page("app_pages/canvas.py")
            return at

        def bare() -> AppTest:
            return AppTest.from_file(str(bare_script), default_timeout=300)

        # Warm up both (imports, caches), then alternate so machine noise hits both alike.
        _time(board, 1)
        _time(bare, 1)
        board_times, bare_times = [], []
        for _ in range(repeat):
            board_times += _time(board, 1)
            bare_times += _time(bare, 1)
    b, f = statistics.median(board_times), statistics.median(bare_times)
    return {"notes": count, "board_s": b, "bare_s": f, "ratio_board_to_bare": b / f}
