"""Canvas › Overzicht in AppTest: the choice, its address, the 18 tiles and what a tile shows."""

from __future__ import annotations

from canvas.blocks import BLOCKS
from data.store import Store
from tests.apptest import page_text, run_app
from tests.demo_copy import load_demo


def _tiles(at) -> set[str]:
    return {b.key.removeprefix("ov_open_") for b in at.button if (b.key or "").startswith("ov_open_")}


def test_the_overview_shows_every_block_and_stays_chosen_through_reruns_and_a_reload(db_path):
    store = Store.open(f"sqlite:///{db_path}")
    load_demo(store)
    at = run_app(page="canvas", code="NEXT24")
    assert not at.exception and not _tiles(at)  # Details is the default
    at.button(key="canvas_view_overzicht").click().run()
    assert _tiles(at) == {b.id for b in BLOCKS}
    assert at.query_params["bord"] == "overzicht"
    # A new note: the live watcher reruns the whole page; the tile shows the newest note, the choice stays.
    _, token = store.join("NEXT24", name="Ilse", role="onderwijs")
    store.add_note(token, "kosten", "Reiskosten van de kandidaten")
    at.run()
    assert _tiles(at) == {b.id for b in BLOCKS} and "Reiskosten van de kandidaten" in page_text(at)
    # A reload (a new session) with the address the board wrote opens the overview again.
    again = run_app(page="canvas", code="NEXT24", bord="overzicht")
    assert _tiles(again) == {b.id for b in BLOCKS}
    # Back to Details, and a tile click opens focus mode on that block.
    at.button(key="canvas_view_details").click().run()
    assert not _tiles(at) and "bord" not in at.query_params
    again.button(key="ov_open_financiering").click().run()
    assert again.query_params["blok"] == "financiering" and "Hele canvas" in [b.label for b in again.button]
