"""The app starts on an empty database, loads the demo workshops, and the public board shows a demo board.

The app opens on Deelnemen (participants arrive there with a code); the board is the Canvas page.
"""

from __future__ import annotations

from data.store import Store
from tests.apptest import page_text, run_app


def test_the_app_starts_on_an_empty_database_with_the_demo_board(db_path):
    assert not run_app().exception
    at = run_app(page="canvas")
    assert not at.exception
    store = Store.open(f"sqlite:///{db_path}")
    # Four cases; Toekomst in de Techniek has three rondes.
    assert len(store.workshops()) == 6
    text = page_text(at)
    assert "Sociaal probleem / Sociale behoefte" in text and "Financiering (euro)" in text
    first = store.workshops()[0]
    assert all(n.text in text for n in store.notes(first.id))


def test_the_board_of_a_chosen_demo_workshop_shows_its_notes(db_path):
    at = run_app(page="canvas")
    store = Store.open(f"sqlite:///{db_path}")
    other = store.workshops()[2]
    at.selectbox(key="canvas_demo_code").set_value(other.code).run()
    assert not at.exception
    text = page_text(at)
    assert other.pps_name in text
    assert all(n.text in text for n in store.notes(other.id)[:5])
